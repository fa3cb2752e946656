"""Jinja (``{{ ... }}`` / ``{% ... %}``) detection and grammar checking."""

import functools
import re

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from mistral_engine import exceptions as exc

JINJA_REGEXP = "({{(.*?)}})"
JINJA_BLOCK_REGEXP = "({%(.*?)%})"
FIND_PATTERN = re.compile(JINJA_REGEXP)
FIND_BLOCK_PATTERN = re.compile(JINJA_BLOCK_REGEXP)


@functools.cache
def environment() -> SandboxedEnvironment:
    """The sandboxed environment Mistral renders templates with."""
    return SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


def is_expression(text: str) -> bool:
    return bool(FIND_PATTERN.search(text) or FIND_BLOCK_PATTERN.search(text))


@functools.lru_cache(maxsize=4096)
def _grammar_error(text: str) -> str | None:
    try:
        environment().parse(text)
    except jinja2.exceptions.TemplateError as e:
        return f"Syntax error '{e}'."
    return None


def validate(text: str) -> None:
    """Parse ``text`` as a whole template; raise JinjaGrammarException on error."""
    error = _grammar_error(text)
    if error is not None:
        raise exc.JinjaGrammarException(error)
