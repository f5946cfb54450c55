"""events: how phones join (open, passcode, one-time codes) and the in-room QR; attendee codes

Revision ID: 8d2f4b6a9c13
Revises: 9b3e7f2a4c10
Create Date: 2026-12-04 17:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2f4b6a9c13'
down_revision = '9b3e7f2a4c10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('join_mode', sa.String(length=12), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('passcode', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('room_check', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_events_join_mode'), "join_mode IN ('open', 'passcode', 'codes')")
    op.create_table('attendee_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=True),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_attendee_codes_attendee_id_attendees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendee_codes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendee_codes')),
    sa.UniqueConstraint('attendee_id', name=op.f('uq_attendee_codes_attendee_id')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_attendee_codes_code_hash')),
    sa.UniqueConstraint('event_id', 'number', name=op.f('uq_attendee_codes_event_id'))
    )
    with op.batch_alter_table('attendee_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendee_codes_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendee_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendee_codes_event_id'))
    op.drop_table('attendee_codes')
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_join_mode'), type_='check')
        batch_op.drop_column('room_check')
        batch_op.drop_column('passcode')
        batch_op.drop_column('join_mode')
