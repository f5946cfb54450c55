"""languages, time zones and branding: each event's language and IANA time zone, its accent colour,
and its logo in a table of its own

Revision ID: 7a3d91c4e0f2
Revises: 5c7e2a91d3b4
Create Date: 2026-12-05 05:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a3d91c4e0f2'
down_revision = '5c7e2a91d3b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=12), server_default='en', nullable=False))
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False))
        batch_op.add_column(sa.Column('accent_color', sa.String(length=7), nullable=True))
    op.create_table(
        'event_logos',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=32), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('digest', sa.String(length=16), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_logos_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_logos')),
    )


def downgrade():
    op.drop_table('event_logos')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('accent_color')
        batch_op.drop_column('timezone')
        batch_op.drop_column('language')
