"""Builds the controllers' snapshots (``workflow.views``) from the rows of one execution.

All task executions of the workflow execution and their action and sub-workflow
executions are read with one query each, and every task's result (dsl-v2 §17) is computed
here, so the controllers never touch the database.
"""

import collections

import sqlalchemy as sa

from mistral_db import models
from mistral_engine.engine import lookup
from mistral_engine.workflow import views


def fmt_time(value):
    return value.replace(microsecond=0).isoformat(" ") if value is not None else None


def children(session, task_ids: list[str]):
    """(action executions, sub-workflow executions) of the tasks, grouped by task id."""
    actions, subflows = collections.defaultdict(list), collections.defaultdict(list)
    if not task_ids:
        return actions, subflows
    for row in session.execute(
        sa.select(models.ActionExecution)
        .where(models.ActionExecution.task_execution_id.in_(task_ids))
        .order_by(models.ActionExecution.created_at, models.ActionExecution.id)
    ).scalars():
        actions[row.task_execution_id].append(row)
    for row in session.execute(
        sa.select(models.WorkflowExecution)
        .where(models.WorkflowExecution.task_execution_id.in_(task_ids))
        .order_by(models.WorkflowExecution.created_at, models.WorkflowExecution.id)
    ).scalars():
        subflows[row.task_execution_id].append(row)
    return actions, subflows


def is_with_items(task_ex) -> bool:
    return bool((task_ex.spec or {}).get("with-items"))


def task_result(task_ex, actions: list, subflows: list):
    """The task result of dsl-v2 §17 from its accepted action/sub-workflow executions."""
    accepted = [a for a in actions if a.accepted] + [w for w in subflows if w.accepted]
    accepted.sort(key=lambda ex: (ex.runtime_context or {}).get("index", 0))
    values = [
        (ex.output or {})
        if isinstance(ex, models.WorkflowExecution)
        else (ex.output or {}).get("result")
        for ex in accepted
    ]
    if is_with_items(task_ex):
        return values
    if len(values) == 1:
        return values[0]
    return values


def workflow_view(session, wf_ex) -> views.WorkflowView:
    """The snapshot of one execution read straight from the database."""
    task_rows = list(
        session.execute(
            sa.select(models.TaskExecution)
            .where(models.TaskExecution.workflow_execution_id == wf_ex.id)
            .order_by(models.TaskExecution.created_at, models.TaskExecution.id)
        ).scalars()
    )
    actions, subflows = children(session, [t.id for t in task_rows])
    tasks = tuple(task_view(t, actions.get(t.id, []), subflows.get(t.id, [])) for t in task_rows)
    return build_workflow_view(wf_ex, tasks)


def build_workflow_view(wf_ex, tasks: tuple) -> views.WorkflowView:
    # An execution's spec never changes, so its parsed form is cached by execution id.
    spec = lookup.workflow_spec(wf_ex.spec, ("wf_ex", wf_ex.id))
    return views.WorkflowView(
        id=wf_ex.id,
        name=wf_ex.name,
        spec=spec,
        input=wf_ex.input or {},
        params=wf_ex.params or {},
        context=wf_ex.context or {},
        env=(wf_ex.params or {}).get("env") or {},
        state=wf_ex.state,
        tasks=tasks,
        root_execution_id=wf_ex.root_execution_id,
        created_at=fmt_time(wf_ex.created_at),
        updated_at=fmt_time(wf_ex.updated_at),
        state_info=wf_ex.state_info,
    )


def task_view(task_ex, actions=(), subflows=()) -> views.TaskView:
    runtime = task_ex.runtime_context or {}
    children = tuple(
        views.ChildExecutionView(id=a.id, state=a.state, output=a.output) for a in actions
    ) + tuple(
        views.ChildExecutionView(id=w.id, state=w.state, output=w.output, is_workflow=True)
        for w in subflows
    )
    return views.TaskView(
        id=task_ex.id,
        name=task_ex.name,
        state=task_ex.state,
        state_info=task_ex.state_info,
        in_context=task_ex.in_context or {},
        published=task_ex.published or {},
        result=task_result(task_ex, list(actions), list(subflows)),
        processed=task_ex.processed,
        error_handled=task_ex.error_handled,
        runtime_context=runtime,
        type=task_ex.type or "ACTION",
        created_at=fmt_time(task_ex.created_at),
        updated_at=fmt_time(task_ex.updated_at),
        next_tasks=tuple(tuple(x) for x in task_ex.next_tasks or ()),
        executions=children,
        unique_key=task_ex.unique_key,
    )
