"""Generic CRUD on any model, honouring visibility; every call takes the open session.

Aggregate-specific lookups (by name and namespace, by identifier) live here too while
they are one-liners over the generic ones.
"""

import re

import sqlalchemy as sa
from sqlalchemy import exc

from mistral_db.query import Caller, ListQuery, list_rows, visible
from mistral_engine import exceptions

__all__ = [
    "Caller",
    "ListQuery",
    "list_rows",
    "is_uuid",
    "get_by_id",
    "find_one",
    "find_by_identifier",
    "insert",
    "flush_or_duplicate",
    "delete",
    "count",
]

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
    r"[0-9a-fA-F]{12}$"
)


def is_uuid(value) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def get_by_id(
    session, model, caller: Caller, obj_id: str, *, insecure: bool = False, for_update: bool = False
):
    stmt = visible(sa.select(model).where(model.id == obj_id), model, caller, insecure)
    if for_update:
        stmt = stmt.with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def find_one(session, model, caller: Caller, *, insecure: bool = False, **by):
    """The first visible row matching every ``column=value`` (own project's row first)."""
    stmt = visible(sa.select(model), model, caller, insecure)
    for column, value in by.items():
        stmt = stmt.where(getattr(model, column) == value)
    if hasattr(model, "project_id"):
        # Prefer the caller's own row over a public one of the same name.
        stmt = stmt.order_by(sa.case((model.project_id == caller.project_id, 0), else_=1))
    return session.execute(stmt.limit(1)).scalar_one_or_none()


def find_by_identifier(
    session,
    model,
    caller: Caller,
    identifier: str,
    namespace: str | None = None,
    *,
    insecure: bool = False,
):
    """A definition by UUID, or by name within exactly ``namespace`` ('' by default)."""
    if is_uuid(identifier):
        row = get_by_id(session, model, caller, identifier, insecure=insecure)
        if row is not None:
            return row
    by = {"name": identifier}
    if hasattr(model, "namespace"):
        by["namespace"] = namespace or ""
    return find_one(session, model, caller, insecure=insecure, **by)


def duplicate_message(obj) -> str:
    label, columns = obj.unique_label
    values = ", ".join("" if getattr(obj, c) is None else str(getattr(obj, c)) for c in columns)
    return f"Duplicate entry for {label} {columns}: {values}"


def flush_or_duplicate(session, obj=None) -> None:
    """Flush pending writes; a unique-key clash becomes a 409 naming ``obj``'s key."""
    try:
        session.flush()
    except exc.IntegrityError as error:
        if obj is None or not _is_duplicate(error):
            raise exceptions.DBError(f"Database error: {error.orig}") from error
        raise exceptions.DBDuplicateEntryError(duplicate_message(obj)) from error


def _is_duplicate(error: exc.IntegrityError) -> bool:
    text = str(error.orig).lower()
    return "unique" in text or "duplicate" in text


def insert(session, obj):
    session.add(obj)
    flush_or_duplicate(session, obj)
    return obj


def delete(session, obj) -> None:
    session.delete(obj)
    session.flush()


def count(session, model, caller: Caller, **by) -> int:
    stmt = visible(sa.select(sa.func.count()).select_from(model), model, caller)
    for column, value in by.items():
        stmt = stmt.where(getattr(model, column) == value)
    return session.execute(stmt).scalar_one()
