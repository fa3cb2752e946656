"""Pure workflow controllers: given a snapshot of an execution, decide what happens next.

The engine fills ``views`` from its rows, calls ``controller(wf)`` for the
navigation of the workflow's type (``direct`` or ``reverse``), persists and
executes the returned ``commands``, and asks ``completion`` whether it ended.
"""

from types import ModuleType

from mistral_engine.workflow import commands, completion, data_flow, direct, reverse, states
from mistral_engine.workflow.functions import SnapshotFunctions
from mistral_engine.workflow.views import ChildExecutionView, TaskView, WorkflowView


def controller(wf: WorkflowView) -> ModuleType:
    """``direct`` or ``reverse``: both offer start_commands, on_task_completed, resume_commands."""
    return reverse if wf.spec.type == "reverse" else direct


__all__ = [
    "ChildExecutionView",
    "SnapshotFunctions",
    "TaskView",
    "WorkflowView",
    "commands",
    "completion",
    "controller",
    "data_flow",
    "direct",
    "reverse",
    "states",
]
