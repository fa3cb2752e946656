"""Direct workflow controller: start tasks, transitions after a task completes, joins (§7-§9)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mistral_engine import exceptions as exc
from mistral_engine.lang import ENGINE_COMMANDS
from mistral_engine.workflow import commands, data_flow, states
from mistral_engine.workflow.functions import default_functions
from mistral_engine.workflow.views import TaskView, WorkflowView

FunctionsFactory = Callable[[WorkflowView, TaskView | None], Any]

# Mistral fires the clauses in this order (``_find_next_tasks``).
WAITING_INFO = "Task is waiting."


@dataclass(frozen=True)
class Decision:
    """What follows a task's completion.

    Store ``next_tasks`` (``[(task_name, event)]``, engine commands excluded)
    and ``error_handled`` on the task execution, mark it processed unless the
    workflow is paused, then dispatch ``commands.arrange_commands(commands)``.
    """

    commands: list = field(default_factory=list)
    next_tasks: list = field(default_factory=list)
    error_handled: bool = False


def join_unique_key(wf: WorkflowView, task_name: str) -> str:
    return f"join-task-{wf.id}-{task_name}"


def start_commands(wf: WorkflowView) -> list:
    """One RunTask per start task, in definition order, with an empty inbound context."""
    return [commands.RunTask(t.name, {}) for t in wf.spec.start_tasks()]


def on_task_completed(
    wf: WorkflowView, task: TaskView, functions: FunctionsFactory = default_functions
) -> Decision:
    """Fire the transitions of a completed task (after its publish is stored in ``task``).

    Conditions and engine-command params are evaluated against the current
    task, its outbound context, ``__env``, the execution context and input.
    """
    ctx = data_flow.outbound_context(task)
    expr_ctx = data_flow.transition_context(wf, task)
    fns = functions(wf, task)
    cmds = []
    for name, params, event in _fired_transitions(wf, task, expr_ctx, fns):
        handles_error = event == "on-error"
        if name in ENGINE_COMMANDS:
            cls = commands.ENGINE_COMMAND_CLASSES[name]
            cmds.append(cls(params.get("msg"), task.id, task.name, handles_error))
            continue
        if name not in wf.spec.tasks:
            raise exc.WorkflowException(f"Task '{name}' not found.")
        is_join = wf.task_spec(name).join is not None
        cmds.append(
            commands.RunTask(
                name,
                ctx,
                ((task.id, event),),
                is_join=is_join,
                unique_key=join_unique_key(wf, name) if is_join else None,
                handles_error=handles_error,
            )
        )
    next_tasks = [
        (c.task_name, c.triggered_by[0][1]) for c in cmds if isinstance(c, commands.RunTask)
    ]
    if task.state == states.ERROR:
        error_handled = any(c.handles_error for c in cmds)
    else:
        error_handled = task.error_handled
    return Decision(cmds, next_tasks, error_handled)


def _fired_transitions(wf: WorkflowView, task: TaskView, expr_ctx: dict, fns: Any) -> list:
    spec, state = wf.spec, task.state
    fired: list = []

    def fire(clause: str, event: str) -> None:
        for t in spec.clause(task.name, clause):
            if not t.condition or data_flow.evaluate(t.condition, expr_ctx, fns):
                params = data_flow.evaluate(t.params, expr_ctx, fns) or {}
                fired.append((t.name, params, event))

    if state == states.ERROR:
        fire("on-error", "on-error")
    skip_is_empty = False
    if state == states.SKIPPED:
        fire("on-skip", "on-skip")
        skip_is_empty = not fired
    if state == states.SUCCESS or skip_is_empty:
        fire("on-success", "on-success")
    if states.is_completed(state) and not states.is_cancelled_or_skipped(state):
        fire("on-complete", "on-complete")
    return fired


def resume_commands(wf: WorkflowView, functions: FunctionsFactory = default_functions) -> list:
    """Commands on resume: IDLE tasks again, then the transitions of unprocessed completed tasks.

    ``pause`` commands are dropped (as Mistral). The engine marks those tasks
    processed and replays its backlog before these.
    """
    cmds: list = [
        commands.RunExistingTask(t.id, t.name, t.unique_key)
        for t in wf.tasks
        if t.state == states.IDLE
    ]
    for t in wf.tasks:
        if states.is_completed(t.state) and not t.processed:
            cmds.extend(on_task_completed(wf, t, functions).commands)
    return [c for c in cmds if not isinstance(c, commands.PauseWorkflow)]


# --- join ---------------------------------------------------------------------


@dataclass(frozen=True)
class JoinState:
    """Logical state of a join task execution.

    RUNNING: start it with ``in_context`` and store ``triggered_by`` in its
    runtime_context. ERROR: complete it as ERROR with ``state_info`` (then
    call ``on_task_completed`` for it). WAITING: leave it as it is.
    """

    state: str
    state_info: str | None = None
    triggered_by: list = field(default_factory=list)
    in_context: dict = field(default_factory=dict)


def join_state(wf: WorkflowView, join_task: TaskView) -> JoinState:
    """Whether the inbound transitions of ``join_task`` let it run, fail it, or keep it waiting."""
    spec = wf.task_spec(join_task.name)
    inbound = wf.spec.inbound_tasks(join_task.name)
    if not inbound:
        return JoinState(states.RUNNING, in_context=dict(join_task.in_context))
    induced = []  # (inbound name, task ex or None, induced state, event)
    for t_s in inbound:
        t_ex = wf.last_task(t_s.name)
        induced.append((t_s.name, t_ex, *_induced_state(wf, t_s.name, t_ex, join_task.name)))
    errors = [s[0] for s in induced if s[2] == states.ERROR]
    runnings = [s for s in induced if s[2] == states.RUNNING]
    triggered = [{"task_id": s[1].id, "event": s[3]} for s in runnings]
    failed = f"Failed by tasks: {errors}"
    total, need = len(induced), spec.join_count
    if need == "all":
        if len(runnings) == total:
            return JoinState(states.RUNNING, None, triggered, _join_context(wf, join_task))
        if errors:
            return JoinState(states.ERROR, failed)
    else:
        if len(runnings) >= need:
            return JoinState(states.RUNNING, None, triggered, _join_context(wf, join_task))
        if len(errors) > total - need:
            return JoinState(states.ERROR, failed)
    return JoinState(states.WAITING, WAITING_INFO)


def _induced_state(wf: WorkflowView, in_name: str, t_ex: TaskView | None, join_name: str):
    if t_ex is None:
        if _possible_route(wf, in_name, set()):
            return states.WAITING, None
        return states.ERROR, None
    if not states.is_completed(t_ex.state):
        return states.WAITING, None
    events = {name: event for name, event in t_ex.next_tasks}
    if join_name not in events:
        return states.ERROR, None
    return states.RUNNING, events[join_name]


def _possible_route(wf: WorkflowView, task_name: str, seen: set) -> bool:
    """Can ``task_name`` (not run yet) still run, judging by its upstream tasks?"""
    seen.add(task_name)
    inbound = wf.spec.inbound_tasks(task_name)
    if not inbound:
        return True
    for t_s in inbound:
        t_ex = wf.last_task(t_s.name)
        if t_ex is None:
            if t_s.name not in seen and _possible_route(wf, t_s.name, seen):
                return True
        elif not states.is_completed(t_ex.state):
            return True
        elif task_name in [n for n, _ in t_ex.next_tasks]:
            return True
    return False


def _join_context(wf: WorkflowView, join_task: TaskView) -> dict:
    """Inbound context of a join: its stored context updated with the merged upstream.

    Upstream = every completed (not skipped) execution of an inbound task that
    fired the join; the first-declared inbound task wins version ties.
    """
    names = [t.name for t in wf.spec.inbound_tasks(join_task.name)]
    upstream = [
        t
        for t in wf.tasks
        if t.name in names
        and t.state in (states.SUCCESS, states.ERROR, states.CANCELLED)
        and join_task.name in [n for n, _ in t.next_tasks]
    ]
    upstream.sort(key=lambda t: -names.index(t.name))
    ctx = dict(join_task.in_context)
    ctx.update(data_flow.upstream_context(upstream))
    return ctx


def joins_to_refresh(wf: WorkflowView, task_name: str) -> list[TaskView]:
    """Waiting join executions downstream of ``task_name`` whose state may have changed.

    Call after every task completion and run ``join_state`` on each.
    """
    joins = {n for n, t in wf.spec.tasks.items() if t.join is not None}
    found: list[TaskView] = []
    visited = {task_name}
    pending = list(wf.spec.outbound_names(task_name))
    while pending:
        name = pending.pop()
        if name in visited or name not in wf.spec.tasks:
            continue
        visited.add(name)
        t_ex = wf.last_task(name) if name in joins else None
        if t_ex is not None:
            if not states.is_completed(t_ex.state) and t_ex.state != states.RUNNING:
                found.append(t_ex)
            continue
        pending.extend(wf.spec.outbound_names(name))
    return found
