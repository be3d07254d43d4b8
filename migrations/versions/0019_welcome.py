"""welcome: when a member closed the welcome shown after their approval

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('welcome_dismissed_at', sa.DateTime(), nullable=True))
    # Everyone already here has found their way: the welcome is for those approved from now on.
    op.execute(sa.text("UPDATE users SET welcome_dismissed_at = created_at"))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('welcome_dismissed_at')
