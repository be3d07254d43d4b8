"""page revisions: what a thread or category page shows changed, for ETags

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-11 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, not a batch copy: the search index's triggers name `posts` and `threads`.
    for table in ('threads', 'categories'):
        op.add_column(table, sa.Column('revision', sa.Integer(), nullable=False, server_default='0'))
    for column in ('page_revision', 'read_revision'):
        op.add_column('users', sa.Column(column, sa.Integer(), nullable=False, server_default='0'))
    revisions = op.create_table(
        'revisions',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_revisions')),
    )
    op.bulk_insert(revisions, [{'name': 'people', 'value': 0}, {'name': 'categories', 'value': 0}])


def downgrade():
    op.drop_table('revisions')
    for column in ('read_revision', 'page_revision'):
        op.drop_column('users', column)
    for table in ('categories', 'threads'):
        op.drop_column(table, 'revision')
