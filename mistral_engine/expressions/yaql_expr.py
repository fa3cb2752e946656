"""YAQL (``<% ... %>``) detection and grammar checking."""

import collections.abc  # noqa: F401  yaql 3.x uses collections.abc without importing it
import functools
import re

from yaql.language import exceptions as yaql_exc
from yaql.language import factory

from mistral_engine import exceptions as exc

INLINE_YAQL_REGEXP = "<%.*?%>"
FIND_PATTERN = re.compile(INLINE_YAQL_REGEXP)

# Mistral's engine options: '=>' for keyword arguments, no delegates.
KEYWORD_OPERATOR = "=>"
ALLOW_DELEGATES = False


@functools.cache
def yaql_engine():
    """The YAQL parser; building it compiles the grammar, so it is made once."""
    return factory.YaqlFactory(
        keyword_operator=KEYWORD_OPERATOR, allow_delegates=ALLOW_DELEGATES
    ).create(options={})


def is_expression(text: str) -> bool:
    return FIND_PATTERN.search(text) is not None


def find_inline_expressions(text: str) -> list[str]:
    return FIND_PATTERN.findall(text)


@functools.lru_cache(maxsize=4096)
def _grammar_error(body: str) -> str | None:
    try:
        yaql_engine()(body)
    except (yaql_exc.YaqlException, KeyError, ValueError, TypeError) as e:
        return str(getattr(e, "message", e))
    return None


def validate(text: str) -> None:
    """Syntax-check every ``<% %>`` part of ``text``.

    Raises YaqlGrammarException carrying YAQL's own parser message
    (e.g. ``Parse error: unexpected end of statement``), as Mistral does.
    """
    for found in find_inline_expressions(text):
        error = _grammar_error(found.strip("<%>"))
        if error is not None:
            raise exc.YaqlGrammarException(error)
