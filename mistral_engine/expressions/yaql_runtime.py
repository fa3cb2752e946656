"""Run-time side of the compiled YAQL fast path (``yaql_compiled``): the values yaql's
lazy results stand for, the checks that send an evaluation back to yaql (``Fallback``),
and yaql's operators, reductions and ordering over plain JSON data."""

import collections.abc  # noqa: F401  yaql uses collections.abc without importing it
import math
import operator
import sys
from collections.abc import Callable
from typing import Any

# yaql's memory check compares sys.getsizeof of whole values with the quota;
# below this quota everything is close to it, so yaql evaluates.
MIN_COMPILED_QUOTA = 4096
_BIG_INT = 1 << 60  # smaller ints are far below MIN_COMPILED_QUOTA
RULE_SIZE = 64  # at least sys.getsizeof of yaql's MappingRule
# yaql converts a whole top-level value of the context recursively (two stack
# frames a level): deeper data may exhaust the stack there, so yaql decides.
MAX_DEPTH = 100


class Fallback(Exception):
    """The compiled closure cannot vouch for its answer: evaluate with yaql."""


class NotCompilable(Exception):
    pass


class Iter(list):
    """Where yaql holds a one-pass iterator (map, filter, generator)."""

    used = False


class Ordered(list):
    """Where yaql holds an OrderingIterable (the result of orderBy)."""


class Keys(list):
    """Where yaql holds a KeysView (a set when output)."""


class Values(list):
    """Where yaql holds a ValuesView."""


SCALARS = frozenset({str, int, float, bool, type(None)})
NUMBERS = frozenset({int, float})
_PLAIN_TRUTH = SCALARS | {list, dict, Keys, Values}


class Runtime:
    """Checks and conversions shared by the closures of one compiled expression."""

    def __init__(self, limit_iterators: int, memory_quota: int, sets_to_lists: bool):
        quota = memory_quota if memory_quota > 0 else 0
        items = limit_iterators if limit_iterators >= 0 else sys.maxsize
        # Upper bounds of sys.getsizeof: a list is at least as big as yaql's tuple.
        self.items = items
        self.list_items = min(items, (quota - 64) // 8) if quota else items
        self.chars = (quota - 80) // 4 if quota else sys.maxsize
        self.quota = quota
        self.sets_to_lists = sets_to_lists

    def enter(self, value: Any) -> Any:
        """A value read from data or a collection: plain JSON within the limits."""
        t = type(value)
        if t is str:
            if len(value) > self.chars:
                raise Fallback()
        elif t is dict:
            if len(value) > self.items:
                raise Fallback()
        elif t is list:
            if len(value) > self.list_items:
                raise Fallback()
        elif t is int:
            if value >= _BIG_INT or value <= -_BIG_INT:
                self.big_int(value)
        elif t is not float and t is not bool and value is not None:
            raise Fallback()
        return value

    def top(self, value: Any) -> Any:
        """A value of the data context: yaql converts all of it, so all of it is checked."""
        if not _shallow(value, MAX_DEPTH):
            raise Fallback()
        return self.enter(value)

    def big_int(self, value: int) -> int:
        if self.quota and sys.getsizeof(value) > self.quota:
            raise Fallback()
        return value

    def made(self, value: Any) -> Any:
        """A value an operation produced (string, number or list)."""
        t = type(value)
        if t is str:
            if len(value) > self.chars:
                raise Fallback()
        elif t is int:
            if value >= _BIG_INT or value <= -_BIG_INT:
                self.big_int(value)
        elif t is list and len(value) > self.list_items:
            raise Fallback()
        return value

    def coll(self, value: Any) -> list:
        """``value`` as yaql's Iterable parameter takes it (not str, not a dict)."""
        t = type(value)
        if t is list:
            if len(value) > self.list_items:
                raise Fallback()
            return value
        if t is Iter:
            if value.used:  # yaql would see an exhausted iterator
                raise Fallback()
            value.used = True
        elif t is not Ordered and t is not Keys and t is not Values:
            raise Fallback()
        if len(value) > self.items:
            raise Fallback()
        return value

    def items_of(self, value: Any) -> list:
        """The items of a collection a lambda is applied to, each entered."""
        src = self.coll(value)
        enter = self.enter
        for item in src:
            enter(item)
        return src

    def out(self, value: Any) -> Any:
        """What yaql's output conversion makes of ``value``: plain, deep-copied."""
        t = type(value)
        if t in SCALARS:
            return value
        out = self.out
        if t is dict:
            if len(value) > self.items:
                raise Fallback()
            result = {}
            for key, item in value.items():
                if type(key) not in SCALARS:
                    raise Fallback()
                result[key] = out(item)
            return result
        if t is list:
            if len(value) > self.list_items:
                raise Fallback()
            return [out(item) for item in value]
        if t is Iter:
            if value.used:
                raise Fallback()
            value.used = True
        elif t is not Ordered and t is not Keys and t is not Values:
            raise Fallback()
        if len(value) > self.items:
            raise Fallback()
        if t is Keys and not self.sets_to_lists:
            return {out(item) for item in value}
        return [out(item) for item in value]


def _shallow(value: Any, levels: int) -> bool:
    """True if lists and dicts nest at most ``levels`` deep in ``value``."""
    t = type(value)
    if t is dict:
        value = value.values()
    elif t is not list and t is not tuple:
        return True
    if levels == 0:
        return False
    for item in value:
        t = type(item)
        if (t is dict or t is list or t is tuple) and not _shallow(item, levels - 1):
            return False
    return True


def truth(value: Any) -> bool:
    """Python truthiness of the object yaql would hold."""
    t = type(value)
    if t is bool:
        return value
    if t is Iter or t is Ordered:  # iterators and OrderingIterable are always true
        return True
    if t in _PLAIN_TRUTH:
        return bool(value)
    raise Fallback()


def _plain(value: Any) -> bool:
    """True for JSON data only (so that == means what it means on yaql's tuples)."""
    t = type(value)
    if t in SCALARS:
        return True
    if t is list:
        return all(_plain(item) for item in value)
    if t is dict:
        return all(type(k) in SCALARS and _plain(v) for k, v in value.items())
    return False


def yaql_str(value: Any) -> str:
    """yaql's str(), as join() applies it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) in SCALARS:
        return str(value)
    raise Fallback()


# --- operators -----------------------------------------------------------------


def _equal(a: Any, b: Any) -> bool:
    if (type(a) in SCALARS and type(b) in SCALARS) or (_plain(a) and _plain(b)):
        return a == b
    raise Fallback()


def _not_equal(a: Any, b: Any) -> bool:
    return not _equal(a, b)


def _comparison(op: Callable[[Any, Any], bool], null_left: bool, null_right: bool, nulls: bool):
    """``op`` on two numbers or two strings; yaql's fixed answers when null is involved."""

    def compare(a: Any, b: Any) -> bool:
        ta = type(a)
        tb = type(b)
        if ta is tb or (ta in NUMBERS and tb in NUMBERS):
            if ta in NUMBERS or ta is str:
                return op(a, b)
        if a is None:
            return nulls if b is None else null_left
        if b is None:
            return null_right
        raise Fallback()

    return compare


OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "*equal": _equal,
    "*not_equal": _not_equal,
    "#operator_<": _comparison(operator.lt, True, False, False),
    "#operator_<=": _comparison(operator.le, True, False, True),
    "#operator_>": _comparison(operator.gt, False, True, False),
    "#operator_>=": _comparison(operator.ge, False, True, True),
}


