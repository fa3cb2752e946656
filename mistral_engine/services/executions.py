"""Workflow executions as the API sees them: reads, checks before the engine starts or
changes one, and cascading deletes (the tree below an execution and its report are
``services.execution_tree``'s).

Starting, pausing, resuming and stopping are the engine's: these functions validate what
needs no engine, then make one RPC call through the client they are given.
"""

import copy
import types

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.services import definitions

COMPLETED = ("SUCCESS", "ERROR", "CANCELLED")
ENV_UPDATABLE = ("IDLE", "PAUSED", "ERROR")
STATE_CHANGES = ("RUNNING", "PAUSED", "SUCCESS", "ERROR", "CANCELLED")
# Keys of params the engine sets for itself; a re-run from a source execution drops them.
_INTERNAL_PARAMS = ("task_execution_id", "root_execution_id", "index", "namespace")


def not_found(ex_id) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(f"WorkflowExecution not found [id={ex_id}]")


def find(session, ctx, ex_id, *, for_update=False) -> models.WorkflowExecution:
    row = db_api.get_by_id(
        session, models.WorkflowExecution, ctx.caller, ex_id, for_update=for_update
    )
    if row is None:
        raise not_found(ex_id)
    return row


def published_global(row) -> dict:
    """The execution context without internal keys and declared workflow variables."""
    exclude = {"__execution", "openstack"}
    exclude.update((row.spec or {}).get("vars") or {})
    return {k: v for k, v in (row.context or {}).items() if k not in exclude}


def get_execution(ctx, ex_id) -> tuple[models.WorkflowExecution, dict]:
    with db_session.transaction(read_only=True) as session:
        row = find(session, ctx, ex_id)
        return row, published_global(row)


def check_exists(ctx, ex_id) -> None:
    with db_session.transaction(read_only=True) as session:
        find(session, ctx, ex_id)


# --- start ------------------------------------------------------------------------------


def _merge(left: dict, right: dict) -> dict:
    """``right`` deep-merged over a copy of ``left``."""
    result = copy.deepcopy(left)
    for key, value in right.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _from_source(session, ctx, body: dict) -> dict:
    source_id = body["source_execution_id"]
    source = find(session, ctx, source_id)
    values = {
        "workflow_id": source.workflow_id,
        "workflow_name": source.workflow_name,
        "workflow_namespace": source.workflow_namespace,
        "input": source.input or {},
        "params": {k: v for k, v in (source.params or {}).items() if k not in _INTERNAL_PARAMS},
        "description": source.description,
    }
    values = {k: v for k, v in values.items() if v is not None}
    if "description" in body:
        text = f"{body['description'] or ''} Based on the execution '{source_id}'"
        body = dict(body, description=text.strip())
    return _merge(values, body)


def start_execution(ctx, engine, body: dict):
    """Start a workflow execution described by a POST body (set fields only).

    The engine finds the workflow and the environment and answers the new execution as
    its transaction left it, so a plain start reads nothing here.
    """
    ex_id = body.get("id")
    values = body
    if ex_id or body.get("source_execution_id"):
        with db_session.transaction(read_only=True) as session:
            if ex_id:
                existing = db_api.get_by_id(session, models.WorkflowExecution, ctx.caller, ex_id)
                if existing is not None:
                    return existing
            if body.get("source_execution_id"):
                values = _from_source(session, ctx, body)
    identifier = values.get("workflow_id") or values.get("workflow_name")
    if not identifier:
        raise exceptions.WorkflowException(
            "Workflow ID or workflow name must be provided. Workflow ID is recommended."
        )
    result = engine.start_workflow(
        ctx,
        identifier,
        wf_namespace=values.get("workflow_namespace") or "",
        wf_ex_id=ex_id,
        wf_input=values.get("input") or {},
        description=values.get("description") or "",
        params=dict(values.get("params") or {}),
    )
    return types.SimpleNamespace(**result)


# --- update and delete ------------------------------------------------------------------


def as_answered(row, answer):
    """The row as the engine's transaction left it: engine-local actions that ran since
    (after the commit) do not show in the answer, as in Mistral."""
    if isinstance(answer, dict) and answer.get("id") == row.id:
        for column in ("state", "state_info", "output"):
            if column in answer:
                setattr(row, column, answer[column])
    return row


