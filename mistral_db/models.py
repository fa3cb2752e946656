"""SQLAlchemy models for every resource of the /v2 API and the engine's own tables.

Tables are created only by the alembic migrations in ``migrations/``; these classes
describe them for queries. JSON values are stored as text (``JsonText``) so the same
schema works on SQLite, PostgreSQL and MySQL/MariaDB.
"""

import datetime
import json
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class JsonText(sa.types.TypeDecorator):
    """A JSON document kept in a text column (LONGTEXT on MySQL)."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "mysql":
            return dialect.type_descriptor(mysql.LONGTEXT())
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return json.dumps(value, separators=(",", ":"), sort_keys=False)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return json.loads(value)


def LongText():  # noqa: N802 - reads like a type
    return sa.Text().with_variant(mysql.LONGTEXT(), "mysql")


def Timestamp():  # noqa: N802
    return sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")


class Base(DeclarativeBase):
    pass


class _Resource:
    """Columns every resource has: a UUID id and creation/update times."""

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime.datetime] = mapped_column(Timestamp(), default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        Timestamp(), nullable=True, onupdate=utcnow
    )


class _Secure(_Resource):
    """A resource owned by a project and visible to others only when public."""

    project_id: Mapped[str] = mapped_column(sa.String(80), default="<default-project>")
    scope: Mapped[str] = mapped_column(sa.String(80), default="private")


class _Definition(_Secure):
    name: Mapped[str] = mapped_column(sa.String(255))
    namespace: Mapped[str] = mapped_column(sa.String(255), default="")
    definition: Mapped[str | None] = mapped_column(LongText(), nullable=True)
    spec: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    tags: Mapped[list | None] = mapped_column(JsonText(), nullable=True)


class WorkflowDefinition(_Definition, Base):
    __tablename__ = "workflow_definitions_v2"
    __table_args__ = (
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_wf_def_name_ns_proj"),
        sa.Index("ix_wf_def_project_id", "project_id"),
        sa.Index("ix_wf_def_created_at", "created_at"),
    )
    unique_label = ("WorkflowDefinition", ["name", "namespace", "project_id"])

    checksum: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    is_system: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class WorkbookDefinition(_Definition, Base):
    __tablename__ = "workbooks_v2"
    __table_args__ = (
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_wb_name_ns_proj"),
        sa.Index("ix_wb_project_id", "project_id"),
    )
    unique_label = ("WorkbookDefinition", ["name", "namespace", "project_id"])


class ActionDefinition(_Definition, Base):
    __tablename__ = "action_definitions_v2"
    __table_args__ = (
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_act_def_name_ns_proj"),
        sa.Index("ix_act_def_project_id", "project_id"),
    )
    unique_label = ("Action", ["name", "namespace", "project_id"])

    description: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    input: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    action_class: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    attributes: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    is_system: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Environment(_Secure, Base):
    __tablename__ = "environments_v2"
    __table_args__ = (sa.UniqueConstraint("name", "project_id", name="uq_env_name_proj"),)
    unique_label = ("Environment", ["name", "project_id"])

    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    variables: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)


class CodeSource(_Secure, Base):
    __tablename__ = "code_sources"
    __table_args__ = (
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_code_src_name_ns_proj"),
    )
    unique_label = ("CodeSource", ["name", "namespace", "project_id"])

    name: Mapped[str] = mapped_column(sa.String(255))
    namespace: Mapped[str] = mapped_column(sa.String(255), default="")
    content: Mapped[str] = mapped_column(LongText())
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    tags: Mapped[list | None] = mapped_column(JsonText(), nullable=True)


class DynamicActionDefinition(_Secure, Base):
    __tablename__ = "dynamic_action_definitions"
    __table_args__ = (
        sa.UniqueConstraint("name", "namespace", "project_id", name="uq_dyn_act_name_ns_proj"),
    )
    unique_label = ("DynamicActionDefinition", ["name", "namespace", "project_id"])
    duplicate_format = (
        "Duplicate entry for dynamic action definition "
        "[name={name}, namespace={namespace}, project_id={project_id}]"
    )

    name: Mapped[str] = mapped_column(sa.String(255))
    namespace: Mapped[str] = mapped_column(sa.String(255), default="")
    class_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    code_source_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("code_sources.id", ondelete="CASCADE")
    )
    code_source_name: Mapped[str] = mapped_column(sa.String(255))


class ResourceMember(_Resource, Base):
    __tablename__ = "resource_members_v2"
    __table_args__ = (
        sa.UniqueConstraint(
            "resource_id", "resource_type", "member_id", name="uq_member_res_type_member"
        ),
    )
    unique_label = ("ResourceMember", ["resource_id", "resource_type", "member_id"])

    project_id: Mapped[str] = mapped_column(sa.String(80))
    member_id: Mapped[str] = mapped_column(sa.String(80))
    resource_id: Mapped[str] = mapped_column(sa.String(80))
    resource_type: Mapped[str] = mapped_column(sa.String(50), default="workflow")
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")


class _Execution(_Secure):
    """Columns shared by workflow, task and action executions."""

    name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    description: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    workflow_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    workflow_namespace: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    workflow_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)
    spec: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    state: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    state_info: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    tags: Mapped[list | None] = mapped_column(JsonText(), nullable=True)
    runtime_context: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)


class WorkflowExecution(_Execution, Base):
    __tablename__ = "workflow_executions_v2"
    __table_args__ = (
        sa.Index("ix_wf_ex_project_id", "project_id"),
        sa.Index("ix_wf_ex_state", "state"),
        sa.Index("ix_wf_ex_root_execution_id", "root_execution_id"),
        sa.Index("ix_wf_ex_task_execution_id", "task_execution_id"),
        sa.Index("ix_wf_ex_created_at", "created_at"),
    )
    unique_label = ("WorkflowExecution", ["id"])

    accepted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    input: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    output: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    params: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    context: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    task_execution_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    root_execution_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)


class TaskExecution(_Execution, Base):
    __tablename__ = "task_executions_v2"
    __table_args__ = (
        sa.Index("ix_task_ex_wf_ex_id", "workflow_execution_id"),
        sa.Index("ix_task_ex_state", "state"),
        sa.Index("ix_task_ex_unique_key", "unique_key"),
        sa.Index("ix_task_ex_project_id", "project_id"),
    )
    unique_label = ("TaskExecution", ["id"])

    workflow_execution_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("workflow_executions_v2.id", ondelete="CASCADE")
    )
    action_spec: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    unique_key: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    type: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    started_at: Mapped[datetime.datetime | None] = mapped_column(Timestamp(), nullable=True)
    finished_at: Mapped[datetime.datetime | None] = mapped_column(Timestamp(), nullable=True)
    processed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    has_next_tasks: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    error_handled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    in_context: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    published: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    next_tasks: Mapped[list | None] = mapped_column(JsonText(), nullable=True)

    # Never loaded; declared so the unit of work inserts parents before children.
    workflow_execution = relationship("WorkflowExecution")


class ActionExecution(_Execution, Base):
    __tablename__ = "action_executions_v2"
    __table_args__ = (
        sa.Index("ix_action_ex_task_ex_id", "task_execution_id"),
        sa.Index("ix_action_ex_state", "state"),
        sa.Index("ix_action_ex_project_id", "project_id"),
    )
    unique_label = ("ActionExecution", ["id"])

    task_execution_id: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey("task_executions_v2.id", ondelete="CASCADE"), nullable=True
    )
    accepted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    is_sync: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    input: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    output: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    last_heartbeat: Mapped[datetime.datetime | None] = mapped_column(Timestamp(), nullable=True)

    task_execution = relationship("TaskExecution")


class CronTrigger(_Secure, Base):
    __tablename__ = "cron_triggers_v2"
    __table_args__ = (
        sa.UniqueConstraint("name", "project_id", name="uq_cron_name_proj"),
        sa.Index("ix_cron_next_execution_time", "next_execution_time"),
    )
    unique_label = ("CronTrigger", ["name", "project_id"])
    duplicate_format = (
        "Duplicate entry for cron trigger ['name', 'project_id']: {name}, {project_id}"
    )

    name: Mapped[str] = mapped_column(sa.String(200))
    pattern: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    first_execution_time: Mapped[datetime.datetime | None] = mapped_column(
        Timestamp(), nullable=True
    )
    next_execution_time: Mapped[datetime.datetime] = mapped_column(Timestamp())
    remaining_executions: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    workflow_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    workflow_id: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey("workflow_definitions_v2.id"), nullable=True
    )
    workflow_input: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    workflow_params: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    trust_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)


class EventTrigger(_Secure, Base):
    __tablename__ = "event_triggers_v2"
    __table_args__ = (
        sa.UniqueConstraint(
            "exchange", "topic", "event", "workflow_id", "project_id", name="uq_evt_trigger"
        ),
    )
    unique_label = ("EventTrigger", ["exchange", "topic", "event", "workflow_id", "project_id"])

    name: Mapped[str] = mapped_column(sa.String(200))
    workflow_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("workflow_definitions_v2.id")
    )
    workflow_input: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    workflow_params: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    exchange: Mapped[str] = mapped_column(sa.String(255))
    topic: Mapped[str] = mapped_column(sa.String(255))
    event: Mapped[str] = mapped_column(sa.String(255))
    trust_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)


class ScheduledJob(Base):
    """A durable delayed call: run ``func_name(**func_args)`` after ``run_after``."""

    __tablename__ = "scheduled_jobs"
    __table_args__ = (
        sa.Index("ix_sched_job_run_after", "run_after"),
        sa.Index("ix_sched_job_key", "key"),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    run_after: Mapped[datetime.datetime] = mapped_column(Timestamp())
    func_name: Mapped[str] = mapped_column(sa.String(255))
    func_args: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    key: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    execution_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    captured_at: Mapped[datetime.datetime | None] = mapped_column(Timestamp(), nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(Timestamp(), default=utcnow)


class OutboxMessage(Base):
    """An RPC message written in the engine's transaction and sent after commit."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_sent_available", "sent_at", "available_at"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    topic: Mapped[str] = mapped_column(sa.String(255))
    method: Mapped[str] = mapped_column(sa.String(255))
    payload: Mapped[dict | None] = mapped_column(JsonText(), nullable=True)
    execution_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    available_at: Mapped[datetime.datetime] = mapped_column(Timestamp(), default=utcnow)
    sent_at: Mapped[datetime.datetime | None] = mapped_column(Timestamp(), nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(Timestamp(), default=utcnow)
