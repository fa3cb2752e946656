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


def _check_fields(model, query: ListQuery, sort) -> None:
    for field in query.filters:
        if getattr(model, field, None) is None:
            raise exceptions.BadRequest(f"Unknown filter field: {field}")
    for key, _ in sort:
        if not hasattr(model, key) or not isinstance(
            getattr(model, key).property, sa.orm.ColumnProperty
        ):
            raise exceptions.BadRequest(f"Unknown sort key: {key}")
    for op, _ in query.filters.values():
        if op not in OPERATORS:
            raise exceptions.BadRequest(f"Unknown filter operator: {op}")


def _filter_shape(filters: dict[str, tuple[str, Any]]) -> tuple:
    """What of the filters decides the SQL text: fields, operators, tag counts, NULLs."""
    shape = []
    for field, (op, value) in filters.items():
        if field == "tags":
            shape.append((field, op, len(_tags(value))))
        elif op in ("eq", "neq") and value is None:
            shape.append((field, op, None))
        else:
            shape.append((field, op, "value"))
    return tuple(shape)


def _tags(value) -> list:
    return value if isinstance(value, list) else str(value).split(",")


def _filter_conditions(model, shape: tuple) -> list:
    conditions = []
    for i, (field, op, kind) in enumerate(shape):
        column = getattr(model, field)
        if field == "tags":
            as_text = sa.type_coerce(column, sa.Text)  # match the stored JSON text
            for j in range(kind):
                conditions.append(as_text.like(sa.bindparam(f"f{i}_{j}"), escape="\\"))
        elif kind is None:
            conditions.append(column.is_(None) if op == "eq" else column.is_not(None))
        else:
            conditions.append(_condition(column, op, f"f{i}"))
    return conditions


def _filter_params(filters: dict[str, tuple[str, Any]]) -> dict:
    params = {}
    for i, (field, (op, value)) in enumerate(filters.items()):
        if field == "tags":
            for j, tag in enumerate(_tags(value)):
                params[f"f{i}_{j}"] = f'%"{_escape_like(tag)}"%'
        elif op == "has":
            params[f"f{i}"] = f"%{value}%"
        elif op in ("in", "nin"):
            params[f"f{i}"] = list(value) if isinstance(value, (list, tuple)) else [value]
        elif value is not None or op not in ("eq", "neq"):
            params[f"f{i}"] = value
    return params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _condition(column, op: str, name: str):
    if op in ("in", "nin"):
        param = sa.bindparam(name, expanding=True)
        return column.in_(param) if op == "in" else column.not_in(param)
    param = sa.bindparam(name, type_=column.type)
    if op == "eq":
        return column == param
    if op == "neq":
        return column != param
    if op == "gt":
        return column > param
    if op == "gte":
        return column >= param
    if op == "lt":
        return column < param
    if op == "lte":
        return column <= param
    if op == "has":
        return column.like(sa.bindparam(name, type_=sa.String()))
    raise exceptions.BadRequest(f"Unknown filter operator: {op}")


def _sort_of(query: ListQuery) -> tuple:
    sort = list(zip(query.sort_keys, query.sort_dirs, strict=True))
    if "id" not in query.sort_keys:
        sort.append(("id", query.sort_dirs[-1] if query.sort_dirs else "asc"))
    return tuple(sort)


def _after_marker(model, sort, null_keys: frozenset):
    """Rows strictly after the marker (its sort values bound as ``m<i>``) in the
    (key1, key2, ..., id) ordering."""
    alternatives = []
    for i, (key, direction) in enumerate(sort):
        equal_prefix = [_equal_to_marker(model, k, null_keys) for k, _ in sort[:i]]
        column = getattr(model, key)
        if key in null_keys:
            # NULLs sort first ascending (we treat them so everywhere): any non-null is after.
            step = column.is_not(None) if direction == "asc" else sa.false()
        elif direction == "asc":
            step = column > _marker(model, key)
        else:
            step = sa.or_(column < _marker(model, key), column.is_(None))
        alternatives.append(sa.and_(*equal_prefix, step))
    return sa.or_(*alternatives)


