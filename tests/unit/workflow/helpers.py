"""Builders of workflow snapshots for the controller tests."""

from mistral_engine.lang import parse_workflows
from mistral_engine.workflow import states
from mistral_engine.workflow.views import ChildExecutionView, TaskView, WorkflowView


def spec(text: str):
    return parse_workflows('version: "2.0"\n' + text).workflows[0]


def wf_view(text: str, tasks=(), **kw) -> WorkflowView:
    s = spec(text)
    kw.setdefault("context", {"__execution": {"id": "wf1"}})
    return WorkflowView(id="wf1", name=s.name, spec=s, tasks=tuple(tasks), **kw)


def task(name: str, state: str = states.SUCCESS, id: str | None = None, **kw) -> TaskView:
    kw.setdefault("processed", True)
    return TaskView(id=id or f"{name}-id", name=name, state=state, **kw)


def action(id: str, state: str = states.SUCCESS, result=None) -> ChildExecutionView:
    return ChildExecutionView(id=id, state=state, output={"result": result})


def with_tasks(wf: WorkflowView, *tasks: TaskView) -> WorkflowView:
    from dataclasses import replace

    return replace(wf, tasks=tuple(wf.tasks) + tasks)
