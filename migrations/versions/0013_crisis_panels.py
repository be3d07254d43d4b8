"""crisis panels: help stays under a writer's crisis post for a day, until closed

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('crisis_panels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('dismissed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_crisis_panels_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_crisis_panels_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crisis_panels'))
    )
    with op.batch_alter_table('crisis_panels', schema=None) as batch_op:
        batch_op.create_index('ix_crisis_panels_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_crisis_panels_user_id', ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('crisis_panels', schema=None) as batch_op:
        batch_op.drop_index('ix_crisis_panels_user_id')
        batch_op.drop_index('ix_crisis_panels_created_at')

    op.drop_table('crisis_panels')
