"""quiet delivery: notifications held during quiet hours wait for delivered_at

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_notifications_delivered_at', ['delivered_at'], unique=False)
    # Everything written so far has already been delivered.
    op.execute(sa.text("UPDATE notifications SET delivered_at = created_at"))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_delivered_at')
        batch_op.drop_column('delivered_at')
