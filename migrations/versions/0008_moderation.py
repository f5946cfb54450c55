"""moderation: bans, the event's blocklist, the term that held a question

Revision ID: 9a4c2e7b5d18
Revises: 5c1d9e7a2f30
Create Date: 2026-12-04 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a4c2e7b5d18'
down_revision = '5c1d9e7a2f30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('author_tag', sa.String(length=64), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('hid', sa.JSON(), nullable=False),
    sa.CheckConstraint('attendee_id IS NOT NULL OR author_tag IS NOT NULL', name=op.f('ck_bans_keyed')),
    sa.CheckConstraint("reason IN ('off_topic', 'duplicate', 'offensive', 'personal_data', 'spam', 'other')",
                       name=op.f('ck_bans_reason')),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_bans_attendee_id_attendees'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_bans_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_bans_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_bans_question_id_questions'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bans')),
    sa.UniqueConstraint('event_id', 'attendee_id', name='uq_bans_event_attendee'),
    sa.UniqueConstraint('event_id', 'author_tag', name='uq_bans_event_author_tag')
    )
    with op.batch_alter_table('bans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bans_event_id'), ['event_id'], unique=False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocklist', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('default_blocklist', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocklist_term', sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('blocklist_term')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('default_blocklist')
        batch_op.drop_column('blocklist')
    with op.batch_alter_table('bans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bans_event_id'))
    op.drop_table('bans')
