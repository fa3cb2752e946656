"""The list helper every list endpoint calls: query parameters in, one page and `next` out.

It validates limit, sort and fields as Mistral does (same messages), turns filter
parameters with operator prefixes into a ``ListQuery``, runs it in a read transaction and
renders the ``next`` link when the page is full.
"""

import collections
import datetime
import threading
import urllib.parse

import pecan
import sqlalchemy.orm as sa_orm
from oslo_config import cfg
from wsme.rest import json as wsme_json

from mistral_api.resources.base import Resource
from mistral_api.resources.types import split_filter
from mistral_db import api as db_api
from mistral_db import models
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


# Definitions whose rendering depends on their own row only: their rendered form is
# cached by (id, updated_at), and a list then reads just those two columns of its page.
_CACHEABLE = {
    models.WorkflowDefinition,
    models.WorkbookDefinition,
    models.ActionDefinition,
    models.Environment,
    models.CodeSource,
    models.DynamicActionDefinition,
}
_WIRE_CACHE_SIZE = 20000
_wire_cache: collections.OrderedDict = collections.OrderedDict()
_wire_lock = threading.Lock()


def _cached_page(session, cls, model, list_query, ctx, insecure, extra_where) -> list[dict]:
    keys = [
        (model, row.id, row.updated_at)
        for row in db_query.list_rows(
            session,
            model,
            list_query,
            ctx.caller,
            insecure=insecure,
            extra_where=extra_where,
            columns=(model.id, model.updated_at),
        )
    ]
    with _wire_lock:
        found = {key: _wire_cache.get(key) for key in keys}
    missing = [key[1] for key, wire in found.items() if wire is None]
    if missing:
        fresh = {}
        for row in db_api.rows_by_id(session, model, missing):
            key = (model, row.id, row.updated_at)
            fresh[key] = found[key] = cls.wire_from_db(row)
        with _wire_lock:
            _wire_cache.update(fresh)
            while len(_wire_cache) > _WIRE_CACHE_SIZE:
                _wire_cache.popitem(last=False)
    # A row changed between the two reads is left out rather than shown stale.
    return [found[key] for key in keys if found.get(key) is not None]


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
    with db_session.transaction(read_only=True) as session:
        if model in _CACHEABLE and not fields and not to_resource:
            items = _cached_page(session, cls, model, list_query, ctx, insecure, extra_where)
        else:
            rows = db_query.list_rows(
                session,
                model,
                list_query,
                ctx.caller,
                insecure=insecure,
                extra_where=extra_where,
                columns=_plain_columns(cls, model, fields),
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
