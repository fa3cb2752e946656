"""evaluate(): one entry point for strings, dicts and lists, dispatching per language."""

import copy
import functools
from collections.abc import Mapping
from typing import Any

from mistral_engine import exceptions as exc
from mistral_engine.expressions import functions as fns
from mistral_engine.expressions import jinja_expr, yaql_expr
from mistral_engine.expressions.context_view import as_view

_allowed = {"jinja": True, "yaql": True}


def set_allowed(names: frozenset[str]) -> None:
    for name in _allowed:
        _allowed[name] = name in names


def _has_markers(text: str) -> bool:
    return "{{" in text or "{%" in text or "<%" in text


@functools.lru_cache(maxsize=16384)
def _language(text: str) -> str | None:
    """The language that evaluates ``text`` (Jinja looked at first), or None."""
    if jinja_expr.is_expression(text):
        return "jinja"
    if yaql_expr.is_expression(text):
        return "yaql"
    return None


class _Evaluation:
    """One evaluate() call: the view and the per-language contexts built from it once."""

    __slots__ = ("view", "_yaql_ctx", "_jinja_ctx")

    def __init__(self, context: Any):
        # Any JSON value can be the data context: an ad-hoc action's ``output`` sees the
        # action's result, which may be a string or a list.
        self.view = as_view(context) if context is None or isinstance(context, Mapping) else context
        self._yaql_ctx = None
        self._jinja_ctx = None

    def yaql_ctx(self):
        if self._yaql_ctx is None:
            self._yaql_ctx = yaql_expr.data_context(self.view)
        return self._yaql_ctx

    def jinja_ctx(self):
        if self._jinja_ctx is None:
            self._jinja_ctx = jinja_expr.render_context(self.view)
        return self._jinja_ctx

    def string(self, text: str) -> Any:
        if not _has_markers(text):
            return text
        lang = _language(text)
        if lang is None:
            return text
        if not _allowed[lang]:
            raise exc.EvaluationException(
                f"The '{lang}' expression language is disabled by the operator."
            )
        if lang == "jinja":
            return jinja_expr.evaluate(text, self.jinja_ctx)
        return yaql_expr.evaluate(text, self.yaql_ctx, self.view)

    def value(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.string(data)
        if isinstance(data, dict):
            return {key: self.value(item) for key, item in data.items()}
        if isinstance(data, list):
            return [self.value(item) for item in data]
        if data is None or isinstance(data, (int, float, bool)):
            return data
        return copy.deepcopy(data)


def evaluate(value: Any, context: Mapping | None, functions: Any = None) -> Any:
    """Evaluate ``value`` against the data ``context`` (dsl-v2 §15).

    Strings holding YAQL (``<% %>``) or Jinja (``{{ }}``/``{% %}``) are
    evaluated: exactly one expression gives its native value, mixed text is
    rendered to a string. Dicts (values only) and lists are evaluated
    recursively into new containers; everything else is returned as is
    (deep-copied). ``functions`` provides task(), tasks(), execution(),
    executions() and global(); without it they raise an evaluation error.
    """
    if isinstance(value, str) and not _has_markers(value):
        return value
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    token = fns.bind(functions)
    try:
        return _Evaluation(context).value(value)
    finally:
        fns.unbind(token)
