"""anonymous posts: categories that allow them, and posts and threads written so

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, not a batch copy: the search index's triggers name `posts` and `threads`.
    op.add_column('categories', sa.Column('allow_anonymous', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('threads', sa.Column('anonymous', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('posts', sa.Column('anonymous', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column('posts', 'anonymous')
    op.drop_column('threads', 'anonymous')
    op.drop_column('categories', 'allow_anonymous')
