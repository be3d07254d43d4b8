"""post topics: the reader filter topics a post touches, kept when it is written

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-09 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    # Posts already written keep NULL: readers' filters recognise them by their words.
    # Plain ALTER TABLE, not a batch copy: the search index's triggers name `posts`.
    op.add_column('posts', sa.Column('topics', sa.JSON(), nullable=True))


def downgrade():
    op.drop_column('posts', 'topics')
