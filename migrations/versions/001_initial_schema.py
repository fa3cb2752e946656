"""Initial schema: every /v2 resource plus the engine's executions, scheduled jobs and outbox.

Revision ID: 001
Revises:
Create Date: 2026-12-04 15:26:57.600317
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "001"
down_revision = None
branch_labels = None
depends_on = None


def LONG_TEXT():  # noqa: N802
    return sa.Text().with_variant(mysql.LONGTEXT(), "mysql")


# JSON documents are stored as text; the models' JsonText type encodes them.
JSON_TEXT = LONG_TEXT


def TIMESTAMP():  # noqa: N802
    return sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "action_definitions_v2",
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("input", sa.Text(), nullable=True),
        sa.Column("action_class", sa.String(length=200), nullable=True),
        sa.Column("attributes", JSON_TEXT(), nullable=True),
        sa.Column("is_system", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("definition", LONG_TEXT(), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_act_def_name_ns_proj"),
    )
    with op.batch_alter_table("action_definitions_v2", schema=None) as batch_op:
        batch_op.create_index("ix_act_def_project_id", ["project_id"], unique=False)

    op.create_table(
        "code_sources",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("content", LONG_TEXT(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_code_src_name_ns_proj"),
    )
    op.create_table(
        "environments_v2",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("variables", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "project_id", name="uq_env_name_proj"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("method", sa.String(length=255), nullable=False),
        sa.Column("payload", JSON_TEXT(), nullable=True),
        sa.Column("execution_id", sa.String(length=36), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", TIMESTAMP(), nullable=False),
        sa.Column("sent_at", TIMESTAMP(), nullable=True),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_sent_available", ["sent_at", "available_at"], unique=False)

    op.create_table(
        "resource_members_v2",
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("member_id", sa.String(length=80), nullable=False),
        sa.Column("resource_id", sa.String(length=80), nullable=False),
        sa.Column("resource_type", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "resource_id", "resource_type", "member_id", name="uq_member_res_type_member"
        ),
    )
    op.create_table(
        "scheduled_jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("run_after", TIMESTAMP(), nullable=False),
        sa.Column("func_name", sa.String(length=255), nullable=False),
        sa.Column("func_args", JSON_TEXT(), nullable=True),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("execution_id", sa.String(length=36), nullable=True),
        sa.Column("captured_at", TIMESTAMP(), nullable=True),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scheduled_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_sched_job_key", ["key"], unique=False)
        batch_op.create_index("ix_sched_job_run_after", ["run_after"], unique=False)

    op.create_table(
        "workbooks_v2",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("definition", LONG_TEXT(), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_wb_name_ns_proj"),
    )
    with op.batch_alter_table("workbooks_v2", schema=None) as batch_op:
        batch_op.create_index("ix_wb_project_id", ["project_id"], unique=False)

    op.create_table(
        "workflow_definitions_v2",
        sa.Column("checksum", sa.String(length=32), nullable=True),
        sa.Column("is_system", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("definition", LONG_TEXT(), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_wf_def_name_ns_proj"),
    )
    with op.batch_alter_table("workflow_definitions_v2", schema=None) as batch_op:
        batch_op.create_index("ix_wf_def_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_wf_def_project_id", ["project_id"], unique=False)

    op.create_table(
        "workflow_executions_v2",
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("input", JSON_TEXT(), nullable=True),
        sa.Column("output", JSON_TEXT(), nullable=True),
        sa.Column("params", JSON_TEXT(), nullable=True),
        sa.Column("context", JSON_TEXT(), nullable=True),
        sa.Column("task_execution_id", sa.String(length=36), nullable=True),
        sa.Column("root_execution_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("workflow_name", sa.String(length=255), nullable=True),
        sa.Column("workflow_namespace", sa.String(length=255), nullable=True),
        sa.Column("workflow_id", sa.String(length=80), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=True),
        sa.Column("state_info", sa.Text(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("runtime_context", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workflow_executions_v2", schema=None) as batch_op:
        batch_op.create_index("ix_wf_ex_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_wf_ex_project_id", ["project_id"], unique=False)
        batch_op.create_index("ix_wf_ex_root_execution_id", ["root_execution_id"], unique=False)
        batch_op.create_index("ix_wf_ex_state", ["state"], unique=False)
        batch_op.create_index("ix_wf_ex_task_execution_id", ["task_execution_id"], unique=False)

    op.create_table(
        "cron_triggers_v2",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pattern", sa.String(length=100), nullable=True),
        sa.Column("first_execution_time", TIMESTAMP(), nullable=True),
        sa.Column("next_execution_time", TIMESTAMP(), nullable=False),
        sa.Column("remaining_executions", sa.Integer(), nullable=True),
        sa.Column("workflow_name", sa.String(length=255), nullable=True),
        sa.Column("workflow_id", sa.String(length=36), nullable=True),
        sa.Column("workflow_input", JSON_TEXT(), nullable=True),
        sa.Column("workflow_params", JSON_TEXT(), nullable=True),
        sa.Column("trust_id", sa.String(length=80), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflow_definitions_v2.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "project_id", name="uq_cron_name_proj"),
    )
    with op.batch_alter_table("cron_triggers_v2", schema=None) as batch_op:
        batch_op.create_index("ix_cron_next_execution_time", ["next_execution_time"], unique=False)

    op.create_table(
        "dynamic_action_definitions",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("class_name", sa.String(length=255), nullable=True),
        sa.Column("code_source_id", sa.String(length=36), nullable=False),
        sa.Column("code_source_name", sa.String(length=255), nullable=False),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.ForeignKeyConstraint(["code_source_id"], ["code_sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_dyn_act_name_ns_proj"),
    )
    op.create_table(
        "event_triggers_v2",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("workflow_id", sa.String(length=36), nullable=False),
        sa.Column("workflow_input", JSON_TEXT(), nullable=True),
        sa.Column("workflow_params", JSON_TEXT(), nullable=True),
        sa.Column("exchange", sa.String(length=255), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("event", sa.String(length=255), nullable=False),
        sa.Column("trust_id", sa.String(length=80), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflow_definitions_v2.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "exchange", "topic", "event", "workflow_id", "project_id", name="uq_evt_trigger"
        ),
    )
    op.create_table(
        "task_executions_v2",
        sa.Column("workflow_execution_id", sa.String(length=36), nullable=False),
        sa.Column("action_spec", JSON_TEXT(), nullable=True),
        sa.Column("unique_key", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=10), nullable=True),
        sa.Column("started_at", TIMESTAMP(), nullable=True),
        sa.Column("finished_at", TIMESTAMP(), nullable=True),
        sa.Column("processed", sa.Boolean(), nullable=False),
        sa.Column("has_next_tasks", sa.Boolean(), nullable=False),
        sa.Column("error_handled", sa.Boolean(), nullable=False),
        sa.Column("in_context", JSON_TEXT(), nullable=True),
        sa.Column("published", JSON_TEXT(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("workflow_name", sa.String(length=255), nullable=True),
        sa.Column("workflow_namespace", sa.String(length=255), nullable=True),
        sa.Column("workflow_id", sa.String(length=80), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=True),
        sa.Column("state_info", sa.Text(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("runtime_context", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workflow_execution_id"], ["workflow_executions_v2.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("task_executions_v2", schema=None) as batch_op:
        batch_op.create_index("ix_task_ex_project_id", ["project_id"], unique=False)
        batch_op.create_index("ix_task_ex_state", ["state"], unique=False)
        batch_op.create_index("ix_task_ex_unique_key", ["unique_key"], unique=False)
        batch_op.create_index("ix_task_ex_wf_ex_id", ["workflow_execution_id"], unique=False)

    op.create_table(
        "action_executions_v2",
        sa.Column("task_execution_id", sa.String(length=36), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("is_sync", sa.Boolean(), nullable=False),
        sa.Column("input", JSON_TEXT(), nullable=True),
        sa.Column("output", JSON_TEXT(), nullable=True),
        sa.Column("last_heartbeat", TIMESTAMP(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("workflow_name", sa.String(length=255), nullable=True),
        sa.Column("workflow_namespace", sa.String(length=255), nullable=True),
        sa.Column("workflow_id", sa.String(length=80), nullable=True),
        sa.Column("spec", JSON_TEXT(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=True),
        sa.Column("state_info", sa.Text(), nullable=True),
        sa.Column("tags", JSON_TEXT(), nullable=True),
        sa.Column("runtime_context", JSON_TEXT(), nullable=True),
        sa.Column("project_id", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", TIMESTAMP(), nullable=False),
        sa.Column("updated_at", TIMESTAMP(), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_execution_id"], ["task_executions_v2.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_executions_v2", schema=None) as batch_op:
        batch_op.create_index("ix_action_ex_project_id", ["project_id"], unique=False)
        batch_op.create_index("ix_action_ex_state", ["state"], unique=False)
        batch_op.create_index("ix_action_ex_task_ex_id", ["task_execution_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes; children go before the tables they reference.
    for table in (
        "outbox",
        "scheduled_jobs",
        "event_triggers_v2",
        "cron_triggers_v2",
        "action_executions_v2",
        "task_executions_v2",
        "workflow_executions_v2",
        "resource_members_v2",
        "dynamic_action_definitions",
        "code_sources",
        "environments_v2",
        "action_definitions_v2",
        "workbooks_v2",
        "workflow_definitions_v2",
    ):
        op.drop_table(table)
