"""Generic CRUD on any model, honouring visibility; every call takes the open session.

Aggregate-specific lookups (by name and namespace, by identifier) live here too while
they are one-liners over the generic ones.
"""

import functools
import re

import sqlalchemy as sa
from sqlalchemy import exc

from mistral_db.query import (
    CALLER_PARAM,
    Caller,
    ListQuery,
    caller_params,
    is_secure,
    list_rows,
    restrict_to_visible,
    visible,
)
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


@functools.cache
def _lookup_statement(model, columns: tuple, secure: bool, for_update: bool, key_only: bool):
    """A cached select of ``model`` (or of its id and updated_at, when ``key_only``) by
    ``columns`` (bound as ``by_<column>``)."""
    stmt = sa.select(model.id, model.updated_at) if key_only else sa.select(model)
    if secure:
        stmt = restrict_to_visible(stmt, model)
    for column in columns:
        stmt = stmt.where(getattr(model, column) == sa.bindparam(f"by_{column}"))
    if hasattr(model, "project_id") and "id" not in columns:
        # Prefer the caller's own row over a public one of the same name.
        own_first = sa.case((model.project_id == sa.bindparam(CALLER_PARAM), 0), else_=1)
        stmt = stmt.order_by(own_first)
    stmt = stmt.limit(1)
    return stmt.with_for_update() if for_update else stmt


def find_one(
    session,
    model,
    caller: Caller,
    *,
    insecure: bool = False,
    for_update: bool = False,
    key_only: bool = False,
    **by,
):
    """The first visible row matching every ``column=value`` (own project's row first);
    with ``key_only``, just its ``(id, updated_at)``, which a Core Connection can read."""
    columns = tuple(sorted(by))
    secure = is_secure(model, caller, insecure)
    stmt = _lookup_statement(model, columns, secure, for_update, key_only)
    params = caller_params(caller)
    params.update({f"by_{column}": by[column] for column in columns})
    result = session.execute(stmt, params)
    return result.one_or_none() if key_only else result.scalar_one_or_none()


def get_by_id(
    session,
    model,
    caller: Caller,
    obj_id: str,
    *,
    insecure: bool = False,
    for_update: bool = False,
    key_only: bool = False,
):
    return find_one(
        session,
        model,
        caller,
        insecure=insecure,
        for_update=for_update,
        key_only=key_only,
        id=obj_id,
    )


def find_by_identifier(
    session,
    model,
    caller: Caller,
    identifier: str,
    namespace: str | None = None,
    *,
    insecure: bool = False,
    key_only: bool = False,
):
    """A definition by UUID, or by name within exactly ``namespace`` ('' by default)."""
    if is_uuid(identifier):
        row = get_by_id(session, model, caller, identifier, insecure=insecure, key_only=key_only)
        if row is not None:
            return row
    by = {"name": identifier}
    if hasattr(model, "namespace"):
        by["namespace"] = namespace or ""
    return find_one(session, model, caller, insecure=insecure, key_only=key_only, **by)


def duplicate_message(obj) -> str:
    """Mistral's 409 text for ``obj``, naming its unique key and values."""
    label, columns = obj.unique_label
    custom = getattr(obj, "duplicate_format", None)
    if custom:
        return custom.format(**{c: getattr(obj, c) for c in columns})
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


def rows_by_id(session, model, ids: list[str]) -> list:
    """The rows with these ids (no visibility check: the caller already made one)."""
    return list(session.execute(sa.select(model).where(model.id.in_(ids))).scalars())


def count(session, model, caller: Caller, **by) -> int:
    stmt = visible(sa.select(sa.func.count()).select_from(model), model, caller)
    for column, value in by.items():
        stmt = stmt.where(getattr(model, column) == value)
    return session.execute(stmt, caller_params(caller)).scalar_one()
