"""idempotency keys of the phones' questions: questions.client_key, unique per event and asking phone

A phone sends a random key with each question; a retry after a lost answer finds the question stored
instead of adding a second one. Votes need no key stored: their own unique (question, attendee) pair
makes a repeated vote harmless (services/vote_batches.py).

Revision ID: 0e4b7c2d9a15
Revises: 7a3d91c4e0f2
Create Date: 2026-12-05 05:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0e4b7c2d9a15'
down_revision = '7a3d91c4e0f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_questions_client_key'),
                                          ['event_id', 'author_tag', 'client_key'])


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_questions_client_key'), type_='unique')
        batch_op.drop_column('client_key')
