"""out of hours: a member's posts held for review until a moderator lifts it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lift_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id'], name=op.f('fk_review_holds_lifted_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_holds_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_holds'))
    )
    with op.batch_alter_table('review_holds', schema=None) as batch_op:
        batch_op.create_index('ix_review_holds_user_id', ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_holds', schema=None) as batch_op:
        batch_op.drop_index('ix_review_holds_user_id')

    op.drop_table('review_holds')
