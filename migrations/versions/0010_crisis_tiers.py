"""crisis tiers: queue items carry the tier and the sentences that decided it

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 18:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch rebuild): queue_items keeps its rows and indexes.
    op.add_column('queue_items', sa.Column('tier', sa.String(length=8), nullable=True))
    op.add_column('queue_items', sa.Column('evidence', sa.JSON(), nullable=True))
    # Crisis items raised before tiers existed were all treated as urgent.
    op.execute("UPDATE queue_items SET tier = 'urgent', severity = 3 WHERE kind = 'crisis'")


def downgrade():
    op.execute("UPDATE queue_items SET severity = 2 WHERE kind = 'crisis'")
    with op.batch_alter_table('queue_items') as batch_op:
        batch_op.drop_column('evidence')
        batch_op.drop_column('tier')
