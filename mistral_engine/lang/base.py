"""Helpers shared by the spec modules: schema checks and expression checks."""

import uuid

from mistral_engine import expressions
from mistral_engine.lang import jsonschema_lite

DSL_VERSION = "2.0"


def check_schema(data: object, schema: dict, validate: bool) -> None:
    if validate:
        jsonschema_lite.validate(data, schema)


def check_expressions(value: object, validate: bool) -> None:
    if validate:
        expressions.validate_expressions(value)


def is_uuid_like(value: object) -> bool:
    """Same test as oslo's ``uuidutils.is_uuid_like``."""
    try:
        text = str(value)
        normalized = text.lower().replace("urn:", "").replace("uuid:", "")
        normalized = normalized.strip("{}").replace("-", "")
        return uuid.UUID(text).hex == normalized
    except (TypeError, ValueError, AttributeError):
        return False


def with_injected(data: dict, **injected) -> dict:
    """Shallow copy of ``data`` with keys set the way Mistral injects them.

    Mistral writes ``type``/``name``/``version`` into the raw dicts, and
    several error messages print those dicts, so the order matters.
    """
    result = dict(data)
    result.update(injected)
    return result


def input_entries(raw: list | None) -> list[tuple[str, bool, object]]:
    """``[a, {b: 1}]`` -> ``[('a', False, None), ('b', True, 1)]`` (name, has default, default)."""
    entries = []
    for item in raw or []:
        if isinstance(item, dict):
            entries.extend((k, True, v) for k, v in item.items())
        else:
            entries.append((item, False, None))
    return entries
