"""The executor's RPC endpoint: run one action, report its result to the engine."""

import logging

import sqlalchemy as sa

from mistral_db import models
from mistral_db import session as db_session
from mistral_engine.actions import dynamic, inputs, registry, runner

LOG = logging.getLogger(__name__)


def _still_running(action_ex_id: str) -> bool:
    with db_session.transaction(read_only=True) as session:
        state = session.execute(
            sa.select(models.ActionExecution.state).where(models.ActionExecution.id == action_ex_id)
        ).scalar_one_or_none()
    return state in (None, "RUNNING")


def build_action(action: dict):
    """The mistral-lib Action instance described by the engine's message."""
    dyn = action.get("dynamic")
    if dyn:
        with db_session.transaction(read_only=True) as session:
            source = session.get(models.CodeSource, dyn["code_source_id"])
            if source is None:
                raise LookupError(
                    f"Code Source not found [name={dyn['code_source_name']},namespace=]"
                )
            cls = dynamic.load_dynamic_action_class(
                source.name, source.content, dyn["class_name"], source.id, source.version
            )
        return inputs.instantiate(cls, action.get("input"), action["name"])
    cls = registry.get_system_action_class(action["base"])
    if cls is None:
        raise LookupError(f"Failed to find action [action_name={action['base']}]")
    return inputs.instantiate(cls, action.get("input"), action["base"])


class ExecutorEndpoint:
    def __init__(self, engine_client):
        self.engine_client = engine_client

    def run_action(
        self,
        ctx,
        action_ex_id,
        action,
        safe_rerun=False,
        exec_ctx=None,
        async_=True,
        target=None,
        timeout=None,
    ):
        if action_ex_id and not _still_running(action_ex_id):
            LOG.info("Action execution %s is no longer running; not run again", action_ex_id)
            return None
        try:
            instance = build_action(action)
        except Exception as error:  # noqa: BLE001 - reported as the action's error
            result = {"data": None, "error": str(error), "cancel": False}
        else:
            outcome = runner.run_action(
                instance,
                action_ex_id,
                runner.context_info(exec_ctx, action_ex_id, ctx),
                timeout=timeout,
            )
            if not instance.is_sync() and not outcome.is_error():
                return None  # the result comes later through the API
            result = {"data": outcome.data, "error": outcome.error, "cancel": bool(outcome.cancel)}
        if not async_:
            return result
        self.engine_client.on_action_complete(ctx, action_ex_id, result, async_=True)
        return None
