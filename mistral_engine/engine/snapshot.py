"""The rows of the executions one engine event touches, loaded once and kept in memory.

The controllers need a fresh ``WorkflowView`` after every step; building it from queries
each time made a chain of n tasks cost O(n^2) queries. Here each execution's task,
action and sub-workflow rows are read once per event, the rows the engine creates are
added as it creates them, and a task's view is rebuilt only when its row changed (the
engine replaces JSON values rather than mutating them, so a value's identity tells).
"""

import collections

import sqlalchemy as sa

from mistral_db import models
from mistral_engine.engine import views


class _Rows:
    __slots__ = ("tasks", "actions", "subflows")

    def __init__(self):
        self.tasks: list = []
        self.actions: dict[str, list] = collections.defaultdict(list)
        self.subflows: dict[str, list] = collections.defaultdict(list)


def _signature(task_ex, actions, subflows) -> tuple:
    return (
        task_ex.state,
        task_ex.state_info,
        task_ex.processed,
        task_ex.error_handled,
        id(task_ex.published),
        id(task_ex.in_context),
        id(task_ex.runtime_context),
        tuple(map(tuple, task_ex.next_tasks or ())),
        task_ex.updated_at,
        tuple((a.id, a.state, a.accepted, id(a.output)) for a in actions),
        tuple((w.id, w.state, w.accepted, id(w.output)) for w in subflows),
    )


class Snapshot:
    def __init__(self, session):
        self.session = session
        self._rows: dict[str, _Rows] = {}
        self._views: dict[str, tuple] = {}  # task id -> (signature, TaskView)

    def rows(self, wf_ex) -> _Rows:
        rows = self._rows.get(wf_ex.id)
        if rows is not None:
            return rows
        rows = _Rows()
        self.session.flush()
        rows.tasks = list(
            self.session.execute(
                sa.select(models.TaskExecution)
                .where(models.TaskExecution.workflow_execution_id == wf_ex.id)
                .order_by(models.TaskExecution.created_at, models.TaskExecution.id)
            ).scalars()
        )
        rows.actions, rows.subflows = views.children(self.session, [t.id for t in rows.tasks])
        self._rows[wf_ex.id] = rows
        return rows

    def add_new_execution(self, wf_ex) -> None:
        """A workflow execution created in this transaction has no rows yet to read."""
        self._rows.setdefault(wf_ex.id, _Rows())

    def add_task(self, wf_ex, task_ex) -> None:
        self.rows(wf_ex).tasks.append(task_ex)

    def add_action(self, wf_ex, action_ex) -> None:
        self.rows(wf_ex).actions[action_ex.task_execution_id].append(action_ex)

    def add_subflow(self, parent_wf_ex, sub_ex) -> None:
        self.rows(parent_wf_ex).subflows[sub_ex.task_execution_id].append(sub_ex)
        self._rows.setdefault(sub_ex.id, _Rows())

    def task_rows(self, wf_ex) -> list:
        return list(self.rows(wf_ex).tasks)

    def find_task(self, wf_ex, task_ex_id: str):
        return next((t for t in self.rows(wf_ex).tasks if t.id == task_ex_id), None)

    def find_join(self, wf_ex, unique_key: str):
        return next((t for t in self.rows(wf_ex).tasks if t.unique_key == unique_key), None)

    def _task_view(self, task_ex, rows: _Rows):
        actions = rows.actions.get(task_ex.id, ())
        subflows = rows.subflows.get(task_ex.id, ())
        signature = _signature(task_ex, actions, subflows)
        cached = self._views.get(task_ex.id)
        if cached is not None and cached[0] == signature:
            return cached[1]
        view = views.task_view(task_ex, actions, subflows)
        self._views[task_ex.id] = (signature, view)
        return view

    def view(self, wf_ex):
        rows = self.rows(wf_ex)
        task_views = tuple(self._task_view(t, rows) for t in rows.tasks)
        return views.build_workflow_view(wf_ex, task_views)
