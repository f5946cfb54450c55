"""events.tally_seq: the version of the room's tallies, for snapshots cached per state

Revision ID: 7b3e1c9d4a52
Revises: e6d5726e9755
Create Date: 2026-12-04 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b3e1c9d4a52'
down_revision = 'e6d5726e9755'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tally_seq', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('tally_seq')
