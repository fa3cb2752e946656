"""The one-line parameter syntax: ``std.echo output="hi" n=1``.

Used by task ``action``/``workflow``, ad-hoc action ``base``, transition
targets and one-line ``retry``. The matching rules copy Mistral's observable
behaviour: bare unquoted words are silently dropped, an expression value
ends at its closing delimiter, quoted values stay strings, everything else
goes through ``json.loads`` when it can.
"""

import json
import re

from mistral_engine import exceptions as exc
from mistral_engine.expressions import jinja_expr, yaql_expr

_ANY_JINJA = "{{.*}}|{%.*%}"
_COMMAND = re.compile(
    "^({})".format("|".join([r"[\w\.]+[^=\(\s\"]*", yaql_expr.INLINE_YAQL_REGEXP, _ANY_JINJA]))
)
_VALUE = "|".join(
    [
        r"\"[^\"]*\"\s*",
        r"'[^']*'\s*",
        jinja_expr.JINJA_REGEXP,
        yaql_expr.INLINE_YAQL_REGEXP,
        r"\[.*\]\s*",
        "true",
        "false",
        "null",
        r"\d+",
    ]
)
_PARAM = re.compile(rf"([-_\w]+)=({_VALUE})")


def parse_cmd_and_input(text: str) -> tuple[str, dict]:
    """Split ``'name k=v ...'`` into ``('name', {'k': v, ...})``."""
    if " " not in text:
        return text, {}
    match = _COMMAND.search(text)
    if not match:
        raise exc.InvalidModelException(f"Invalid action/workflow task property: {text}")
    params = {}
    for found in _PARAM.finditer(text):
        key, raw = found.group(1), found.group(2).strip()
        if raw[0] in "\"'":
            value = raw[1:-1]
        else:
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
        params[key] = value
    return match.group(), params
