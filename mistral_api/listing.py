"""The list helper every list endpoint calls: query parameters in, one page and `next` out.

It validates limit, sort and fields as Mistral does (same messages), turns filter
parameters with operator prefixes into a ``ListQuery``, runs it in a read transaction and
renders the ``next`` link when the page is full.
"""

import datetime
import urllib.parse

import pecan
import sqlalchemy.orm as sa_orm
from oslo_config import cfg
from wsme.rest import json as wsme_json

from mistral_api import wire_cache
from mistral_api.resources.base import Resource
from mistral_api.resources.types import split_filter
from mistral_db import api as db_api
from mistral_db import query as db_query
from mistral_db import session as db_session
from mistral_engine import exceptions

_DATETIME_FIELDS = {
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
    "next_execution_time",
    "first_execution_time",
}


def clamp_limit(limit):
    max_limit = cfg.CONF.api.max_limit
    if limit is None or limit > max_limit:
        return max_limit
    return limit


def validate_query_params(limit, sort_keys, sort_dirs):
    if limit is not None and limit <= 0:
        raise exceptions.BadRequest("Limit must be positive.")
    if len(sort_keys) < len(sort_dirs):
        raise exceptions.BadRequest("Length of sort_keys must be equal or greater than sort_dirs.")
    if len(sort_keys) > len(sort_dirs):
        sort_dirs.extend(["asc"] * (len(sort_keys) - len(sort_dirs)))
    for sort_dir in sort_dirs:
        if sort_dir not in ("asc", "desc"):
            raise exceptions.BadRequest("Unknown sort direction, must be 'desc' or 'asc'.")


def validate_fields(fields, object_fields):
    invalid = [f for f in fields or () if f not in object_fields]
    if invalid:
        raise exceptions.BadRequest(
            "Some fields do not exist  [{}], please choose from [{}]".format(
                ", ".join(invalid), ", ".join(object_fields)
            )
        )


def _parse_datetime(field, value):
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(
            tzinfo=None
        )
    except ValueError:
        raise exceptions.BadRequest(f"Invalid datetime value for {field}: {value}")


def parse_filters(raw: dict) -> dict:
    """``{'state': 'in:A,B', 'name': 'x', 'tags': None}`` -> ``{'state': ('in', [...]), ...}``."""
    filters = {}
    for field, value in raw.items():
        if value is None:
            continue
        op, parsed = split_filter(value) if isinstance(value, str) else ("eq", value)
        if field in _DATETIME_FIELDS:
            parsed = (
                [_parse_datetime(field, v) for v in parsed]
                if isinstance(parsed, list)
                else _parse_datetime(field, parsed)
            )
        filters[field] = (op, parsed)
    return filters


def _render_filter(value) -> str:
    op, parsed = value
    text = ",".join(map(str, parsed)) if isinstance(parsed, list) else str(parsed)
    return text if op == "eq" else f"{op}:{text}"


def next_link(collection: str, items, limit, sort_keys, sort_dirs, fields, raw_filters):
    if not items or len(items) != limit:
        return None
    last_id = items[-1]["id"]
    args = [("sort_keys", ",".join(sort_keys)), ("sort_dirs", ",".join(sort_dirs))]
    args += [(k, v) for k, v in raw_filters.items() if v is not None]
    query = "".join(f"{k}={urllib.parse.quote(str(v), safe=':,<>')}&" for k, v in args)
    link = f"{pecan.request.application_url}/v2/{collection}?{query}limit={limit}"
    link += f"&marker={last_id}"
    if fields:
        link += "&fields=" + ",".join(fields)
    return link


def _read_columns(model, list_query, ctx, insecure, extra_where, columns) -> list:
    """The page's ``columns`` tuples, read on a reader (autocommit) connection."""
    with db_session.reading() as connection:
        return db_query.list_rows(
            connection,
            model,
            list_query,
            ctx.caller,
            insecure=insecure,
            extra_where=extra_where,
            columns=columns,
        )


