"""memorials: memorial threads for members who died, and their staff checklist

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'memorials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('thread_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=True),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_memorials_member_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_memorials_opened_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_memorials_thread_id_threads'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_memorials')),
        sa.UniqueConstraint('thread_id', name=op.f('uq_memorials_thread_id')),
    )
    op.create_index('ix_memorials_member_id', 'memorials', ['member_id'], unique=False)
    op.create_table(
        'memorial_checks',
        sa.Column('memorial_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=32), nullable=False),
        sa.Column('done_by_id', sa.Integer(), nullable=True),
        sa.Column('done_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_memorial_checks_done_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['memorial_id'], ['memorials.id'],
                                name=op.f('fk_memorial_checks_memorial_id_memorials'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('memorial_id', 'item', name=op.f('pk_memorial_checks')),
    )


def downgrade():
    op.drop_table('memorial_checks')
    op.drop_index('ix_memorials_member_id', table_name='memorials')
    op.drop_table('memorials')
