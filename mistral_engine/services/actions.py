"""Ad-hoc action definitions: create, update, get, delete and validate from DSL text.

System actions (``is_system``) live in the same table, written by ``populate``; they can
be read but never modified or deleted through these functions. A document may define
several actions; they are written in one transaction.
"""

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, lang
from mistral_engine.actions import catalogue
from mistral_engine.services import definitions


def action_values(spec, definition: str, scope: str, namespace: str) -> dict:
    """The columns of one ad-hoc action row built from its spec."""
    return {
        "name": spec.name,
        "description": spec.description,
        "tags": list(spec.tags or []),
        "definition": definition,
        "spec": dict(spec.data),
        "is_system": False,
        "input": spec.input_string(),
        "scope": scope,
        "namespace": namespace or "",
    }


def system_action_error(name: str) -> exceptions.InvalidActionException:
    return exceptions.InvalidActionException(f"Attempt to modify a system action: {name}")


def _not_found(identifier, namespace) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(
        f"Action definition not found [action_name={identifier}, namespace={namespace or ''}]"
    )


def _system_row(session, name: str):
    return db_api.find_one(
        session,
        models.ActionDefinition,
        db_api.Caller(),
        insecure=True,
        name=name,
        namespace="",
        is_system=True,
    )


def check_not_system(session, name: str) -> None:
    """Refuse to write an ad-hoc action that would take a system action's name."""
    if catalogue.is_system_action(name) or _system_row(session, name) is not None:
        raise system_action_error(name)


def insert_action(session, project_id: str, values: dict) -> models.ActionDefinition:
    return db_api.insert(session, models.ActionDefinition(project_id=project_id, **values))


def update_row(session, row, values: dict):
    """Overwrite ``row`` with ``values`` and flush (409 when the new name is taken)."""
    for column, value in values.items():
        setattr(row, column, value)
    row.updated_at = models.utcnow()
    db_api.flush_or_duplicate(session, row)
    return row


def _parse(text: str):
    return lang.parse_actions(text, validate=True).actions


def create_actions(
    ctx, text: str, *, namespace: str = "", scope: str = "private"
) -> list[models.ActionDefinition]:
    definitions.check_scope(scope)
    specs = _parse(text)
    with db_session.transaction() as session:
        rows = []
        for spec in specs:
            check_not_system(session, spec.name)
            values = action_values(spec, text, scope, namespace)
            rows.append(insert_action(session, ctx.project_id, values))
    return rows


def update_actions(
    ctx,
    text: str,
    *,
    identifier: str | None = None,
    namespace: str = "",
    scope: str = "private",
) -> list[models.ActionDefinition]:
    definitions.check_scope(scope)
    specs = _parse(text)
    if identifier and len(specs) > 1:
        raise exceptions.InputException(
            "More than one actions are not supported for update with identifier. "
            f"[identifier: {identifier}]"
        )
    with db_session.transaction() as session:
        rows = []
        for spec in specs:
            check_not_system(session, spec.name)
            key = identifier or spec.name
            row = db_api.find_by_identifier(
                session, models.ActionDefinition, ctx.caller, key, namespace
            )
            if row is None:
                raise _not_found(key, namespace)
            if row.is_system:
                raise system_action_error(row.name)
            definitions.ensure_owner(ctx, row)
            rows.append(update_row(session, row, action_values(spec, text, scope, namespace)))
    return rows


def get_action(ctx, identifier: str, namespace: str = "") -> models.ActionDefinition:
    """By UUID or by name in ``namespace``, falling back to the default namespace."""
    with db_session.transaction(read_only=True) as session:
        row = db_api.find_by_identifier(
            session, models.ActionDefinition, ctx.caller, identifier, namespace
        )
        if row is None and namespace:
            row = db_api.find_by_identifier(
                session, models.ActionDefinition, ctx.caller, identifier, ""
            )
    if row is None:
        raise exceptions.DBEntityNotFoundError(
            f"Action not found [name={identifier}, namespace={namespace or ''}]"
        )
    return row


def delete_action(ctx, identifier: str, namespace: str = "") -> None:
    with db_session.transaction() as session:
        row = db_api.find_by_identifier(
            session, models.ActionDefinition, ctx.caller, identifier, namespace
        )
        if row is None and namespace:
            row = _system_row(session, identifier)
        if row is None:
            raise _not_found(identifier, namespace)
        if row.is_system:
            raise exceptions.DataAccessException(f"Attempt to delete a system action: {identifier}")
        definitions.ensure_owner(ctx, row)
        db_api.delete(session, row)


def validate_actions(text: str) -> dict:
    """The body of POST /v2/actions/validate."""
    try:
        lang.parse_actions(text, validate=True)
    except exceptions.DSLParsingException as error:
        return {"valid": False, "error": str(error)}
    return {"valid": True}
