"""The base of every REST resource: conversion from DB rows and to plain dicts.

Reads are rendered straight from DB rows into wire dicts (``wire_from_db``): JSON fields
become JSON strings and datetimes Mistral's format, without building WSME objects. A
controller may return such a dict from a ``wsexpose``d method; the ``tojson`` override
registered for every resource class passes it through unchanged.
"""

import datetime
import json

from wsme import types as wtypes
from wsme.rest import json as wsme_json


def _tojson_passing_wire_dicts(datatype, value):
    if value is None or isinstance(value, dict):
        return value
    result = {}
    for attr in wtypes.list_attributes(datatype):
        attr_value = getattr(value, attr.key)
        if attr_value is not wtypes.Unset:
            result[attr.name] = wsme_json.tojson(attr.datatype, attr_value)
    return result


def format_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat(" ")
    return str(value)


class Resource(wtypes.Base):
    """A REST resource whose attributes mirror DB columns of the same name."""

    _datetime_fields = ("created_at", "updated_at")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        wsme_json.tojson.when_object(cls)(_tojson_passing_wire_dicts)

    @classmethod
    def _wire_plan(cls):
        plan = cls.__dict__.get("_wire_plan_cache")
        if plan is None:
            plan = [
                (attr.name, getattr(attr.datatype, "name", None) == "json")
                for attr in cls._wsme_attributes
            ]
            cls._wire_plan_cache = plan
        return plan

    @classmethod
    def wire_from_db(cls, row, fields=None) -> dict:
        """The JSON-ready dict of a row, as a GET or list answers it."""
        wire = {}
        for name, is_json in cls._wire_plan():
            if (fields and name not in fields) or not hasattr(row, name):
                continue
            value = getattr(row, name)
            if value is None:
                wire[name] = None
            elif is_json:
                wire[name] = json.dumps(value)
            elif isinstance(value, datetime.datetime):
                wire[name] = format_datetime(value)
            else:
                wire[name] = value
        cls.add_computed(row, wire, fields)
        return wire

    @classmethod
    def add_computed(cls, row, wire: dict, fields) -> None:
        """Fill attributes that are not columns (subclasses override)."""

    @classmethod
    def get_fields(cls):
        return [attr.name for attr in cls._wsme_attributes]

    @classmethod
    def from_db_model(cls, row, fields=None):
        obj = cls()
        for name in fields or cls.get_fields():
            if not hasattr(row, name):
                continue
            value = getattr(row, name)
            if name in cls._datetime_fields or isinstance(value, datetime.datetime):
                value = format_datetime(value)
            # A stored NULL renders as null on reads, as in Mistral.
            setattr(obj, name, value)
        return obj

    @classmethod
    def from_dict(cls, values: dict):
        obj = cls()
        for name in cls.get_fields():
            if name in values and values[name] is not None:
                setattr(obj, name, values[name])
        return obj

    def to_dict(self, keep_null: bool = False) -> dict:
        """Plain values for the hand-rendered (text/plain) responses. Mistral leaves out
        the unset columns of a row it just created, and shows them as null after an
        update."""
        result = {}
        for attr in self._wsme_attributes:
            value = getattr(self, attr.name)
            if value is not wtypes.Unset and (keep_null or value is not None):
                result[attr.name] = value
        return result

    def __repr__(self):
        return f"{type(self).__name__}({self.to_dict()!r})"


class ResourceList(Resource):
    """A page of resources plus the ``next`` link when the page is full."""

    _type = None
    next = wtypes.text

    @property
    def collection(self):
        return getattr(self, self._type)
