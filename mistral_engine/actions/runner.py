"""Running an action: its mistral-lib context, exceptions turned into error results."""

import dataclasses
import inspect
import logging
import threading
from collections.abc import Mapping

from mistral_lib import actions as ml_actions
from mistral_lib.actions import context as ml_context

LOG = logging.getLogger(__name__)

_SECURITY_KEYS = frozenset(inspect.signature(ml_context.SecurityContext).parameters)
_EXECUTION_KEYS = frozenset(inspect.signature(ml_context.ExecutionContext).parameters)


def context_info(exec_ctx: Mapping | None, action_ex_id: str | None, security=None) -> dict:
    """What ``build_context`` takes, from the engine's execution info (workflow and task
    ids and names), the action execution's id and the caller's request context: the
    action execution id and its callback URL are added as Mistral's executor does."""
    execution = dict(exec_ctx or {})
    if action_ex_id:
        execution["action_execution_id"] = action_ex_id
        execution["callback_url"] = f"/v2/action_executions/{action_ex_id}"
    if dataclasses.is_dataclass(security):  # the request context itself
        security = dataclasses.asdict(security)
    return {"execution": execution, "security": dict(security or {})}


def build_context(context_info: Mapping | None) -> ml_context.ActionContext:
    """An ActionContext from ``{"security": {...}, "execution": {...}}``.

    ``execution`` holds workflow_execution_id, task_execution_id, action_execution_id,
    workflow_name, callback_url (``/v2/action_executions/<id>``), ...; ``security``
    holds auth_token, project_id, user_name, ... Unknown keys are ignored.
    """
    info = context_info or {}
    security = {k: v for k, v in (info.get("security") or {}).items() if k in _SECURITY_KEYS}
    execution = {
        k: v
        for k, v in (info.get("execution") or {}).items()
        if k in _EXECUTION_KEYS and k != "task_id"
    }
    return ml_context.ActionContext(
        ml_context.SecurityContext(**security), ml_context.ExecutionContext(**execution)
    )


def error_text(action, action_ex_id, error: BaseException) -> str:
    """Mistral's text for an exception raised by an action (dsl-v2 §17)."""
    return (
        f"The action raised an exception [action={action}, action_ex_id={action_ex_id}, "
        f"msg='{error}']"
    )


def _as_result(value) -> ml_actions.Result:
    return value if isinstance(value, ml_actions.Result) else ml_actions.Result(data=value)


def run_action(
    action,
    action_ex_id: str | None,
    context_info: Mapping | None = None,
    timeout: float | None = None,
) -> ml_actions.Result:
    """Run ``action.run(context)`` and return its Result; never raises ``Exception``.

    A plain return value becomes ``Result(data=value)``; an exception becomes
    ``Result(error=<Mistral's text>)``. With ``timeout`` (seconds) the action runs in a
    daemon thread: when it has not finished in time the error is ``Timeout after <n>
    seconds`` in the same text, while the thread runs on until the action returns.
    For an asynchronous action (``is_sync()`` false) the caller ignores a successful
    result: the real one arrives through the API.
    """
    ctx = build_context(context_info) if isinstance(action, ml_actions.Action) else None
    try:
        if not timeout:
            return _as_result(action.run(ctx))
        return _as_result(_run_with_timeout(action, ctx, timeout))
    except (Exception, SystemExit) as e:
        msg = error_text(action, action_ex_id, e)
        LOG.warning(msg, exc_info=True)
        return ml_actions.Result(error=msg)


def _run_with_timeout(action, ctx, timeout):
    box: dict = {}

    def target():
        try:
            box["result"] = action.run(ctx)
        except BaseException as e:  # delivered to the caller below
            box["error"] = e

    thread = threading.Thread(target=target, name=f"action-{id(action):x}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        LOG.warning("The action %s timed out after %s seconds", action, timeout)
        raise Exception(f"Timeout after {timeout} seconds")
    if "error" in box:
        raise box["error"]
    return box.get("result")
