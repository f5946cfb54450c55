"""operations: the log of moderation, team, minutes and archive actions

Revision ID: 3f8a2d6c1b07
Revises: 7b3e1c9d4a52
Create Date: 2026-12-04 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f8a2d6c1b07'
down_revision = '7b3e1c9d4a52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_operations_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_operations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operations'))
    )
    with op.batch_alter_table('operations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operations_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('operations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operations_event_id'))
    op.drop_table('operations')
