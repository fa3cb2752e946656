"""YAQL (``<% ... %>``): detection, grammar checks and evaluation."""

import collections.abc  # noqa: F401  yaql 3.x uses collections.abc without importing it
import functools
import inspect
import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import yaql
from yaql.language import exceptions as yaql_exc
from yaql.language import factory
from yaql.language import utils as yaql_utils

from mistral_engine import exceptions as exc
from mistral_engine.expressions import functions as fns
from mistral_engine.expressions import yaql_compiled

INLINE_YAQL_REGEXP = "<%.*?%>"
FIND_PATTERN = re.compile(INLINE_YAQL_REGEXP)

# Mistral's [yaql] options, with iteration and memory limits instead of its
# "unlimited" -1 so that a runaway expression fails instead of eating the
# process (DESIGN.md §5). ``configure`` changes them.
DEFAULT_OPTIONS: dict[str, Any] = {
    "limit_iterators": 1_000_000,
    "memory_quota": 256 * 1024 * 1024,
    "convert_input_data": True,
    "convert_output_data": True,
    "convert_tuples_to_lists": True,
    "convert_sets_to_lists": False,
    "iterable_dicts": False,
    "keyword_operator": "=>",
    "allow_delegates": False,
}
KEYWORD_OPERATOR = DEFAULT_OPTIONS["keyword_operator"]
ALLOW_DELEGATES = DEFAULT_OPTIONS["allow_delegates"]

PARSE_CACHE_SIZE = 8192

_options: dict[str, Any] = dict(DEFAULT_OPTIONS)
_engine = None
_engine_lock = threading.Lock()
# The PLY lexer/parser pair inside an engine keeps state while parsing.
_parse_lock = threading.Lock()


def configure(**options: Any) -> None:
    """Set [yaql] options (names as in Mistral's config); rebuilds the engine."""
    global _engine
    unknown = set(options) - set(DEFAULT_OPTIONS)
    if unknown:
        raise ValueError(f"Unknown YAQL options: {sorted(unknown)}")
    with _engine_lock:
        _options.update(options)
        _engine = None
        _parse.cache_clear()


def options() -> dict[str, Any]:
    return dict(_options)


def yaql_engine():
    """The YAQL engine; building it compiles the grammar, so it is made once."""
    global _engine
    engine = _engine
    if engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = factory.YaqlFactory(
                    keyword_operator=_options["keyword_operator"],
                    allow_delegates=_options["allow_delegates"],
                ).create(
                    options={
                        "yaql.limitIterators": _options["limit_iterators"],
                        "yaql.memoryQuota": _options["memory_quota"],
                        "yaql.convertTuplesToLists": _options["convert_tuples_to_lists"],
                        "yaql.convertSetsToLists": _options["convert_sets_to_lists"],
                        "yaql.iterableDicts": _options["iterable_dicts"],
                        "yaql.convertOutputData": _options["convert_output_data"],
                    }
                )
            engine = _engine
    return engine


class Parsed(NamedTuple):
    statement: Any  # None when the text does not parse
    grammar_error: str | None  # the message validation reports
    error: str | None  # str() of the parser exception, as evaluation reports it
    compiled: Any = None  # yaql_compiled closure (fast path), None if not compilable


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(body: str) -> Parsed:
    """Parse ``body`` once; cached by text (bounded LRU)."""
    engine = yaql_engine()
    try:
        with _parse_lock:
            statement = engine(body)
    except (yaql_exc.YaqlException, KeyError, ValueError, TypeError) as e:
        return Parsed(None, str(getattr(e, "message", e)), str(e))
    return Parsed(statement, None, None, _compile(statement))


def _compile(statement: Any) -> Any:
    """The compiled fast path under the current options (None: yaql only)."""
    if not (
        _options["convert_input_data"]
        and _options["convert_output_data"]
        and _options["convert_tuples_to_lists"]
        and not _options["iterable_dicts"]
    ):
        return None
    return yaql_compiled.compile_expression(
        statement.expression,
        limit_iterators=_options["limit_iterators"],
        memory_quota=_options["memory_quota"],
        sets_to_lists=_options["convert_sets_to_lists"],
    )


def is_expression(text: str) -> bool:
    return FIND_PATTERN.search(text) is not None


def find_inline_expressions(text: str) -> list[str]:
    return FIND_PATTERN.findall(text)


def validate(text: str) -> None:
    """Syntax-check every ``<% %>`` part of ``text``.

    Raises YaqlGrammarException carrying YAQL's own parser message
    (e.g. ``Parse error: unexpected end of statement``), as Mistral does.
    """
    for found in find_inline_expressions(text):
        error = _parse(found.strip("<%>")).grammar_error
        if error is not None:
            raise exc.YaqlGrammarException(error)


