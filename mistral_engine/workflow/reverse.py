"""Reverse workflow controller: run the target task's transitive requirements first (§10)."""

from mistral_engine import exceptions as exc
from mistral_engine.workflow import commands, data_flow, states
from mistral_engine.workflow.direct import Decision
from mistral_engine.workflow.views import TaskView, WorkflowView


def target_task(wf: WorkflowView) -> str:
    """``params.task_name``, or the error Mistral answers (400 at execution creation)."""
    name = wf.params.get("task_name")
    if name not in wf.spec.tasks:
        raise exc.WorkflowException(
            f"Invalid task name [wf_spec={wf.spec.spec_class_name} {wf.spec.data}, "
            f"task_name={name}]"
        )
    return name


def _ordered_requirements(wf: WorkflowView, target: str) -> list[str]:
    """The target and its transitive requirements, requirements first (DFS post-order)."""
    order: list[str] = []
    seen: set = set()

    def visit(name: str) -> None:
        seen.add(name)
        for req in wf.spec.task_requires(name):
            if req not in seen and req in wf.spec.tasks:
                visit(req)
        order.append(name)

    visit(target)
    return order


def ready_commands(wf: WorkflowView) -> list:
    """RunTask for each needed task not run yet whose requirements all succeeded."""
    succeeded = {t.name for t in wf.tasks if t.state == states.SUCCESS}
    started = {t.name for t in wf.tasks}
    cmds = []
    for name in _ordered_requirements(wf, target_task(wf)):
        if name in started:
            continue
        requires = wf.spec.task_requires(name)
        if set(requires) - succeeded:
            continue
        upstream = [t for t in wf.tasks if t.name in requires and t.state == states.SUCCESS]
        cmds.append(commands.RunTask(name, data_flow.upstream_context(upstream)))
    return cmds


def start_commands(wf: WorkflowView) -> list:
    return ready_commands(wf)


def on_task_completed(wf: WorkflowView, task: TaskView, functions=None) -> Decision:
    """Next tasks once ``task`` completed; there is no error handling in reverse workflows."""
    cmds = ready_commands(wf)
    return Decision(cmds, [(c.task_name, None) for c in cmds], False)


def resume_commands(wf: WorkflowView, functions=None) -> list:
    idle = [
        commands.RunExistingTask(t.id, t.name, t.unique_key)
        for t in wf.tasks
        if t.state == states.IDLE
    ]
    return idle + ready_commands(wf)


def final_context(wf: WorkflowView) -> dict:
    """The outbound context of the target task (empty if it never ran)."""
    t_ex = wf.last_task(target_task(wf))
    return data_flow.outbound_context(t_ex) if t_ex else {}
