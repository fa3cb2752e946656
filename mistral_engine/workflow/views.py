"""Read-only snapshots of one workflow execution that the engine fills from its rows.

The controllers decide from these alone, so they never touch the database.
"""

from dataclasses import dataclass, field
from typing import Any

from mistral_engine.lang import TaskSpec, WorkflowSpec


@dataclass(frozen=True)
class ChildExecutionView:
    """One action execution or sub-workflow execution of a task, in creation order.

    ``output`` is the stored output: ``{"result": ...}`` for an action, the
    sub-workflow's whole output for a sub-workflow. Only needed to render the
    failure message of a workflow (§18).
    """

    id: str
    state: str
    output: dict | None = None
    is_workflow: bool = False


@dataclass(frozen=True)
class TaskView:
    """One task execution.

    ``result`` is the task result of §17, already computed by the engine.
    ``next_tasks`` holds the ``(task_name, event)`` pairs that
    ``on_task_completed`` returned for it (stored by the engine), ``processed``
    says they were dispatched. ``in_context`` is the stored inbound context
    (it may carry ``__versions``); ``published`` the stored branch publish.
    """

    id: str
    name: str
    state: str
    state_info: str | None = None
    in_context: dict = field(default_factory=dict)
    published: dict | None = field(default_factory=dict)
    result: Any = None
    processed: bool = False
    error_handled: bool = False
    runtime_context: dict = field(default_factory=dict)
    type: str = "ACTION"
    created_at: str | None = None
    updated_at: str | None = None
    next_tasks: tuple = ()
    executions: tuple[ChildExecutionView, ...] = ()
    unique_key: str | None = None


@dataclass(frozen=True)
class WorkflowView:
    """One workflow execution with its task executions in creation order.

    ``context`` is the stored execution context (vars, global publishes,
    ``__execution``); ``env`` the resolved environment of the root execution.
    """

    id: str
    name: str
    spec: WorkflowSpec
    input: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    state: str = "RUNNING"
    tasks: tuple[TaskView, ...] = ()
    root_execution_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    state_info: str | None = None

    def task_spec(self, name: str) -> TaskSpec:
        return self.spec.tasks[name]

    def tasks_named(self, name: str) -> list[TaskView]:
        return [t for t in self.tasks if t.name == name]

    def last_task(self, name: str) -> TaskView | None:
        found = self.tasks_named(name)
        return found[-1] if found else None

    def task_by_id(self, task_ex_id: str) -> TaskView | None:
        return next((t for t in self.tasks if t.id == task_ex_id), None)
