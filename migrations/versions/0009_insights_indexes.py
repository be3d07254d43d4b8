"""insights indexes: counting by day over posts, queue items, flags and applications

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 05:05:47.800289

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_applications_created_at', 'applications', ['created_at']),
    ('ix_applications_decided_at', 'applications', ['decided_at']),
    ('ix_flags_created_at', 'flags', ['created_at']),
    ('ix_posts_created_at', 'posts', ['created_at', 'position', 'author_id']),
    ('ix_queue_items_first_at', 'queue_items', ['first_at']),
    ('ix_queue_items_claimed_at', 'queue_items', ['claimed_at']),
    ('ix_queue_items_resolved_at', 'queue_items', ['resolved_at']),
]


def upgrade():
    # Plain CREATE INDEX: no table is rebuilt, so the search triggers stay as they are.
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
