"""Jinja (``{{ ... }}`` / ``{% ... %}``): detection, grammar checks and evaluation."""

import copy
import functools
import math
import operator
import re
from collections.abc import Mapping
from functools import partial
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from mistral_engine import exceptions as exc
from mistral_engine.expressions import functions as fns

JINJA_REGEXP = "({{(.*?)}})"
JINJA_BLOCK_REGEXP = "({%(.*?)%})"
FIND_PATTERN = re.compile(JINJA_REGEXP)
FIND_BLOCK_PATTERN = re.compile(JINJA_BLOCK_REGEXP)

CACHE_SIZE = 8192
# Guards against expressions that build huge objects (``{{ 'x' * 10**10 }}``,
# ``{{ 3 ** 10**9 }}``): such an operation fails like an out-of-memory one.
MAX_SEQUENCE_LENGTH = 50_000_000
MAX_POWER_BITS = 1_000_000


class _Environment(SandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            return operator.mul(left, right)
        if op == "**":
            _check_power(left, right)
        return super().call_binop(context, op, left, right)


def _check_repeat(seq: Any, count: Any) -> None:
    if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int):
        if len(seq) * count > MAX_SEQUENCE_LENGTH:
            raise MemoryError()


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        if exponent * math.log2(abs(base)) > MAX_POWER_BITS:
            raise MemoryError()


@functools.cache
def environment() -> SandboxedEnvironment:
    """The sandboxed environment Mistral renders templates with.

    The built-in functions are also filters, called with the piped value as
    their context, exactly as Mistral registers them (so ``{{ x | json_dump }}``
    fails with a missing ``data`` argument, as on Mistral).
    """
    env = _Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fns.FUNCTIONS)
    return env


def is_expression(text: str) -> bool:
    return bool(FIND_PATTERN.search(text) or FIND_BLOCK_PATTERN.search(text))


@functools.lru_cache(maxsize=CACHE_SIZE)
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


# --- evaluation ----------------------------------------------------------------


@functools.lru_cache(maxsize=CACHE_SIZE)
def _compiled_expression(source: str):
    return environment().compile_expression(source, undefined_to_none=False)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _compiled_template(source: str) -> jinja2.Template:
    return environment().from_string(source)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _whole_expression(text: str) -> str | None:
    """The inner source if ``text`` is exactly its first ``{{ }}``, else None.

    Mistral's rule: ``findall(JINJA_REGEXP)[0]`` equal to the whole string
    (a template with blocks only has no first match: IndexError, reported).
    """
    patterns = FIND_PATTERN.findall(text)
    first, inner = patterns[0]
    return inner if first == text else None


def render_context(view: Any) -> dict[str, Any]:
    """Template variables: ``_``, the functions bound to it, and the ``__`` keys."""
    ctx: dict[str, Any] = {"_": view}
    for name, func in fns.FUNCTIONS.items():
        ctx[name] = partial(func, view)
    if isinstance(view, Mapping):
        ctx["__env"] = view.get("__env")
        ctx["__execution"] = view.get("__execution")
        ctx["__task_execution"] = view.get("__task_execution")
    return ctx


def _evaluate_whole(source: str, ctx: dict[str, Any]) -> Any:
    try:
        result = _compiled_expression(source)(**ctx)
        if isinstance(result, jinja2.Undefined):
            str(result)  # StrictUndefined raises only when used
    except MemoryError:
        raise exc.JinjaEvaluationException(
            f"Expression evaluation exceeded the available memory [expression={source}]"
        ) from None
    # A container may be (or hold) a piece of the caller's context: hand out a
    # copy, as YAQL's output conversion does, so that nobody shares it.
    if isinstance(result, (dict, list)):
        return copy.deepcopy(result)
    return result


def evaluate(text: str, get_render_ctx) -> Any:
    """Evaluate a Jinja string (Mistral's InlineJinjaEvaluator).

    ``get_render_ctx()`` returns the template variables of the current
    evaluation (from ``render_context``).
    """
    try:
        whole = _whole_expression(text)
        if whole is not None:
            return _evaluate_whole(whole, get_render_ctx())
        return _compiled_template(text).render(**get_render_ctx())
    except exc.JinjaEvaluationException:
        raise
    except exc.EvaluationException:
        raise
    except Exception as e:
        raise exc.JinjaEvaluationException(
            f"Can not evaluate Jinja expression [expression={text}, error={e}]"
        ) from e
