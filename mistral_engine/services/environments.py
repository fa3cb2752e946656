"""Environments: named sets of variables a workflow execution can start with (``params.env``).

An environment is identified by its name alone (unique per project, no namespace).
"""

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.services import definitions

# The columns a client may set; everything else is the server's.
FIELDS = ("name", "description", "variables", "scope")


def not_found(name: str) -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(f"Environment not found [name={name}]")


def _find(session, ctx, name: str):
    row = db_api.find_one(session, models.Environment, ctx.caller, name=name)
    if row is None:
        raise not_found(name)
    return row


def create_environment(ctx, values: dict) -> models.Environment:
    """``values`` holds some of FIELDS; ``name`` is required."""
    if not values.get("name"):
        raise exceptions.InputException("Name of the environment is not provided.")
    scope = definitions.check_scope(values.get("scope") or "private")
    row = models.Environment(
        project_id=ctx.project_id,
        name=values["name"],
        description=values.get("description"),
        variables=values.get("variables"),
        scope=scope,
    )
    with db_session.transaction() as session:
        db_api.insert(session, row)
    return row


def update_environment(ctx, name: str, values: dict) -> models.Environment:
    """Set the given fields; those absent from ``values`` keep their value."""
    if "scope" in values:
        definitions.check_scope(values["scope"])
    with db_session.transaction() as session:
        row = _find(session, ctx, name)
        definitions.ensure_owner(ctx, row)
        for column in ("description", "variables", "scope"):
            if column in values:
                setattr(row, column, values[column])
        db_api.flush_or_duplicate(session, row)
    return row


def get_environment(ctx, name: str) -> models.Environment:
    with db_session.transaction(read_only=True) as session:
        return _find(session, ctx, name)


def delete_environment(ctx, name: str) -> None:
    with db_session.transaction() as session:
        row = _find(session, ctx, name)
        definitions.ensure_owner(ctx, row)
        db_api.delete(session, row)
