"""privacy: an event's retention of attendee identities, its privacy contact; votes outlive their voter's identity

Revision ID: 9b4e7c2a1d11
Revises: 9a4c2e7b5d18
Create Date: 2026-12-04 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b4e7c2a1d11'
down_revision = '9a4c2e7b5d18'
branch_labels = None
depends_on = None


def upgrade():
    # Recreated with AUTOINCREMENT on SQLite: a deleted event's id is never given to another (PostgreSQL's
    # sequence never gives an id twice: plain ALTERs there).
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('events', schema=None, recreate='always' if sqlite else 'auto',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='30', nullable=True))
        batch_op.add_column(sa.Column('privacy_contact', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('forgotten_attendees', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('identities_deleted_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_events_retention_days'),
                                         'retention_days IS NULL OR retention_days >= 0')

    # A vote keeps counting once retention deletes its voter's identity: SET NULL, not CASCADE.
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_votes_attendee_id_attendees', type_='foreignkey')
        batch_op.alter_column('attendee_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_votes_attendee_id_attendees'), 'attendees', ['attendee_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    op.execute('DELETE FROM votes WHERE attendee_id IS NULL')
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_votes_attendee_id_attendees', type_='foreignkey')
        batch_op.alter_column('attendee_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_votes_attendee_id_attendees'), 'attendees', ['attendee_id'], ['id'],
                                    ondelete='CASCADE')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_retention_days'), type_='check')
        batch_op.drop_column('identities_deleted_at')
        batch_op.drop_column('forgotten_attendees')
        batch_op.drop_column('privacy_contact')
        batch_op.drop_column('retention_days')