def _cannot_change(row, state: str) -> exceptions.WorkflowException:
    return exceptions.WorkflowException(
        f"Can't change workflow execution state from {row.state} to {state}. "
        f"[workflow={row.workflow_name}, execution_id={row.id}]"
    )


def update_execution(
    ctx, engine, ex_id, *, state=None, description=None, env=None, state_info=None
) -> models.WorkflowExecution:
    """PUT /v2/executions/{id}: a description, an env update, or a state change."""
    with db_session.transaction() as session:
        row = find(session, ctx, ex_id, for_update=True)
        if not (state or description or env):
            raise exceptions.InputException(
                "The property state, description, or env is not provided for update."
            )
        if description and state:
            raise exceptions.InputException(
                "The property description must be updated separately from state."
            )
        if env and state and state != "RUNNING":
            raise exceptions.InputException(
                "The property env can only be updated when workflow execution is not running "
                "or on resume from pause."
            )
        if description:
            definitions.ensure_owner(ctx, row)
            row.description = description
        if env and not state:
            if row.state not in ENV_UPDATABLE:
                raise exceptions.NotAllowedException(
                    "Updating env to workflow execution is only permitted if it is in IDLE, "
                    "PAUSED, or ERROR state."
                )
            params = dict(row.params or {})
            params["env"] = _merge(params.get("env") or {}, env)
            row.params = params
        current = row.state
    answer = None
    if state:
        if state not in STATE_CHANGES:
            raise exceptions.InputException(
                f"Cannot change state to {state}. Allowed states are: '" + ", ".join(STATE_CHANGES)
            )
        if current in COMPLETED:
            # A finished execution stays as it is; only pausing it is an error.
            if state == "PAUSED":
                raise _cannot_change(row, state)
        elif state == "PAUSED":
            answer = engine.pause_workflow(ctx, ex_id)
        elif state == "RUNNING":
            answer = engine.resume_workflow(ctx, ex_id, env=env or None)
        else:
            answer = engine.stop_workflow(ctx, ex_id, state, state_info or None)
    with db_session.transaction(read_only=True) as session:
        return as_answered(find(session, ctx, ex_id), answer)


def _tree_ids(session, root_ids: list[str]) -> tuple[list[str], list[str]]:
    """Ids of the executions below ``root_ids`` (included) and of all their tasks."""
    wf_ids, task_ids = list(root_ids), []
    frontier = list(root_ids)
    while frontier:
        level_tasks = list(
            session.execute(
                sa.select(models.TaskExecution.id).where(
                    models.TaskExecution.workflow_execution_id.in_(frontier)
                )
            ).scalars()
        )
        task_ids.extend(level_tasks)
        frontier = (
            list(
                session.execute(
                    sa.select(models.WorkflowExecution.id).where(
                        models.WorkflowExecution.task_execution_id.in_(level_tasks)
                    )
                ).scalars()
            )
            if level_tasks
            else []
        )
        wf_ids.extend(frontier)
    return wf_ids, task_ids


def _chunks(ids: list[str], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def delete_tree(session, root_ids: list[str]) -> None:
    """Delete executions with their tasks, action executions and sub-executions."""
    wf_ids, task_ids = _tree_ids(session, root_ids)
    for chunk in _chunks(task_ids):
        session.execute(
            sa.delete(models.ActionExecution).where(
                models.ActionExecution.task_execution_id.in_(chunk)
            )
        )
    for chunk in _chunks(task_ids):
        session.execute(sa.delete(models.TaskExecution).where(models.TaskExecution.id.in_(chunk)))
    for chunk in _chunks(wf_ids):
        session.execute(
            sa.delete(models.WorkflowExecution).where(models.WorkflowExecution.id.in_(chunk))
        )


def delete_execution(ctx, ex_id, force=False) -> None:
    with db_session.transaction() as session:
        row = find(session, ctx, ex_id, for_update=True)
        if not force and row.state not in COMPLETED:
            raise exceptions.NotAllowedException(
                "Only completed executions can be deleted. Use --force to override this. "
                f"Execution {ex_id} is in {row.state} state"
            )
        delete_tree(session, [row.id])
