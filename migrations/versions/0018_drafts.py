"""drafts: replies and new threads being written; a withdrawal its author can undo

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('content_warning', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_drafts_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_drafts_thread_id_threads'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_drafts_category_id_categories'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts')),
    sa.UniqueConstraint('user_id', 'thread_id', name='uq_drafts_user_thread'),
    sa.UniqueConstraint('user_id', 'category_id', name='uq_drafts_user_category')
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index('ix_drafts_updated_at', ['updated_at'], unique=False)
    # Plain ALTER TABLE, not a batch copy: the search index's triggers name `posts`.
    op.add_column('posts', sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
    op.add_column('posts', sa.Column('withdrawn_from', sa.String(length=16), nullable=True))


def downgrade():
    op.drop_column('posts', 'withdrawn_from')
    op.drop_column('posts', 'withdrawn_at')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_drafts_updated_at')

    op.drop_table('drafts')
