"""read positions: how far each member has read each thread

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('read_positions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_read_positions_user_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_read_positions_thread_id_threads'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_read_positions'))
    )
    with op.batch_alter_table('read_positions', schema=None) as batch_op:
        batch_op.create_index('ix_read_positions_thread_id', ['thread_id'], unique=False)


def downgrade():
    with op.batch_alter_table('read_positions', schema=None) as batch_op:
        batch_op.drop_index('ix_read_positions_thread_id')

    op.drop_table('read_positions')
