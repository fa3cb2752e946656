"""Expression languages of the workflow language: detection, syntax checks, evaluation.

``yaql_expr`` and ``jinja_expr`` each own one language, ``evaluation``
dispatches between them the way Mistral does (Jinja is looked at first, then
YAQL; one string may not mix both), ``functions`` holds the built-in
functions and the ``ExpressionFunctions`` protocol their data comes from.
"""

from collections.abc import Iterable

from mistral_engine import exceptions as exc
from mistral_engine.expressions import evaluation, jinja_expr, yaql_expr
from mistral_engine.expressions.context_view import ContextView
from mistral_engine.expressions.evaluation import evaluate
from mistral_engine.expressions.functions import ExpressionFunctions

# Name -> module, in Mistral's order (evaluator entry point names, sorted).
LANGUAGES = {"jinja": jinja_expr, "yaql": yaql_expr}

# Name -> pattern of one expression, used by the DSL schema ("whole string is
# one expression") exactly as Mistral builds its EXPRESSION type.
PATTERNS = {"jinja": jinja_expr.JINJA_REGEXP, "yaql": yaql_expr.INLINE_YAQL_REGEXP}

_allowed_languages: frozenset[str] = frozenset(LANGUAGES)


def set_allowed_languages(names: Iterable[str]) -> None:
    """Operator switch (``[expressions] allowed_languages``)."""
    global _allowed_languages
    _allowed_languages = frozenset(names)
    evaluation.set_allowed(_allowed_languages)


def configure_yaql(**options) -> None:
    """Set Mistral's ``[yaql]`` options (limit_iterators, memory_quota, convert_*, ...)."""
    yaql_expr.configure(**options)


def is_expression(value: object) -> bool:
    """True if ``value`` is a string holding a YAQL or Jinja expression."""
    if not isinstance(value, str):
        return False
    return any(lang.is_expression(value) for lang in LANGUAGES.values())


def validate(value: object) -> None:
    """Syntax-check one string; non-strings are ignored."""
    if not isinstance(value, str):
        return
    found = None
    for name, lang in LANGUAGES.items():
        if not lang.is_expression(value):
            continue
        if name not in _allowed_languages:
            raise exc.ExpressionGrammarException(
                f"The '{name}' expression language is disabled by the operator."
            )
        if found:
            raise exc.ExpressionGrammarException(
                f"The line already contains an expression of type '{found}'. "
                "Mixing expression types in a single line is not allowed."
            )
        lang.validate(value)
        found = name


def validate_expressions(value: object) -> None:
    """Syntax-check every string inside ``value`` (dict values, list items).

    Dict keys are not expressions and are skipped, as at evaluation time.
    """
    if isinstance(value, str):
        validate(value)
    elif isinstance(value, dict):
        for item in value.values():
            validate_expressions(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            validate_expressions(item)


__all__ = [
    "LANGUAGES",
    "PATTERNS",
    "ContextView",
    "ExpressionFunctions",
    "configure_yaql",
    "evaluate",
    "is_expression",
    "set_allowed_languages",
    "validate",
    "validate_expressions",
]


def warm_up() -> None:
    """Build the YAQL grammar and the Jinja environment now rather than in the first
    request or workflow that needs them (the YAQL parser takes ~0.2 s to build)."""
    evaluate({"y": "<% 1 %>", "j": "{{ 1 }}"}, {})
