"""presence per process: each organizer socket's row names the server process holding it

A restart clears that process's rows only; rows of a process that stopped heartbeating are cleared by
any other. Rows already there (from before) get the empty name, which every restart clears.

Revision ID: 5c7e2a91d3b4
Revises: 0e94129e6e61
Create Date: 2026-12-05 00:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c7e2a91d3b4'
down_revision = '0e94129e6e61'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process', sa.String(length=64), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_connections_process'), ['process'], unique=False)


def downgrade():
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connections_process'))
        batch_op.drop_column('process')
