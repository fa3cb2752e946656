"""``tasks()`` and ``executions()`` answered across executions from the database (dsl-v2 §16).

Mistral 23 reads both from every execution the caller's project may see, in its default
order (by id). ``EngineFunctions`` does the same within the engine's transaction, while
the tasks of the execution being processed still come from its snapshot: the task in
scope may be newer there than its row.
"""

import datetime

import sqlalchemy as sa

from mistral_db import models, query
from mistral_engine.engine import views
from mistral_engine.workflow.functions import SnapshotFunctions, task_fields
from mistral_engine.workflow.views import TaskView, WorkflowView

ACTION = "ACTION"
WORKFLOW = "WORKFLOW"

# The columns of a workflow execution row, in the order Mistral 23's executions() lists them.
EXECUTION_FIELDS = (
    "spec",
    "accepted",
    "input",
    "output",
    "params",
    "context",
    "id",
    "name",
    "description",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "state",
    "state_info",
    "tags",
    "runtime_context",
    "scope",
    "project_id",
    "created_at",
    "updated_at",
    "task_execution_id",
    "root_execution_id",
)


def row_time(value: datetime.datetime | None) -> str | None:
    """A row's time as Mistral's executions() shows it (its rows keep whole seconds)."""
    if value is None:
        return None
    return value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S.%f")


def execution_fields(wf_ex) -> dict:
    """Every column of a workflow execution row, as Mistral's executions() gives them."""
    values = {name: getattr(wf_ex, name) for name in EXECUTION_FIELDS}
    values["created_at"] = row_time(wf_ex.created_at)
    values["updated_at"] = row_time(wf_ex.updated_at)
    return values


def as_time(value) -> datetime.datetime:
    """A ``from_time``/``to_time`` argument as a naive UTC time to compare with rows."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        moment = datetime.datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment


class EngineFunctions(SnapshotFunctions):
    """Expression functions of one engine transaction; ``caller`` decides what is visible."""

    def __init__(
        self, session, caller: query.Caller, wf: WorkflowView, current: TaskView | None = None
    ):
        super().__init__(wf, current)
        self.session = session
        self.caller = caller

    def tasks(
        self,
        workflow_execution_id: str | None = None,
        recursive: bool = False,
        state: str | None = None,
        flat: bool = False,
    ) -> list[dict]:
        """Tasks of one execution (of all visible ones without an id), Mistral's way:
        ``recursive`` appends the tasks of its sub-workflow executions, depth first, after
        its own; ``flat`` drops non-ACTION tasks whose sub-executions are in their state."""
        self.session.flush()
        found = self._tasks(str(workflow_execution_id or ""), recursive, state, flat)
        return [self._dict(row, view) for row, view in found]

    def executions(
        self,
        id: str | None = None,
        root_execution_id: str | None = None,
        state: str | None = None,
        from_time=None,
        to_time=None,
    ) -> list[dict]:
        """Visible workflow executions matching every given filter, ordered by id."""
        self.session.flush()
        model = models.WorkflowExecution
        stmt = sa.select(model)
        if id is not None:
            stmt = stmt.where(model.id == str(id))
        if root_execution_id is not None:
            stmt = stmt.where(model.root_execution_id == str(root_execution_id))
        if state is not None:
            stmt = stmt.where(model.state == state)
        if from_time is not None:
            stmt = stmt.where(model.created_at >= as_time(from_time))
        if to_time is not None:
            stmt = stmt.where(model.created_at < as_time(to_time))
        return [execution_fields(row) for row in self._visible(stmt.order_by(model.id), model)]

    # --- helpers ------------------------------------------------------------

    def _visible(self, stmt, model) -> list:
        stmt = query.visible(stmt, model, self.caller)
        return list(self.session.execute(stmt, query.caller_params(self.caller)).scalars())

    def _tasks(self, wf_ex_id: str, recursive: bool, state, flat: bool) -> list[tuple]:
        model = models.TaskExecution
        stmt = sa.select(model)
        if wf_ex_id:
            stmt = stmt.where(model.workflow_execution_id == wf_ex_id)
        # Descending into sub-workflows starts from every task, whatever its state; the
        # current execution's tasks are filtered on their snapshot state, which may be newer.
        if state and not (wf_ex_id and recursive):
            stmt = stmt.where(
                sa.or_(model.state == state, model.workflow_execution_id == self.wf.id)
            )
        found = self._with_views(self._visible(stmt.order_by(model.id), model))
        descend = recursive and wf_ex_id
        wanted = [row.id for row, view in found if view.type != ACTION]
        subflows = self._subflows(wanted) if flat or descend else {}
        nested = []
        if descend:
            for row, view in found:
                if view.type == WORKFLOW:
                    for sub_ex in subflows.get(row.id, ()):
                        nested.extend(self._tasks(sub_ex.id, recursive, state, flat))
        if state or flat:
            found = [
                (row, view)
                for row, view in found
                if (not state or view.state == state)
                and not (flat and view.type != ACTION and _same_state(view, subflows))
            ]
        return found + nested

    def _subflows(self, task_ids: list[str]) -> dict[str, list]:
        """The visible sub-workflow executions of the tasks, by task id, ordered by id."""
        if not task_ids:
            return {}
        model = models.WorkflowExecution
        stmt = sa.select(model).where(model.task_execution_id.in_(task_ids)).order_by(model.id)
        grouped: dict[str, list] = {}
        for sub_ex in self._visible(stmt, model):
            grouped.setdefault(sub_ex.task_execution_id, []).append(sub_ex)
        return grouped

    def _with_views(self, rows: list) -> list[tuple]:
        """(row, TaskView) pairs: the snapshot's view for the current execution's tasks."""
        own = {task.id: task for task in self.wf.tasks}
        others = [row.id for row in rows if row.id not in own]
        actions, subflows = views.children(self.session, others)
        return [
            (
                row,
                self._fresh(own[row.id])
                if row.id in own
                else views.task_view(row, actions.get(row.id, []), subflows.get(row.id, [])),
            )
            for row in rows
        ]

    def _dict(self, row, view: TaskView) -> dict:
        if row.workflow_execution_id == self.wf.id:
            return self.task_dict(view)
        return task_fields(view, row.spec, row.workflow_execution_id)


def _same_state(view: TaskView, subflows: dict[str, list]) -> bool:
    return any(sub_ex.state == view.state for sub_ex in subflows.get(view.id, ()))
