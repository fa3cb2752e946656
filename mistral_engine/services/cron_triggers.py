"""Cron triggers: create, read and delete them (POST/GET/DELETE /v2/cron_triggers).

A trigger starts its workflow at ``next_execution_time``; the engine's cron thread
(``engine.cron``) fires due triggers and moves them on. Messages and rules are Mistral 23's.
"""

import datetime

import croniter

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.engine import lookup
from mistral_engine.engine.workflows import validate_input
from mistral_engine.services import definitions

# Mistral's column default: a trigger without a pattern "fires" on February 30th.
NEVER = "0 0 30 2 0"


def not_found(identifier: str) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(f"Cron trigger not found [identifier={identifier}]")


def next_execution_time(pattern: str, after: datetime.datetime) -> datetime.datetime:
    return croniter.croniter(pattern, after).get_next(datetime.datetime)


def _first_time(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise exceptions.InvalidModelException(str(error)) from None


def _validate(pattern, first_time, count) -> None:
    if not (first_time or pattern):
        raise exceptions.InvalidModelException("Pattern or first_execution_time must be specified.")
    if first_time:
        if models.utcnow() + datetime.timedelta(seconds=60) > first_time:
            raise exceptions.InvalidModelException(
                "first_execution_time must be at least 1 minute in the future."
            )
        if not pattern and count and count > 1:
            raise exceptions.InvalidModelException(
                "Pattern must be provided if count is superior to 1."
            )
    if pattern:
        try:
            croniter.croniter(pattern)
        except (ValueError, KeyError):
            raise exceptions.InvalidModelException(
                f"The specified pattern is not valid: {pattern}"
            ) from None


def create_cron_trigger(
    ctx,
    *,
    name,
    workflow_name=None,
    workflow_id=None,
    workflow_input=None,
    workflow_params=None,
    pattern=None,
    first_time=None,
    count=None,
    scope="private",
) -> models.CronTrigger:
    first_time = _first_time(first_time)
    _validate(pattern, first_time, count)
    if first_time:
        next_time = first_time
        if not (pattern or count):
            count = 1
    else:
        next_time = next_execution_time(pattern, models.utcnow())
    scope = definitions.check_scope(scope or "private")
    with db_session.transaction() as session:
        wf_def = lookup.workflow_definition(session, ctx.caller, workflow_id or workflow_name)
        wf_spec = lookup.workflow_spec(wf_def.spec, (wf_def.id, str(wf_def.updated_at)))
        validate_input(wf_spec, workflow_input or {})
        row = models.CronTrigger(
            id=models.new_id(),
            name=name,
            pattern=pattern or NEVER,
            first_execution_time=first_time,
            next_execution_time=next_time,
            remaining_executions=count,
            workflow_name=wf_def.name,
            workflow_id=wf_def.id,
            workflow_input=workflow_input or {},
            workflow_params=workflow_params or {},
            scope=scope,
            project_id=ctx.project_id,
            created_at=models.utcnow(),
        )
        db_api.insert(session, row)
    return row


def _find(session, ctx, identifier: str):
    row = db_api.find_by_identifier(
        session, models.CronTrigger, ctx.caller, identifier, insecure=ctx.is_admin
    )
    if row is None:
        raise not_found(identifier)
    return row


def get_cron_trigger(ctx, identifier: str) -> models.CronTrigger:
    with db_session.transaction(read_only=True) as session:
        return _find(session, ctx, identifier)


def delete_cron_trigger(ctx, identifier: str) -> None:
    with db_session.transaction() as session:
        row = _find(session, ctx, identifier)
        definitions.ensure_owner(ctx, row)
        db_api.delete(session, row)
