"""Commands the workflow controllers return; the engine carries them out (§8)."""

from dataclasses import dataclass, field

from mistral_engine.workflow import states


@dataclass(frozen=True)
class RunTask:
    """Create a task execution (or, for a join, find the one with ``unique_key``) and run it.

    ``triggered_by`` is ``((task_ex_id, event), ...)``; store it in the task's
    ``runtime_context.triggered_by`` via ``triggered_by_list()``. A join
    command (``is_join``) must put the task in WAITING with state_info
    ``Task is waiting.`` and then ask ``direct.join_state`` whether it runs.
    """

    task_name: str
    in_context: dict = field(default_factory=dict)
    triggered_by: tuple = ()
    is_join: bool = False
    unique_key: str | None = None
    handles_error: bool = False

    def triggered_by_list(self) -> list[dict]:
        return [{"task_id": tid, "event": event} for tid, event in self.triggered_by]


@dataclass(frozen=True)
class RunExistingTask:
    """Run again a task execution that exists but never started (IDLE at resume)."""

    task_ex_id: str
    task_name: str
    unique_key: str | None = None


@dataclass(frozen=True)
class EngineCommand:
    """Base of the ``noop``/``fail``/``succeed``/``pause`` targets.

    ``task_ex_id``/``task_name`` name the task whose transition produced it.
    """

    msg: str | None = None
    task_ex_id: str | None = None
    task_name: str | None = None
    handles_error: bool = False

    new_state = None


@dataclass(frozen=True)
class Noop(EngineCommand):
    pass


@dataclass(frozen=True)
class FailWorkflow(EngineCommand):
    new_state = states.ERROR


@dataclass(frozen=True)
class SucceedWorkflow(EngineCommand):
    new_state = states.SUCCESS


@dataclass(frozen=True)
class PauseWorkflow(EngineCommand):
    new_state = states.PAUSED


ENGINE_COMMAND_CLASSES = {
    "noop": Noop,
    "fail": FailWorkflow,
    "succeed": SucceedWorkflow,
    "pause": PauseWorkflow,
}

SET_STATE_COMMANDS = (FailWorkflow, SucceedWorkflow, PauseWorkflow)


def arrange_commands(cmds: list) -> list:
    """Order commands for dispatch the way Mistral's dispatcher does.

    ``noop`` is dropped; join commands are sorted by unique key (a stable
    locking order). With a state command in the list, task commands after it
    are dropped, except after ``pause``: those stay and go to the backlog the
    engine replays on resume. A ``fail``/``succeed`` first is dispatched alone.
    """
    cmds = [c for c in cmds if not isinstance(c, Noop)]
    idx = next((i for i, c in enumerate(cmds) if isinstance(c, SET_STATE_COMMANDS)), -1)
    if idx < 0:
        return _sorted_tasks(cmds)
    state_cmd = cmds[idx]
    if idx == 0 and not isinstance(state_cmd, PauseWorkflow):
        return [state_cmd]
    res = _sorted_tasks(cmds[:idx]) + [state_cmd]
    if isinstance(state_cmd, PauseWorkflow):
        res.extend(cmds[idx + 1 :])
    return res


def _sorted_tasks(cmds: list) -> list:
    # Non-join commands keep their order and come first; joins follow, by key.
    plain = [c for c in cmds if not (isinstance(c, RunTask) and c.is_join)]
    joins = [c for c in cmds if isinstance(c, RunTask) and c.is_join]
    return plain + sorted(joins, key=lambda c: c.unique_key or "")
