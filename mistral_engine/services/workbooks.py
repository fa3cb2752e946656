"""Workbooks: create, update, get, delete and validate, with the items they define.

Creating or updating a workbook (re)writes its ad-hoc actions and workflows as
``<workbook>.<name>`` in the workbook's namespace, project and scope, all in the one
transaction that writes the workbook. Each item's ``definition`` is its fragment cut
from the workbook text. As in Mistral, items dropped from a workbook on update and the
items of a deleted workbook stay registered.
"""

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, lang
from mistral_engine.services import actions as action_service
from mistral_engine.services import definitions


def _parse(text: str, validate: bool):
    return lang.parse_workbook(text, validate=definitions.validation_enabled(validate))


def _values(wb_spec, text: str, scope: str, namespace: str) -> dict:
    return {
        "name": wb_spec.name,
        "tags": list(wb_spec.tags or []),
        "definition": text,
        "spec": dict(wb_spec.data),
        "scope": scope,
        "namespace": namespace or "",
    }


def _find(session, ctx, name: str, namespace: str):
    return db_api.find_one(
        session, models.WorkbookDefinition, ctx.caller, name=name, namespace=namespace or ""
    )


def create_workbook(
    ctx, text: str, *, namespace: str = "", scope: str = "private", validate: bool = True
) -> models.WorkbookDefinition:
    definitions.check_scope(scope)
    wb_spec = _parse(text, validate)
    with db_session.transaction() as session:
        row = models.WorkbookDefinition(
            project_id=ctx.project_id, **_values(wb_spec, text, scope, namespace)
        )
        db_api.insert(session, row)
        _write_items(session, ctx, row, wb_spec)
    return row


def update_workbook(
    ctx, text: str, *, namespace: str = "", scope: str = "private", validate: bool = True
) -> models.WorkbookDefinition:
    definitions.check_scope(scope)
    wb_spec = _parse(text, validate)
    with db_session.transaction() as session:
        row = _find(session, ctx, wb_spec.name, namespace)
        if row is None:
            raise exceptions.DBEntityNotFoundError(
                f"Workbook not found [name={wb_spec.name}, namespace={namespace or ''}]"
            )
        definitions.ensure_owner(ctx, row)
        for column, value in _values(wb_spec, text, scope, namespace).items():
            setattr(row, column, value)
        row.updated_at = models.utcnow()
        db_api.flush_or_duplicate(session, row)
        _write_items(session, ctx, row, wb_spec)
    return row


def _write_items(session, ctx, wb_row, wb_spec) -> None:
    """Create or overwrite the workbook's actions, then its workflows."""
    for spec in wb_spec.actions:
        name = f"{wb_row.name}.{spec.name}"
        fragment = lang.extract_fragment(wb_row.definition, spec.name, "actions")
        values = action_service.action_values(spec, fragment, wb_row.scope, wb_row.namespace)
        values["name"] = name
        action_service.check_not_system(session, name)
        existing = _own_item(session, ctx, models.ActionDefinition, name, wb_row.namespace)
        if existing is None:
            action_service.insert_action(session, wb_row.project_id, values)
        else:
            action_service.update_row(session, existing, values)
    for spec in wb_spec.workflows:
        name = f"{wb_row.name}.{spec.name}"
        fragment = lang.extract_fragment(wb_row.definition, spec.name, "workflows")
        values = {
            "name": name,
            "tags": list(spec.tags or []),
            "definition": fragment,
            "checksum": definitions.checksum(fragment),
            "spec": dict(spec.data),
            "scope": wb_row.scope,
            "namespace": wb_row.namespace,
            "is_system": False,
        }
        existing = _own_item(session, ctx, models.WorkflowDefinition, name, wb_row.namespace)
        if existing is None:
            row = models.WorkflowDefinition(project_id=wb_row.project_id, **values)
            db_api.insert(session, row)
            continue
        for column, value in values.items():
            setattr(existing, column, value)
        existing.updated_at = models.utcnow()
        db_api.flush_or_duplicate(session, existing)


def _own_item(session, ctx, model, name: str, namespace: str):
    """The row the workbook item overwrites: same name and namespace, visible to the
    caller; another project's row may not be overwritten."""
    row = db_api.find_one(session, model, ctx.caller, name=name, namespace=namespace)
    if row is not None:
        definitions.ensure_owner(ctx, row)
    return row


def get_workbook(ctx, name: str, namespace: str = "") -> models.WorkbookDefinition:
    with db_session.transaction(read_only=True) as session:
        row = _find(session, ctx, name, namespace)
    if row is None:
        raise exceptions.DBEntityNotFoundError(
            f"Workbook not found [name={name}, namespace={namespace or ''}]"
        )
    return row


def delete_workbook(ctx, name: str, namespace: str = "") -> None:
    """Deletes the workbook only: its workflows and actions stay, as in Mistral."""
    with db_session.transaction() as session:
        row = _find(session, ctx, name, namespace)
        if row is None:
            raise exceptions.DBEntityNotFoundError(
                f"Workbook not found [workbook_name={name}, namespace={namespace or ''}]"
            )
        definitions.ensure_owner(ctx, row)
        session.execute(
            sa.delete(models.ResourceMember).where(
                models.ResourceMember.resource_id == row.id,
                models.ResourceMember.resource_type == "workbook",
            )
        )
        db_api.delete(session, row)


def validate_workbook(text: str) -> dict:
    """The body of POST /v2/workbooks/validate."""
    try:
        lang.parse_workbook(text, validate=True)
    except exceptions.DSLParsingException as error:
        return {"valid": False, "error": str(error)}
    return {"valid": True}
