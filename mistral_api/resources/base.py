"""The base of every REST resource: conversion from DB rows and to plain dicts."""

import datetime

from wsme import types as wtypes


def format_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat(" ")
    return str(value)


class Resource(wtypes.Base):
    """A REST resource whose attributes mirror DB columns of the same name."""

    _datetime_fields = ("created_at", "updated_at")

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

    def to_dict(self) -> dict:
        """Plain values for the hand-rendered (text/plain) responses, which omit nulls."""
        result = {}
        for attr in self._wsme_attributes:
            value = getattr(self, attr.name)
            if value is not wtypes.Unset and value is not None:
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
