"""WSME types shared by the resources: JSON-as-string fields, lists in query strings, UUIDs."""

import json

from wsme import exc as wsme_exc
from wsme import types as wtypes

from mistral_db.api import is_uuid

FILTER_OPERATORS = ("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "has")


def split_filter(value: str) -> tuple[str, object]:
    """``'in:a,b'`` -> ``('in', ['a', 'b'])``; a value with no operator means ``eq``."""
    for op in FILTER_OPERATORS:
        if value.startswith(op + ":"):
            rest = value[len(op) + 1 :]
            return op, (rest.split(",") if op in ("in", "nin") else rest)
    return "eq", value


class JsonType(wtypes.UserType):
    """A dictionary sent and returned as a JSON document encoded in a string."""

    basetype = wtypes.text
    name = "json"

    def validate(self, value):
        if not value:
            return {}
        if not isinstance(value, dict):
            raise wsme_exc.ClientSideError(
                f"JsonType field value must be a dictionary [actual={value}]"
            )
        return value

    def frombasetype(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as error:
                raise wsme_exc.ClientSideError(f"Invalid JSON: {error}")
        return None if value is None else self.validate(value)

    def tobasetype(self, value):
        return json.dumps(value) if value is not None else None


class ListType(wtypes.UserType):
    """A comma-separated list in a query string, lower-cased, empty items dropped."""

    basetype = wtypes.text
    name = "list"

    @staticmethod
    def validate(value):
        items = [v.strip().lower() for v in str(value).split(",")]
        return [item for item in items if item]

    def frombasetype(self, value):
        return self.validate(value) if value is not None else None


class UniqueListType(ListType):
    name = "uniquelist"

    @staticmethod
    def validate(value):
        seen = set()
        return [x for x in ListType.validate(value) if not (x in seen or seen.add(x))]


class UuidType(wtypes.UserType):
    """A UUID, optionally with a filter operator prefix (``in:`` takes several)."""

    basetype = wtypes.text
    name = "uuid"

    @staticmethod
    def validate(value):
        _, data = split_filter(value)
        for item in data if isinstance(data, list) else [data]:
            if not is_uuid(item):
                raise wsme_exc.ClientSideError(f"Expected a uuid but received {item}.")
        return value

    def frombasetype(self, value):
        return self.validate(value) if value is not None else None


class BooleanType(wtypes.UserType):
    """A boolean query parameter; WSME's own ``bool`` reads "false" as true."""

    basetype = wtypes.text
    name = "boolean"

    @staticmethod
    def validate(value):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes", "on", "y", "t"):
            return True
        if text in ("false", "0", "no", "off", "n", "f", ""):
            return False
        raise wsme_exc.ClientSideError(f"Invalid boolean value: {value}")

    def frombasetype(self, value):
        return self.validate(value) if value is not None else None


boolean = BooleanType()
jsontype = JsonType()
uniquelist = UniqueListType()
list_type = ListType()
uuid = UuidType()
