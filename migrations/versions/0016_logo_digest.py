"""branding: the event's logo digest on its row, so its pages name the logo's URL without reading the image

Revision ID: 3f8a6c1d2b70
Revises: 0e4b7c2d9a15
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f8a6c1d2b70'
down_revision = '0e4b7c2d9a15'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo_digest', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('logo_digest')
