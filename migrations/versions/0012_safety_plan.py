"""safety plan: a member's own plan for hard moments, one row per member

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SECTIONS = ('warning_signs', 'coping_strategies', 'social_distractions', 'people_to_ask', 'professionals',
            'safe_environment', 'reasons_for_living')


def upgrade():
    op.create_table('safety_plans',
    sa.Column('user_id', sa.Integer(), nullable=False),
    *[sa.Column(section, sa.Text(), nullable=False) for section in SECTIONS],
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_safety_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_safety_plans'))
    )


def downgrade():
    op.drop_table('safety_plans')
