"""The one list query used by every list endpoint: visibility, filters, sort, marker, limit.

Filters arrive already parsed as ``{field: (op, value)}``; operators are those of
Mistral's API (eq, neq, in, nin, gt, gte, lt, lte, has). ``tags`` matches rows that carry
every given tag.
"""

import dataclasses
from typing import Any

import sqlalchemy as sa

from mistral_db import models
from mistral_engine import exceptions

OPERATORS = ("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "has")

# Models whose rows can also be shared with other projects through resource members.
_SHAREABLE = {models.WorkflowDefinition: "workflow", models.WorkbookDefinition: "workbook"}


@dataclasses.dataclass(frozen=True)
class Caller:
    """Who is asking: decides which rows are visible."""

    project_id: str = "<default-project>"
    is_admin: bool = False


@dataclasses.dataclass
class ListQuery:
    limit: int | None = None
    marker: str | None = None
    sort_keys: list[str] = dataclasses.field(default_factory=lambda: ["created_at"])
    sort_dirs: list[str] = dataclasses.field(default_factory=lambda: ["asc"])
    filters: dict[str, tuple[str, Any]] = dataclasses.field(default_factory=dict)
    nulls: list[str] = dataclasses.field(default_factory=list)
    all_projects: bool = False
    marker_not_found: str | None = None  # message format with {id}


CALLER_PARAM = "caller_project"


def caller_params(caller: Caller) -> dict:
    """Execution parameters of statements built by ``visible``."""
    return {CALLER_PARAM: caller.project_id}


def is_secure(model, caller: Caller, insecure: bool = False) -> bool:
    return not (insecure or caller.is_admin or not hasattr(model, "scope"))


def restrict_to_visible(stmt, model):
    """Keep only rows the caller (bound as ``caller_project``) may see: its own, public
    ones, and workflows or workbooks shared with it (Mistral's secure query)."""
    project = sa.bindparam(CALLER_PARAM)
    conditions = [model.project_id == project, model.scope == "public"]
    resource_type = _SHAREABLE.get(model)
    if resource_type:
        shared = sa.select(models.ResourceMember.resource_id).where(
            models.ResourceMember.resource_type == resource_type,
            models.ResourceMember.member_id == project,
            models.ResourceMember.status == "accepted",
        )
        conditions.append(model.id.in_(shared))
    return stmt.where(sa.or_(*conditions))


def visible(stmt, model, caller: Caller, insecure: bool = False):
    """``stmt`` restricted for ``caller``; execute it with ``caller_params(caller)``."""
    if not is_secure(model, caller, insecure):
        return stmt
    return restrict_to_visible(stmt, model)


def apply_filters(stmt, model, filters: dict[str, tuple[str, Any]], nulls=()):
    for field, (op, value) in filters.items():
        column = getattr(model, field, None)
        if column is None:
            raise exceptions.BadRequest(f"Unknown filter field: {field}")
        if field == "tags":
            tags = value if isinstance(value, list) else str(value).split(",")
            as_text = sa.type_coerce(column, sa.Text)  # match the stored JSON text
            for tag in tags:
                stmt = stmt.where(as_text.like(f'%"{_escape_like(tag)}"%', escape="\\"))
            continue
        stmt = stmt.where(_condition(column, op, value))
    for field in nulls:
        stmt = stmt.where(getattr(model, field).is_(None))
    return stmt


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _condition(column, op: str, value):
    if op == "eq":
        return column.is_(None) if value is None else column == value
    if op == "neq":
        return column.is_not(None) if value is None else column != value
    if op == "in":
        return column.in_(value)
    if op == "nin":
        return column.not_in(value)
    if op == "gt":
        return column > value
    if op == "gte":
        return column >= value
    if op == "lt":
        return column < value
    if op == "lte":
        return column <= value
    if op == "has":
        return column.like(f"%{value}%")
    raise exceptions.BadRequest(f"Unknown filter operator: {op}")


def paginate(stmt, model, session, query: ListQuery, caller: Caller, insecure: bool):
    """Order by the sort keys (plus id as a tie-breaker) and start after the marker."""
    sort = list(zip(query.sort_keys, query.sort_dirs, strict=True))
    if "id" not in query.sort_keys:
        sort.append(("id", query.sort_dirs[-1] if query.sort_dirs else "asc"))
    for key, _ in sort:
        if not hasattr(model, key) or not isinstance(
            getattr(model, key).property, sa.orm.ColumnProperty
        ):
            raise exceptions.BadRequest(f"Unknown sort key: {key}")
    if query.marker:
        marker_row = session.execute(
            visible(sa.select(model).where(model.id == query.marker), model, caller, insecure),
            caller_params(caller),
        ).scalar_one_or_none()
        if marker_row is None:
            raise exceptions.DBEntityNotFoundError(
                query.marker_not_found.format(id=query.marker)
                if query.marker_not_found
                else f"{model.unique_label[0]} not found [id={query.marker}]"
            )
        stmt = stmt.where(_after_marker(model, sort, marker_row))
    # NULLs first when ascending, as SQLite and MySQL do by default; PostgreSQL is told.
    explicit_nulls = session.get_bind().dialect.name == "postgresql"
    order = []
    for key, direction in sort:
        column = getattr(model, key)
        if direction == "desc":
            order.append(column.desc().nulls_last() if explicit_nulls else column.desc())
        else:
            order.append(column.asc().nulls_first() if explicit_nulls else column.asc())
    stmt = stmt.order_by(*order)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    return stmt


def _after_marker(model, sort, marker_row):
    """Rows strictly after the marker in the (key1, key2, ..., id) ordering."""
    alternatives = []
    for i, (key, direction) in enumerate(sort):
        equal_prefix = [
            _eq_nullsafe(getattr(model, k), getattr(marker_row, k)) for k, _ in sort[:i]
        ]
        column, value = getattr(model, key), getattr(marker_row, key)
        if value is None:
            # NULLs sort first ascending (we treat them so everywhere): any non-null is after.
            step = column.is_not(None) if direction == "asc" else sa.false()
        elif direction == "asc":
            step = column > value
        else:
            step = sa.or_(column < value, column.is_(None))
        alternatives.append(sa.and_(*equal_prefix, step))
    return sa.or_(*alternatives)


def _eq_nullsafe(column, value):
    return column.is_(None) if value is None else column == value


def list_rows(
    session,
    model,
    query: ListQuery,
    caller: Caller,
    insecure: bool = False,
    extra_where=(),
    columns=None,
):
    """The page of rows (or of ``columns`` tuples, when given) the query selects."""
    selected = sa.select(*columns) if columns else sa.select(model)
    stmt = visible(selected, model, caller, insecure or query.all_projects)
    for condition in extra_where:
        stmt = stmt.where(condition)
    stmt = apply_filters(stmt, model, query.filters, query.nulls)
    stmt = paginate(stmt, model, session, query, caller, insecure or query.all_projects)
    result = session.execute(stmt, caller_params(caller))
    return list(result.all() if columns else result.scalars())
