"""Expression functions (task(), tasks(), execution(), global()) answered from a WorkflowView.

The snapshot only knows its own execution; the engine subclasses it to answer
cross-execution lookups (``tasks()`` of other executions, ``executions()``).
"""

from typing import Any

from mistral_engine.workflow.views import TaskView, WorkflowView


def task_fields(task: TaskView, spec: dict | None, workflow_execution_id: str) -> dict:
    """The §16 task dict, exactly Mistral's keys."""
    return {
        "id": task.id,
        "name": task.name,
        "spec": spec,
        "state": task.state,
        "state_info": task.state_info,
        "result": task.result,
        "published": task.published,
        "type": task.type,
        "workflow_execution_id": workflow_execution_id,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
    }


class SnapshotFunctions:
    """ExpressionFunctions over one execution; ``current`` is the task in scope (if any)."""

    def __init__(self, wf: WorkflowView, current: TaskView | None = None):
        self.wf = wf
        self.current = current

    def task_dict(self, task: TaskView) -> dict:
        spec = self.wf.spec.tasks.get(task.name)
        return task_fields(task, spec.data if spec is not None else None, self.wf.id)

    def task(self, name: str | None = None) -> dict | None:
        if self.current is not None and (not name or name == self.current.name):
            return self.task_dict(self.current)
        found = self.wf.last_task(name) if name else None
        return self.task_dict(found) if found else None

    def tasks(
        self,
        workflow_execution_id: str | None = None,
        recursive: bool = False,
        state: str | None = None,
        flat: bool = False,
    ) -> list[dict]:
        """Tasks of this execution (the engine overrides for other executions and nesting)."""
        if workflow_execution_id not in (None, self.wf.id):
            return []
        return [
            self.task_dict(self._fresh(t)) for t in self.wf.tasks if not state or t.state == state
        ]

    def _fresh(self, task: TaskView) -> TaskView:
        # The current task may be newer than its row in the snapshot.
        if self.current is not None and task.id == self.current.id:
            return self.current
        return task

    def execution(self) -> dict:
        wf = self.wf
        return {
            "id": wf.id,
            "name": wf.name,
            "spec": wf.spec.data,
            "input": wf.input,
            "params": wf.params,
            "created_at": wf.created_at,
            "updated_at": wf.updated_at,
            "root_execution_id": wf.root_execution_id,
        }

    def executions(
        self,
        id: str | None = None,
        root_execution_id: str | None = None,
        state: str | None = None,
        from_time: str | None = None,
        to_time: str | None = None,
    ) -> list[dict]:
        """Only this execution is known here; the engine overrides with a DB query."""
        wf = self.wf
        if id not in (None, wf.id) or root_execution_id not in (None, wf.root_execution_id):
            return []
        if state and wf.state != state:
            return []
        if from_time and (wf.created_at or "") < from_time:
            return []
        if to_time and (wf.created_at or "") >= to_time:
            return []
        return [self.execution()]

    def global_(self, name: str) -> Any:
        return self.wf.context.get(name)


def default_functions(wf: WorkflowView, task: TaskView | None) -> SnapshotFunctions:
    return SnapshotFunctions(wf, task)
