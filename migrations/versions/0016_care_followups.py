"""care follow-ups: a check on a member the team owes after a crisis closed with care

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('care_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('after_item_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=True),
    sa.Column('raised_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_care_followups_member_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['after_item_id'], ['queue_items.id'],
                            name=op.f('fk_care_followups_after_item_id_queue_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_item_id'], ['queue_items.id'],
                            name=op.f('fk_care_followups_raised_item_id_queue_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_followups'))
    )
    with op.batch_alter_table('care_followups', schema=None) as batch_op:
        batch_op.create_index('ix_care_followups_due', ['raised_at', 'due_at'], unique=False)


def downgrade():
    with op.batch_alter_table('care_followups', schema=None) as batch_op:
        batch_op.drop_index('ix_care_followups_due')

    op.drop_table('care_followups')
