"""search index: FTS5 on SQLite, tsvector and GIN on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 03:20:00

"""
from alembic import op

from forum.search import schema

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    schema.install(op.get_bind())


def downgrade():
    schema.uninstall(op.get_bind())
