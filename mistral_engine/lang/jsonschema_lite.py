"""A small JSON-schema checker for the keywords the DSL schemas use.

Mistral reports schema violations as ``Invalid DSL: <jsonschema message>``;
clients compare those texts, so this module reproduces the messages of the
Python ``jsonschema`` package (draft 2020-12 keyword semantics) and its
``best_match`` choice of the single error to report, without depending on it.
"""

import re
from dataclasses import dataclass, field

from mistral_engine import exceptions as exc

WEAK_KEYWORDS = frozenset({"anyOf", "oneOf"})


@dataclass
class SchemaError:
    message: str
    keyword: str
    instance: object
    schema: dict
    path: tuple = ()
    context: list = field(default_factory=list)

    def matches_type(self) -> bool:
        expected = self.schema.get("type") if isinstance(self.schema, dict) else None
        if not isinstance(expected, str):
            return False
        return is_type(self.instance, expected)


def is_type(value: object, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise ValueError(f"unknown schema type {name!r}")


def _equal(one: object, two: object) -> bool:
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    return one == two


def _unique(items: list) -> bool:
    return not any(_equal(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


def is_valid(instance: object, schema: dict) -> bool:
    return next(iter_errors(instance, schema), None) is None


def _descend(instance, schema, key=None):
    for error in iter_errors(instance, schema):
        if key is not None:
            error.path = (key, *error.path)
        yield error


def _additional(instance: dict, schema: dict) -> list:
    props = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))
    return [k for k in instance if k not in props and not (patterns and re.search(patterns, k))]


def _check(keyword, value, instance, schema):  # noqa: C901 - one branch per keyword
    def err(message, context=None):
        return SchemaError(message, keyword, instance, schema, (), context or [])

    if keyword == "type":
        if not is_type(instance, value):
            yield err(f"{instance!r} is not of type {value!r}")
    elif keyword == "enum":
        if not any(_equal(each, instance) for each in value):
            yield err(f"{instance!r} is not one of {value!r}")
    elif keyword == "minimum":
        if is_type(instance, "number") and instance < value:
            yield err(f"{instance!r} is less than the minimum of {value!r}")
    elif keyword == "minLength":
        if isinstance(instance, str) and len(instance) < value:
            yield err(f"{instance!r} {'should be non-empty' if value == 1 else 'is too short'}")
    elif keyword == "pattern":
        if isinstance(instance, str) and not re.search(value, instance):
            yield err(f"{instance!r} does not match {value!r}")
    elif keyword == "minItems":
        if isinstance(instance, list) and len(instance) < value:
            yield err(f"{instance!r} {'should be non-empty' if value == 1 else 'is too short'}")
    elif keyword == "uniqueItems":
        if value and isinstance(instance, list) and not _unique(instance):
            yield err(f"{instance!r} has non-unique elements")
    elif keyword == "items":
        if isinstance(instance, list):
            for index, item in enumerate(instance):
                yield from _descend(item, value, index)
    elif keyword == "minProperties":
        if isinstance(instance, dict) and len(instance) < value:
            text = "should be non-empty" if value == 1 else "does not have enough properties"
            yield err(f"{instance!r} {text}")
    elif keyword == "maxProperties":
        if isinstance(instance, dict) and len(instance) > value:
            text = "is expected to be empty" if value == 0 else "has too many properties"
            yield err(f"{instance!r} {text}")
    elif keyword == "required":
        if isinstance(instance, dict):
            for prop in value:
                if prop not in instance:
                    yield err(f"{prop!r} is a required property")
    elif keyword == "properties":
        if isinstance(instance, dict):
            for prop, sub in value.items():
                if prop in instance:
                    yield from _descend(instance[prop], sub, prop)
    elif keyword == "patternProperties":
        if isinstance(instance, dict):
            for pattern, sub in value.items():
                for k, v in instance.items():
                    if re.search(pattern, k):
                        yield from _descend(v, sub, k)
    elif keyword == "additionalProperties":
        if isinstance(instance, dict):
            extras = _additional(instance, schema)
            if isinstance(value, dict):
                for extra in extras:
                    yield from _descend(instance[extra], value, extra)
            elif value is False and extras:
                if "patternProperties" in schema:
                    verb = "does" if len(extras) == 1 else "do"
                    joined = ", ".join(repr(e) for e in sorted(extras))
                    pats = ", ".join(repr(p) for p in sorted(schema["patternProperties"]))
                    yield err(f"{joined} {verb} not match any of the regexes: {pats}")
                else:
                    verb = "was" if len(extras) == 1 else "were"
                    joined = ", ".join(repr(e) for e in sorted(extras, key=str))
                    yield err(f"Additional properties are not allowed ({joined} {verb} unexpected)")
    elif keyword in ("anyOf", "oneOf"):
        collected = []
        first_valid = None
        rest = iter(value)
        for sub in rest:
            errors = list(_descend(instance, sub))
            if not errors:
                first_valid = sub
                break
            collected.extend(errors)
        else:
            yield err(f"{instance!r} is not valid under any of the given schemas", collected)
        if keyword == "oneOf" and first_valid is not None:
            more = [sub for sub in rest if is_valid(instance, sub)]
            if more:
                reprs = ", ".join(repr(s) for s in [*more, first_valid])
                yield err(f"{instance!r} is valid under each of {reprs}")
    elif keyword == "not":
        if is_valid(instance, value):
            yield err(f"{instance!r} should not be valid under {value!r}")


def iter_errors(instance: object, schema: dict):
    for keyword, value in schema.items():
        yield from _check(keyword, value, instance, schema)


def _relevance(error: SchemaError):
    return (
        -len(error.path),
        tuple(str(p) for p in error.path),
        error.keyword not in WEAK_KEYWORDS,
        False,
        not error.matches_type(),
    )


def best_match(errors) -> SchemaError | None:
    """The error jsonschema would report: the shallowest, then most specific."""
    best = max(errors, key=_relevance, default=None)
    if best is None:
        return None
    while best.context:
        smallest = sorted(best.context, key=_relevance)[:2]
        if len(smallest) == 2 and _relevance(smallest[0]) == _relevance(smallest[1]):
            return best
        best = smallest[0]
    return best


def validate(instance: object, schema: dict) -> None:
    """Raise ``InvalidModelException('Invalid DSL: ...')`` if ``instance`` is invalid."""
    error = best_match(iter_errors(instance, schema))
    if error is not None:
        raise exc.InvalidModelException(f"Invalid DSL: {error.message}")
