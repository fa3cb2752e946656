"""Task executions as the API sees them: the task result, global publishes, sub-executions
and the rerun/skip request handed to the engine.

``task_result`` is the one definition of a task's result (dsl-v2 §17); the engine reuses it.
"""

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, expressions
from mistral_engine.engine import views as engine_views
from mistral_engine.services import execution_tree


def not_found(task_id) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(f"Task execution not found [id={task_id}]")


def find(session, ctx, task_id) -> models.TaskExecution:
    row = db_api.get_by_id(session, models.TaskExecution, ctx.caller, task_id)
    if row is None:
        raise not_found(task_id)
    return row


def _accepted(session, model, task_id: str) -> list:
    stmt = sa.select(model).where(model.task_execution_id == task_id, model.accepted.is_(True))
    return list(session.execute(stmt).scalars())


def task_result(session, task_ex):
    """The task's result (dsl-v2 §17), computed as the engine computes it."""
    return engine_views.task_result(
        task_ex,
        _accepted(session, models.ActionExecution, task_ex.id),
        _accepted(session, models.WorkflowExecution, task_ex.id),
    )


def _datetime(value):
    return value.replace(microsecond=0).isoformat(" ") if value is not None else None


class _TaskFunctions:
    """What task() and execution() read while evaluating one finished task's publishes."""

    def __init__(self, task_ex, wf_ex, result):
        self._task, self._wf_ex, self._result = task_ex, wf_ex, result

    def task(self, name=None):
        if name not in (None, self._task.name):
            return None
        t = self._task
        return {
            "id": t.id,
            "name": t.name,
            "spec": t.spec,
            "state": t.state,
            "state_info": t.state_info,
            "result": self._result,
            "published": t.published,
            "type": t.type,
            "workflow_execution_id": t.workflow_execution_id,
            "created_at": _datetime(t.created_at),
            "updated_at": _datetime(t.updated_at),
        }

    def tasks(self, workflow_execution_id=None, recursive=False, state=None, flat=False):
        return []

    def execution(self):
        wf = self._wf_ex
        return {
            "id": wf.id,
            "name": wf.name or wf.workflow_name,
            "spec": wf.spec,
            "input": wf.input,
            "params": wf.params,
            "state": wf.state,
            "state_info": wf.state_info,
            "created_at": _datetime(wf.created_at),
            "updated_at": _datetime(wf.updated_at),
        }

    def executions(self, id=None, root_execution_id=None, state=None, from_time=None, to_time=None):
        return []

    def global_(self, name):
        return (self._wf_ex.context or {}).get(name)


def _global_publish_spec(task_ex) -> dict | None:
    clause_name = {"SUCCESS": "on-success", "ERROR": "on-error"}.get(task_ex.state)
    clause = (task_ex.spec or {}).get(clause_name) if clause_name else None
    publish = clause.get("publish") if isinstance(clause, dict) else None
    return publish.get("global") if isinstance(publish, dict) else None


def published_global(session, task_ex, result) -> dict | None:
    """The globally published variables of a finished task, evaluated again as Mistral's
    API does; None when it publishes nothing globally or they cannot be evaluated."""
    global_vars = _global_publish_spec(task_ex)
    if not global_vars:
        return None
    wf_ex = session.get(models.WorkflowExecution, task_ex.workflow_execution_id)
    if wf_ex is None:
        return None
    env = (wf_ex.params or {}).get("env") or {}
    context = expressions.ContextView(
        {"__task_execution": {"id": task_ex.id, "name": task_ex.name}},
        task_ex.in_context or {},
        {"__env": env},
        wf_ex.context or {},
        wf_ex.input or {},
    )
    try:
        return expressions.evaluate(global_vars, context, _TaskFunctions(task_ex, wf_ex, result))
    except exceptions.MistralException:
        return None


def get_task(ctx, task_id):
    """The task row, its result and its global publishes (None if it has none)."""
    with db_session.transaction(read_only=True) as session:
        row = find(session, ctx, task_id)
        result = task_result(session, row)
        return row, result, published_global(session, row, result)


def sub_executions(ctx, task_id, *, errors_only=False, max_depth=-1) -> list:
    with db_session.transaction(read_only=True) as session:
        row = find(session, ctx, task_id)
        return execution_tree.task_sub_executions(
            session, row, errors_only=errors_only, max_depth=max_depth
        )


def rerun_task(ctx, engine, task_id, *, state, reset, env=None, name=None, workflow_name=None):
    """PUT /v2/tasks/{id}: rerun (RUNNING) or skip (SKIPPED) a task in ERROR.

    ``reset`` is None when the body did not carry it."""
    with db_session.transaction(read_only=True) as session:
        row = find(session, ctx, task_id)
        if name and name != row.name:
            raise exceptions.WorkflowException("Task name does not match.")
        wf_ex = session.get(models.WorkflowExecution, row.workflow_execution_id)
        wf_name = (wf_ex.name or wf_ex.workflow_name) if wf_ex is not None else None
    if workflow_name and workflow_name != wf_name:
        raise exceptions.WorkflowException("Workflow name does not match.")
    if state not in ("RUNNING", "SKIPPED"):
        raise exceptions.WorkflowException(
            "Invalid task state. Only updating task to RUNNING or SKIPPED is supported."
        )
    if row.state != "ERROR":
        raise exceptions.WorkflowException(
            "The current task execution must be in ERROR for rerun. "
            "Only updating task to rerun is supported."
        )
    if state == "RUNNING":
        if reset is None:
            raise exceptions.WorkflowException("Reset field is mandatory to rerun task.")
        if not engine_views.is_with_items(row) and not reset:
            raise exceptions.WorkflowException("Only with-items task has the option to not reset.")
    engine.rerun_workflow(
        ctx, row.id, reset=bool(reset), skip=(state == "SKIPPED"), env=env or None
    )
    return get_task(ctx, task_id)
