"""vote trust: who may vote in a poll, what each ballot's phone was (verified, in the room), and whether
the projector and minutes show the counts among verified and in-room phones

Revision ID: 9b3e7f2a4c10
Revises: 9b4e7c2a1d11
Create Date: 2026-12-04 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b3e7f2a4c10'
down_revision = '9b4e7c2a1d11'
branch_labels = None
depends_on = None


def upgrade():
    # A batch on events may rebuild the table: it keeps AUTOINCREMENT (0009: no id given twice).
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('show_trusted_counts', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voters', sa.String(length=8), server_default='everyone', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_polls_voters'), "voters IN ('everyone', 'verified', 'in_room')")
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('in_room', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_column('in_room')
        batch_op.drop_column('verified')
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_polls_voters'), type_='check')
        batch_op.drop_column('voters')
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('show_trusted_counts')
