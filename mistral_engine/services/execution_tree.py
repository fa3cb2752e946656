"""The tree below a workflow execution: its tasks, their action executions and their
sub-workflow executions, level by level (``GET .../executions`` of an execution or a
task), and the execution report built on it (statistics and tree)."""

import dataclasses

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine.services.executions import find

COUNTED_TASK_STATES = ("RUNNING", "SUCCESS", "ERROR", "IDLE", "PAUSED")
ESTIMATED_TIME_SAMPLE = 20


@dataclasses.dataclass
class WorkflowNode:
    row: models.WorkflowExecution
    depth: int
    tasks: list | None = None  # None: below max_depth, tasks not looked at


@dataclasses.dataclass
class TaskNode:
    row: models.TaskExecution
    depth: int
    actions: list = dataclasses.field(default_factory=list)
    workflows: list = dataclasses.field(default_factory=list)

    @property
    def retry_count(self):
        retry = (self.row.runtime_context or {}).get("retry_task_policy")
        return retry.get("retry_no") if isinstance(retry, dict) else None


def _children(session, model, column, parent_ids):
    if not parent_ids:
        return []
    stmt = (
        sa.select(model)
        .where(getattr(model, column).in_(list(parent_ids)))
        .order_by(model.created_at, model.id)
    )
    return list(session.execute(stmt).scalars())


def _expand(session, frontier: list[WorkflowNode], max_depth: int, errors_only: bool) -> None:
    """Fill the tasks, actions and sub-workflows below ``frontier``, level by level."""
    while frontier:
        expand = {}
        for node in frontier:
            if max_depth < 0 or node.depth <= max_depth:
                node.tasks = []
                expand[node.row.id] = node
        tasks = {}
        for row in _children(session, models.TaskExecution, "workflow_execution_id", expand):
            if errors_only and row.state != "ERROR":
                continue
            parent = expand[row.workflow_execution_id]
            task = TaskNode(row, parent.depth + 1)
            parent.tasks.append(task)
            tasks[row.id] = task
        for row in _children(session, models.ActionExecution, "task_execution_id", tasks):
            tasks[row.task_execution_id].actions.append(row)
        frontier = []
        for row in _children(session, models.WorkflowExecution, "task_execution_id", tasks):
            task = tasks[row.task_execution_id]
            node = WorkflowNode(row, task.depth)
            task.workflows.append(node)
            frontier.append(node)


def _flatten(node: WorkflowNode, out: list) -> list:
    """Pre-order: the execution, then the sub-executions of each of its tasks."""
    if node.tasks is None:
        return out
    out.append(node.row)
    for task in node.tasks:
        for sub in task.workflows:
            _flatten(sub, out)
    return out


def sub_executions(ctx, ex_id, *, errors_only=False, max_depth=-1) -> list:
    """The execution itself and every execution below it (``GET .../executions``)."""
    with db_session.transaction(read_only=True) as session:
        root = WorkflowNode(find(session, ctx, ex_id), 0)
        _expand(session, [root], max_depth, errors_only)
        return _flatten(root, [])


def task_sub_executions(session, task_row, *, errors_only=False, max_depth=-1) -> list:
    """The executions below one task (``GET /v2/tasks/{id}/executions``)."""
    if errors_only and task_row.state != "ERROR":
        return []
    nodes = [
        WorkflowNode(row, 0)
        for row in _children(session, models.WorkflowExecution, "task_execution_id", [task_row.id])
    ]
    _expand(session, nodes, max_depth, errors_only)
    out = []
    for node in nodes:
        _flatten(node, out)
    return out


@dataclasses.dataclass
class Report:
    statistics: dict
    root: WorkflowNode | None


def _count_tasks(node: WorkflowNode, stats: dict) -> None:
    for task in node.tasks or ():
        state = task.row.state
        if state in COUNTED_TASK_STATES:
            stats[f"{state.lower()}_tasks_count"] += 1
            stats["total_tasks_count"] += 1
        for sub in task.workflows:
            _count_tasks(sub, stats)


def _estimated_time(session, ctx, row) -> int:
    """Seconds left, judged from up to 20 successful runs of the same workflow."""
    if row.state != "RUNNING":
        return 0
    stmt = db_api.visible(
        sa.select(models.WorkflowExecution.created_at, models.WorkflowExecution.updated_at)
        .where(
            models.WorkflowExecution.workflow_id == row.workflow_id,
            models.WorkflowExecution.state == "SUCCESS",
        )
        .order_by(models.WorkflowExecution.created_at.desc())
        .limit(ESTIMATED_TIME_SAMPLE),
        models.WorkflowExecution,
        ctx.caller,
    )
    previous = session.execute(stmt, db_api.caller_params(ctx.caller)).all()
    if not previous:
        return -1
    runs = [((updated or created) - created).seconds for created, updated in previous]
    running = (models.utcnow() - row.created_at).seconds
    estimate = sum(runs) / len(runs) - running
    return 1 if estimate < 0 else int(estimate)


def report(ctx, ex_id, *, errors_only=False, max_depth=-1, statistics_only=False) -> Report:
    with db_session.transaction(read_only=True) as session:
        root = WorkflowNode(find(session, ctx, ex_id), 0)
        stats = {
            "total_tasks_count": 0,
            "running_tasks_count": 0,
            "success_tasks_count": 0,
            "error_tasks_count": 0,
            "idle_tasks_count": 0,
            "paused_tasks_count": 0,
            "estimated_time": _estimated_time(session, ctx, root.row),
        }
        _expand(session, [root], max_depth, errors_only)
    _count_tasks(root, stats)
    return Report(stats, None if statistics_only else root)
