"""care conversations: a member and the moderation team in private; queue items
may have no post, link to their conversation and keep the moderator's message

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('care_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('about', sa.String(length=8), nullable=False),
    sa.Column('started_by', sa.String(length=8), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_message_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_care_conversations_member_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_care_conversations_post_id_posts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_conversations'))
    )
    with op.batch_alter_table('care_conversations', schema=None) as batch_op:
        batch_op.create_index('ix_care_conversations_member_id', ['member_id'], unique=False)

    op.create_table('care_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_team', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_care_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['care_conversations.id'], name=op.f('fk_care_messages_conversation_id_care_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_messages'))
    )
    with op.batch_alter_table('care_messages', schema=None) as batch_op:
        batch_op.create_index('ix_care_messages_conversation_id', ['conversation_id', 'id'], unique=False)

    # SQLite can't loosen NOT NULL in place: the batch rebuilds queue_items with its rows and indexes.
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.alter_column('post_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('conversation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolution_message', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(op.f('fk_queue_items_conversation_id_care_conversations'), 'care_conversations',
                                    ['conversation_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_queue_items_conversation_id', ['conversation_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_notifications_conversation_id_care_conversations'), 'care_conversations',
                                    ['conversation_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_notifications_conversation_id_care_conversations'), type_='foreignkey')
        batch_op.drop_column('conversation_id')

    # Items without a post can't exist in the older schema.
    op.execute("DELETE FROM queue_items WHERE post_id IS NULL")
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_items_conversation_id')
        batch_op.drop_constraint(op.f('fk_queue_items_conversation_id_care_conversations'), type_='foreignkey')
        batch_op.drop_column('resolution_message')
        batch_op.drop_column('conversation_id')
        batch_op.alter_column('post_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('care_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_care_messages_conversation_id')
    op.drop_table('care_messages')
    with op.batch_alter_table('care_conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_care_conversations_member_id')
    op.drop_table('care_conversations')
