"""Action executions as the API sees them: reads, ad-hoc runs and completions handed to the
engine, and deletion of finished ad-hoc runs."""

from oslo_config import cfg

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions

COMPLETED = ("SUCCESS", "ERROR", "CANCELLED")
UPDATE_STATES = ["SUCCESS", "ERROR", "CANCELLED", "PAUSED", "RUNNING"]


def not_found(action_ex_id) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(f"ActionExecution not found [id={action_ex_id}]")


def find(session, ctx, action_ex_id, *, for_update=False) -> models.ActionExecution:
    row = db_api.get_by_id(
        session, models.ActionExecution, ctx.caller, action_ex_id, for_update=for_update
    )
    if row is None:
        raise not_found(action_ex_id)
    return row


def get_action_execution(ctx, action_ex_id) -> models.ActionExecution:
    with db_session.transaction(read_only=True) as session:
        return find(session, ctx, action_ex_id)


def start_action(
    ctx, engine, *, name, action_input=None, params=None, description=None, namespace=""
):
    """Run an action outside any workflow. Returns the engine's dict of the action
    execution as it was when the run was started or finished. It is not read back: an
    executor may complete an asynchronous run before the API answers, and Mistral answers
    with the RUNNING execution it stored."""
    if not name:
        raise exceptions.InputException("Please provide at least action name to run action.")
    result = engine.start_action(
        ctx,
        name,
        action_input or {},
        description=description or None,
        namespace=namespace or "",
        params=params or {},
    )
    return result


def complete_action(ctx, engine, action_ex_id, *, state, output=None):
    """PUT /v2/action_executions/{id}: report the result of an (asynchronous) action."""
    if state not in UPDATE_STATES:
        raise exceptions.InvalidResultException(
            f"Error. Expected one of {UPDATE_STATES}, actual: {state}"
        )
    with db_session.transaction(read_only=True) as session:
        find(session, ctx, action_ex_id)
    if state == "SUCCESS":
        result = {"data": output}
    elif state == "ERROR":
        result = {"error": output or "Unknown error"}
    elif state == "CANCELLED":
        result = {"cancel": True}
    else:
        # PAUSED / RUNNING are states an action reports about itself; nothing completes.
        result = None
    if result is not None:
        engine.on_action_complete(ctx, action_ex_id, result)
    with db_session.transaction(read_only=True) as session:
        return find(session, ctx, action_ex_id)


def delete_action_execution(ctx, action_ex_id) -> None:
    if not cfg.CONF.api.allow_action_execution_deletion:
        raise exceptions.NotAllowedException("Action execution deletion is not allowed.")
    with db_session.transaction() as session:
        row = find(session, ctx, action_ex_id, for_update=True)
        if row.task_execution_id:
            raise exceptions.NotAllowedException("Only ad-hoc action execution can be deleted.")
        if row.state not in COMPLETED:
            raise exceptions.NotAllowedException("Only completed action execution can be deleted.")
        db_api.delete(session, row)
