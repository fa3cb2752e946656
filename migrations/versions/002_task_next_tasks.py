"""Task executions remember the transitions they fired (next_tasks).

Revision ID: 002
Revises: 001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "002"
down_revision = "001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_executions_v2") as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_tasks", sa.Text().with_variant(mysql.LONGTEXT(), "mysql"), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("task_executions_v2") as batch_op:
        batch_op.drop_column("next_tasks")
