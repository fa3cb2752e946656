"""Running an action: its mistral-lib context, exceptions turned into error results."""

import contextlib
import dataclasses
import inspect
import logging
import threading
import types
from collections.abc import Mapping

from mistral_lib import actions as ml_actions
from mistral_lib import utils as ml_utils
from mistral_lib.actions import context as ml_context

LOG = logging.getLogger(__name__)

_SECURITY_KEYS = frozenset(inspect.signature(ml_context.SecurityContext).parameters)
_EXECUTION_KEYS = frozenset(inspect.signature(ml_context.ExecutionContext).parameters)


# Where Mistral's executor leaves the caller's context while an action runs; action packs
# written for Mistral (mistral-extra's OpenStack actions) read it from there.
APP_CONTEXT_THREAD_LOCAL = "MISTRAL_APP_CTX_THREAD_LOCAL"


class AppContext(types.SimpleNamespace):
    """The caller's context as those packs read it: attributes it does not have are None
    (auth_uri, service_catalog, trust_id... until the request carries them)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return None


@contextlib.contextmanager
def _app_context(app_ctx: AppContext):
    ml_utils.set_thread_local(APP_CONTEXT_THREAD_LOCAL, app_ctx)
    try:
        yield
    finally:
        ml_utils.set_thread_local(APP_CONTEXT_THREAD_LOCAL, None)


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
    app_ctx = AppContext(**dict((context_info or {}).get("security") or {}))
    try:
        if not timeout:
            with _app_context(app_ctx):
                return _as_result(action.run(ctx))
        return _as_result(_run_with_timeout(action, ctx, timeout, app_ctx))
    except (Exception, SystemExit) as e:
        msg = error_text(action, action_ex_id, e)
        LOG.warning(msg, exc_info=True)
        return ml_actions.Result(error=msg)


def _run_with_timeout(action, ctx, timeout, app_ctx):
    box: dict = {}

    def target():
        try:
            with _app_context(app_ctx):
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