def arithmetic(rt: Runtime, name: str) -> Callable[[Any, Any], Any] | None:
    made = rt.made

    def plus(a: Any, b: Any) -> Any:
        ta = type(a)
        tb = type(b)
        if ta in NUMBERS and tb in NUMBERS:
            return made(a + b)
        if ta is str and tb is str:
            return made(a + b)
        raise Fallback()

    def numeric(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        def apply(a: Any, b: Any) -> Any:
            if type(a) in NUMBERS and type(b) in NUMBERS:
                return made(op(a, b))
            raise Fallback()

        return apply

    def divide(a: Any, b: Any) -> Any:
        return a // b if type(a) is int and type(b) is int else a / b

    table = {
        "#operator_+": plus,
        "#operator_-": numeric(operator.sub),
        "#operator_*": numeric(operator.mul),
        "#operator_/": numeric(divide),
        "#operator_mod": numeric(operator.mod),
    }
    return table.get(name)


# --- aggregation and ordering --------------------------------------------------


def reduce(rt: Runtime, kind: str, src: list) -> Any:
    """max/min/sum: functools.reduce over yaql's max/min/#operator_+ delegates."""
    if not src:
        raise Fallback()  # yaql: "reduce() of empty iterable with no initial value"
    if len(src) == 1:
        return rt.enter(src[0])
    first = type(rt.enter(src[0]))
    numbers = first in NUMBERS
    if not numbers and first is not str:
        raise Fallback()
    for item in src:
        t = type(rt.enter(item))
        if (t in NUMBERS) != numbers or (not numbers and t is not str):
            raise Fallback()
    acc = src[0]
    if kind == "sum":
        for item in src[1:]:
            acc = rt.made(acc + item)
    elif kind == "max":
        for item in src[1:]:
            if item > acc:
                acc = item
    else:
        for item in src[1:]:
            if not item > acc:
                acc = item
    return acc


def sort(items: list, keys: list, descending: bool) -> list:
    """yaql's stable comparator sort by ``#operator_<``/``#operator_>`` of the keys."""
    has_null = False
    kind = None
    for key in keys:
        t = type(key)
        if key is None:
            has_null = True
            continue
        if t in NUMBERS:
            if t is float and math.isnan(key):
                raise Fallback()
            t = int
        elif t is not str:
            raise Fallback()
        if kind is None:
            kind = t
        elif kind is not t:
            raise Fallback()
    if has_null:  # null sorts before anything else, nulls are equal
        keys = [(key is not None, key) if key is not None else (False, 0) for key in keys]
    order = sorted(range(len(items)), key=keys.__getitem__, reverse=descending)
    return [items[i] for i in order]