def _cached_page(cls, model, list_query, ctx, insecure, extra_where) -> list[dict]:
    keys = [
        wire_cache.key_of(model, row)
        for row in _read_columns(
            model, list_query, ctx, insecure, extra_where, (model.id, model.updated_at)
        )
    ]
    found = wire_cache.lookup(keys)
    missing = [key[1] for key, wire in found.items() if wire is None]
    if missing:
        with db_session.transaction(read_only=True) as session:
            found.update(wire_cache.render_rows(cls, db_api.rows_by_id(session, model, missing)))
    # A row changed between the two reads is left out rather than shown stale.
    return [found[key] for key in keys if found.get(key) is not None]


def get_definition(cls, model, ctx, identifier: str, namespace, load) -> dict:
    """One definition as a GET answers it, by UUID or by name in ``namespace``: its
    rendering comes from the cache when the row is unchanged, else from ``load()``,
    which returns the row or raises the not-found error."""
    with db_session.reading() as connection:
        key_row = db_api.find_by_identifier(
            connection, model, ctx.caller, identifier, namespace, key_only=True
        )
    if key_row is not None:
        wire = wire_cache.get(wire_cache.key_of(model, key_row))
        if wire is not None:
            return wire
    row = load()
    return wire_cache.render_rows(cls, [row])[wire_cache.key_of(model, row)]


def _plain_columns(cls, model, fields) -> tuple | None:
    """The columns to read when every asked-for field is a plain column (a page of
    ``fields=id,state`` then loads no JSON documents); None to read whole rows."""
    if (
        not fields
        or cls.add_computed.__func__ is not Resource.add_computed.__func__
        or any(
            not isinstance(getattr(model, name, None), sa_orm.InstrumentedAttribute)
            or not isinstance(getattr(model, name).property, sa_orm.ColumnProperty)
            for name in fields
        )
    ):
        return None
    return tuple(getattr(model, name) for name in fields)


def get_all(
    list_cls,
    cls,
    model,
    ctx,
    *,
    marker=None,
    limit=None,
    sort_keys=None,
    sort_dirs=None,
    fields=None,
    all_projects=False,
    filters=None,
    nulls=(),
    extra_where=(),
    to_resource=None,
    insecure=False,
    marker_not_found=None,
):
    """One page of ``model`` rows visible to ``ctx`` as a ``list_cls`` resource."""
    sort_keys = list(sort_keys or ["created_at"])
    sort_dirs = list(sort_dirs or ["asc"])
    fields = list(fields or [])
    if fields and "id" not in fields:
        fields.insert(0, "id")
    limit = clamp_limit(limit)
    validate_query_params(limit, sort_keys, sort_dirs)
    validate_fields(fields, cls.get_fields())
    if "id" not in sort_keys:
        # The id breaks ties so that marker pagination is exact; Mistral shows it in `next`.
        sort_keys.append("id")
        sort_dirs.append("asc")
    raw_filters = dict(filters or {})
    list_query = db_query.ListQuery(
        limit=limit,
        marker=marker,
        sort_keys=sort_keys,
        sort_dirs=sort_dirs,
        filters=parse_filters(raw_filters),
        nulls=list(nulls),
        all_projects=all_projects,
        marker_not_found=marker_not_found,
    )
    columns = _plain_columns(cls, model, fields)
    if model in wire_cache.CACHEABLE and not fields and not to_resource:
        items = _cached_page(cls, model, list_query, ctx, insecure, extra_where)
    elif columns:
        rows = _read_columns(model, list_query, ctx, insecure, extra_where, columns)
        items = [cls.wire_from_db(row, fields) for row in rows]
    else:
        with db_session.transaction(read_only=True) as session:
            rows = db_query.list_rows(
                session,
                model,
                list_query,
                ctx.caller,
                insecure=insecure,
                extra_where=extra_where,
            )
            if to_resource and not fields:
                # A resource object renders through WSME, as a GET of it would.
                items = [wsme_json.tojson(cls, to_resource(row)) for row in rows]
            else:
                items = [cls.wire_from_db(row, fields) for row in rows]
    result = {list_cls._type: items}
    link = next_link(
        list_cls._type,
        items,
        limit,
        sort_keys,
        sort_dirs,
        fields,
        {k: v for k, v in raw_filters.items() if isinstance(v, str)},
    )
    if link:
        result["next"] = link
    return result
