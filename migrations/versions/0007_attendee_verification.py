"""attendees: how each phone joined (open, passcode, one-time code) and when it was seen in the room

Revision ID: 5c1d9e7a2f30
Revises: 3f8a2d6c1b07
Create Date: 2026-12-04 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d9e7a2f30'
down_revision = '3f8a2d6c1b07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_with', sa.String(length=12), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('in_room_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_attendees_joined_with'), "joined_with IN ('open', 'passcode', 'code')")


def downgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attendees_joined_with'), type_='check')
        batch_op.drop_column('in_room_at')
        batch_op.drop_column('joined_with')