# --- evaluation ----------------------------------------------------------------


# Standard functions producing (possibly endless) sequences out of nothing: their
# output is cut at ``limit_iterators`` items, which yaql alone does not do for
# consumers such as len() (``range(10**12).len()`` would spin forever).
_GENERATORS = ("range", "sequence", "repeat", "cycle", "generate", "generateMany")


def _limited(iterable):
    limit = _options["limit_iterators"]
    if limit < 0:
        yield from iterable
        return
    for count, item in enumerate(iterable):
        if count >= limit:
            raise yaql_exc.CollectionTooLargeException(limit)
        yield item


def _limit_output(payload):
    @functools.wraps(payload)
    def limited(*args, **kwargs):
        return _limited(payload(*args, **kwargs))

    return limited


@functools.cache
def _root_context():
    """Standard library plus Mistral's functions; per-evaluation contexts are its children."""
    std = yaql.create_context()
    root = std.create_child_context()
    for name in _GENERATORS:
        for layer in std.collect_functions(name):
            for spec in layer:
                clone = spec.clone()
                clone.payload = _limit_output(spec.payload)
                root.register_function(clone)
    for name, func in fns.FUNCTIONS.items():
        root.register_function(func, name=name)
    return root


class FrozenView(yaql_utils.FrozenDict):
    """YAQL's frozen form of the data context, converted key by key on first use.

    Mistral converts the whole context for every expression; converting only
    what an expression touches gives the same values for far less work.
    """

    def __init__(self, source: Mapping):  # super().__init__ would copy everything
        self._source = source
        self._memo: dict = {}
        self._hash = None

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._memo[key]
        except KeyError:
            pass
        value = yaql_utils.convert_input_data(self._source[key])
        self._memo[key] = value
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._source

    def __iter__(self) -> Iterator:
        return iter(list(self._source.keys()))

    def __len__(self) -> int:
        return len(self._source)

    @property
    def _d(self) -> dict:  # type: ignore[override]
        return {k: self[k] for k in self}

    def __repr__(self) -> str:
        return repr(self._d)


def data_context(view: Mapping):
    """A YAQL context whose ``$`` is ``view`` (Mistral's get_yaql_context)."""
    ctx = _root_context().create_child_context()
    if not isinstance(view, Mapping):
        ctx["$"] = yaql_utils.convert_input_data(view) if _options["convert_input_data"] else view
        return ctx
    ctx["$"] = FrozenView(view) if _options["convert_input_data"] else view
    ctx["__env"] = view.get("__env")
    ctx["__execution"] = view.get("__execution")
    ctx["__task_execution"] = view.get("__task_execution")
    return ctx


def _sanitize(result: Any) -> Any:
    if isinstance(result, yaql_utils.FrozenDict):
        return result._d
    if inspect.isgenerator(result) or isinstance(result, collections.abc.Iterator):
        return list(result)
    return result


def evaluate_body(body: str, yaql_ctx, view: Mapping | None = None) -> Any:
    """Evaluate one expression (without ``<% %>``) in a context from ``data_context``."""
    body = body.strip()
    try:
        statement, _, error, compiled = _parse(body)
        if statement is None:
            raise exc.YaqlEvaluationException(
                f"Can not evaluate YAQL expression [expression={body}, error={error}]"
            )
        if compiled is not None and isinstance(view, Mapping):
            try:
                return compiled(view)
            except yaql_compiled.Fallback:
                pass
        result = statement.evaluate(context=yaql_ctx().create_child_context())
    except exc.YaqlEvaluationException:
        raise
    except exc.EvaluationException:
        raise
    except Exception as e:
        raise exc.YaqlEvaluationException(
            f"Can not evaluate YAQL expression [expression={body}, error={e}]"
        ) from e
    return _sanitize(result)


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def _plan(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((found, found.strip("<%>")) for found in FIND_PATTERN.findall(text))


def evaluate(text: str, get_yaql_ctx, view: Mapping | None = None) -> Any:
    """Evaluate every ``<% %>`` in ``text`` (Mistral's InlineYAQLEvaluator).

    A string that is exactly one expression gives the native result; otherwise
    each occurrence is replaced by ``str(result)``. ``get_yaql_ctx()`` returns
    the (lazily built) YAQL context of the current evaluation, whose ``$`` is
    ``view`` (given, plain ``$.a.b`` lookups skip the YAQL machinery).
    """
    result: Any = text
    for found, body in _plan(text):
        value = evaluate_body(body, get_yaql_ctx, view)
        if len(text) == len(found):
            result = value
        else:
            result = result.replace(found, str(value))
    return result
