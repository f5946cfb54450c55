"""event settings: open-text poll answers shown without approval, and the speaker's timer started on the call

Revision ID: 9b2e4f7a1c38
Revises: 3f8a6c1d2b70
Create Date: 2026-12-05 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b2e4f7a1c38'
down_revision = '3f8a6c1d2b70'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('show_text_answers', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('auto_start_speaker_timer', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('auto_start_speaker_timer')
        batch_op.drop_column('show_text_answers')