def _equal_to_marker(model, key: str, null_keys: frozenset):
    column = getattr(model, key)
    return column.is_(None) if key in null_keys else column == _marker(model, key)


def _marker(model, key: str):
    return sa.bindparam(f"m_{key}", type_=getattr(model, key).type)


# Built statements by shape; the values of a request are bound when it executes, so a
# list builds no SQL expression objects once its shape has been seen.
_statements: dict[tuple, Any] = {}
_STATEMENT_CACHE_SIZE = 2000


def _cached(key: tuple, build):
    stmt = _statements.get(key)
    if stmt is None:
        if len(_statements) >= _STATEMENT_CACHE_SIZE:
            _statements.clear()
        stmt = _statements[key] = build()
    return stmt


def _marker_statement(model, sort, secure: bool):
    def build():
        stmt = sa.select(*(getattr(model, key) for key, _ in sort)).where(
            model.id == sa.bindparam("marker_id")
        )
        return restrict_to_visible(stmt, model) if secure else stmt

    return _cached(("marker", model, sort, secure), build)


def _list_statement(model, shape, sort, secure, columns, null_keys, limit, explicit_nulls):
    def build():
        stmt = sa.select(*columns) if columns else sa.select(model)
        if secure:
            stmt = restrict_to_visible(stmt, model)
        for condition in _filter_conditions(model, shape[0]):
            stmt = stmt.where(condition)
        for field in shape[1]:
            stmt = stmt.where(getattr(model, field).is_(None))
        if null_keys is not None:
            stmt = stmt.where(_after_marker(model, sort, null_keys))
        # NULLs first when ascending, as SQLite and MySQL do by default; PostgreSQL is told.
        order = []
        for key, direction in sort:
            column = getattr(model, key)
            if direction == "desc":
                order.append(column.desc().nulls_last() if explicit_nulls else column.desc())
            else:
                order.append(column.asc().nulls_first() if explicit_nulls else column.asc())
        stmt = stmt.order_by(*order)
        return stmt.limit(limit) if limit is not None else stmt

    key = ("list", model, shape, sort, secure, columns, null_keys, limit, explicit_nulls)
    return _cached(key, build)


def _dialect_name(executor) -> str:
    dialect = getattr(executor, "dialect", None)  # a Connection has one, a Session a bind
    return (dialect or executor.get_bind().dialect).name


def list_rows(
    session,
    model,
    query: ListQuery,
    caller: Caller,
    insecure: bool = False,
    extra_where=(),
    columns=None,
):
    """The page of rows (or of ``columns`` tuples, when given) the query selects, ordered by
    the sort keys (plus id as a tie-breaker) and starting after the marker.

    ``session`` is an ORM Session, or a Core Connection when ``columns`` are given."""
    sort = _sort_of(query)
    _check_fields(model, query, sort)
    secure = is_secure(model, caller, insecure or query.all_projects)
    params = caller_params(caller)
    params.update(_filter_params(query.filters))
    null_keys = None
    if query.marker:
        marker = session.execute(
            _marker_statement(model, sort, secure), {**params, "marker_id": query.marker}
        ).one_or_none()
        if marker is None:
            raise exceptions.DBEntityNotFoundError(
                query.marker_not_found.format(id=query.marker)
                if query.marker_not_found
                else f"{model.unique_label[0]} not found [id={query.marker}]"
            )
        values = dict(zip((key for key, _ in sort), marker, strict=True))
        null_keys = frozenset(key for key, value in values.items() if value is None)
        params.update({f"m_{key}": value for key, value in values.items() if value is not None})
    stmt = _list_statement(
        model,
        (_filter_shape(query.filters), tuple(query.nulls)),
        sort,
        secure,
        tuple(columns) if columns else None,
        null_keys,
        query.limit,
        _dialect_name(session) == "postgresql",
    )
    for condition in extra_where:
        stmt = stmt.where(condition)
    result = session.execute(stmt, params)
    return list(result.all() if columns else result.scalars())
