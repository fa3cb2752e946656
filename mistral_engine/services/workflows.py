"""Workflow definitions: create, update, delete and validate from DSL text.

A document may define several workflows; they are written in one transaction, so a
failure leaves none of them behind.
"""

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, lang
from mistral_engine.services import definitions


def _values(wf_spec, definition: str, scope: str, namespace: str) -> dict:
    spec = dict(wf_spec.data)
    spec.setdefault("name", wf_spec.name)
    return {
        "name": wf_spec.name,
        "tags": list(wf_spec.tags or []),
        "definition": definition,
        "checksum": definitions.checksum(definition),
        "spec": spec,
        "scope": scope,
        "namespace": namespace or "",
    }


def _parse(text: str, validate: bool):
    """The workflow specs of a document and the definition text Mistral stores for each."""
    wf_list = lang.parse_workflows(text, validate=definitions.validation_enabled(validate))
    names = [wf_spec.name for wf_spec in wf_list.workflows]
    return wf_list.workflows, lang.workflow_definitions(text, names)


def not_found(identifier, namespace) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(
        f"Workflow not found [workflow_identifier={identifier}, namespace={namespace or ''}]"
    )


def create_workflows(
    ctx, text: str, *, namespace: str = "", scope: str = "private", validate: bool = True
) -> list[models.WorkflowDefinition]:
    definitions.check_scope(scope)
    wf_specs, texts = _parse(text, validate)
    with db_session.transaction() as session:
        rows = []
        for wf_spec in wf_specs:
            values = _values(wf_spec, texts[wf_spec.name], scope, namespace)
            row = models.WorkflowDefinition(project_id=ctx.project_id, **values)
            rows.append(db_api.insert(session, row))
    return rows


def update_workflows(
    ctx,
    text: str,
    *,
    identifier: str | None = None,
    namespace: str = "",
    scope: str = "private",
    validate: bool = True,
):
    definitions.check_scope(scope)
    wf_specs, texts = _parse(text, validate)
    if identifier and len(wf_specs) > 1:
        raise exceptions.InputException(
            "More than one workflows are not supported for update with identifier. "
            f"[identifier: {identifier}]"
        )
    with db_session.transaction() as session:
        rows = []
        for wf_spec in wf_specs:
            key = identifier or wf_spec.name
            row = db_api.find_by_identifier(
                session, models.WorkflowDefinition, ctx.caller, key, namespace
            )
            if row is None:
                raise not_found(key, namespace)
            definitions.ensure_owner(ctx, row)
            values = _values(wf_spec, texts[wf_spec.name], scope, namespace)
            values["namespace"] = row.namespace
            _check_scope_change(session, row, scope)
            for column, value in values.items():
                setattr(row, column, value)
            db_api.flush_or_duplicate(session, row)
            rows.append(row)
    return rows


def _check_scope_change(session, row, new_scope: str) -> None:
    """A public workflow used by other projects' triggers cannot become private."""
    if row.scope != "public" or new_scope != "private":
        return
    for model, label in ((models.CronTrigger, "cron"), (models.EventTrigger, "event")):
        used = session.execute(
            sa.select(sa.func.count())
            .select_from(model)
            .where(model.workflow_id == row.id, model.project_id != row.project_id)
        ).scalar_one()
        if used:
            raise exceptions.NotAllowedException(
                f"Can not update scope of workflow that has {label} triggers associated in "
                f"other tenants. [workflow_identifier={row.id}, namespace={row.namespace}]"
            )


def get_workflow(ctx, identifier: str, namespace: str = ""):
    with db_session.transaction(read_only=True) as session:
        row = db_api.find_by_identifier(
            session, models.WorkflowDefinition, ctx.caller, identifier, namespace
        )
    if row is None:
        raise not_found(identifier, namespace)
    return row


def delete_workflow(ctx, identifier: str, namespace: str = "") -> None:
    with db_session.transaction() as session:
        row = db_api.find_by_identifier(
            session, models.WorkflowDefinition, ctx.caller, identifier, namespace
        )
        if row is None:
            raise not_found(identifier, namespace)
        definitions.ensure_owner(ctx, row)
        _check_no_triggers(session, row, identifier, namespace)
        session.execute(
            sa.delete(models.ResourceMember).where(
                models.ResourceMember.resource_id == row.id,
                models.ResourceMember.resource_type == "workflow",
            )
        )
        db_api.delete(session, row)


def _check_no_triggers(session, row, identifier, namespace) -> None:
    cron_ids = (
        session.execute(
            sa.select(models.CronTrigger.id).where(models.CronTrigger.workflow_id == row.id)
        )
        .scalars()
        .all()
    )
    if cron_ids:
        raise exceptions.DBError(
            "Can't delete workflow that has cron triggers associated. "
            f"[workflow_identifier={identifier}, namespace={namespace or ''}], "
            f"[cron_trigger_id(s)={', '.join(cron_ids)}]"
        )
    event_ids = (
        session.execute(
            sa.select(models.EventTrigger.id).where(models.EventTrigger.workflow_id == row.id)
        )
        .scalars()
        .all()
    )
    if event_ids:
        raise exceptions.DBError(
            "Can't delete workflow that has event triggers associated. "
            f"[workflow_identifier={identifier}], [event_trigger_id(s)={', '.join(event_ids)}]"
        )


def validate_workflows(text: str) -> dict:
    """The body of the validate endpoints: ``{"valid": true}`` or the parser's error."""
    try:
        lang.parse_workflows(text, validate=True)
    except exceptions.DSLParsingException as error:
        return {"valid": False, "error": str(error)}
    return {"valid": True}
