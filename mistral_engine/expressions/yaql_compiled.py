"""Compiled fast path for common YAQL expressions over plain JSON data.

``compile_expression`` turns a parsed yaql expression into a Python closure
giving exactly what yaql gives (standard library, Mistral's input and output
conversion, ``limit_iterators`` and ``memory_quota``) for a subset of the
language: ``$``, ``$.key``, indexing, literals, ``list()``/``dict()``,
comparisons, ``and``/``or``/``not``, arithmetic, ``in`` and the common
collection and string methods. A construct outside the subset is not compiled
(None); at run time the closure raises ``Fallback`` whenever a value is not
plain JSON or an operation might resolve to another yaql overload, fail, or
hit a limit, so that yaql itself evaluates the expression and gives its own
answer or error.

Intermediate values are lists and dicts. yaql holds lazy objects where some
functions return (``select`` a map, ``orderBy`` an OrderingIterable, ``keys()``
a KeysView...); the list subclasses below stand for them so that their
different truthiness, ``len`` and output forms, and the one-pass nature of
iterators, are reproduced or refused.
"""

import collections.abc  # noqa: F401  yaql uses collections.abc without importing it
import sys
from collections.abc import Callable, Mapping
from typing import Any

from yaql.language import expressions as yaql_ast

from mistral_engine.expressions.yaql_runtime import (  # noqa: F401  (Fallback: for yaql_expr)
    MIN_COMPILED_QUOTA,
    NUMBERS,
    OPERATORS,
    RULE_SIZE,
    SCALARS,
    Fallback,
    Iter,
    Keys,
    NotCompilable,
    Ordered,
    Runtime,
    Values,
    arithmetic,
    reduce,
    sort,
    truth,
    yaql_str,
)

# --- the compiler --------------------------------------------------------------

Fn = Callable[[Any], Any]


def _is_dollar(node: Any) -> bool:
    while type(node) is yaql_ast.Wrap:
        node = node.expr
    return type(node) is yaql_ast.GetContextValue and node.path.value == "$"


class _Compiler:
    """yaql AST node -> closure of the current ``$`` (the view at depth 0, else the item)."""

    def __init__(self, rt: Runtime):
        self.rt = rt

    def node(self, node: Any, depth: int) -> Fn:
        t = type(node)
        if t is yaql_ast.Wrap:
            return self.node(node.expr, depth)
        if t is yaql_ast.Constant or t is yaql_ast.KeywordConstant:
            return self.constant(node.value)
        if t is yaql_ast.GetContextValue:
            if node.path.value != "$":
                raise NotCompilable()
            return self.root() if depth == 0 else _identity
        if t is yaql_ast.BinaryOperator:
            return self.binary(node, depth)
        if t is yaql_ast.UnaryOperator:
            return self.unary(node, depth)
        if t is yaql_ast.IndexExpression:
            return self.index(node, depth)
        if t is yaql_ast.ListExpression:
            return self.list_(self.args(node.args, depth))
        if t is yaql_ast.MapExpression:
            return self.dict_(node.args, depth)
        if t is yaql_ast.Function:
            return self.function(node.name.rstrip("_"), node.args, depth)
        raise NotCompilable()

    def args(self, args: tuple, depth: int) -> list[Fn]:
        for arg in args:
            if not isinstance(arg, yaql_ast.Expression) or isinstance(
                arg, yaql_ast.MappingRuleExpression
            ):
                raise NotCompilable()
        return [self.node(arg, depth) for arg in args]

    def constant(self, value: Any) -> Fn:
        if type(value) not in SCALARS:
            raise NotCompilable()
        try:
            self.rt.enter(value)
        except Fallback:
            raise NotCompilable() from None
        return lambda cur: value

    def root(self) -> Fn:
        """``$`` outside lambdas: the data context, as a dict of its top-level keys."""
        top = self.rt.top
        return lambda view: self.rt.enter({key: top(view[key]) for key in view})

    def receiver(self, node: Any, depth: int) -> Fn:
        if depth == 0 and _is_dollar(node):
            return _identity  # the view itself, looked up by key
        return self.node(node, depth)

    # operators

    def binary(self, node: Any, depth: int) -> Fn:
        name = node.name
        left, right = node.args
        if name == "#operator_.":
            if type(right) is yaql_ast.KeywordConstant:
                return self.attribute(left, right.value, depth)
            if type(right) is yaql_ast.Function:
                return self.method(left, right.name.rstrip("_"), right.args, depth)
            raise NotCompilable()
        lf, rf = self.args((left, right), depth)
        if name == "#operator_and":

            def and_(cur: Any) -> Any:
                value = lf(cur)
                return rf(cur) if truth(value) else value

            return and_
        if name == "#operator_or":

            def or_(cur: Any) -> Any:
                value = lf(cur)
                return value if truth(value) else rf(cur)

            return or_
        if name == "#operator_in":
            coll = self.rt.coll

            def in_(cur: Any) -> bool:
                value = lf(cur)
                container = rf(cur)
                if type(value) not in SCALARS:
                    raise Fallback()
                if type(container) is str:
                    if type(value) is not str:
                        raise Fallback()
                    return value in container
                return value in coll(container)

            return in_
        op = OPERATORS.get(name) or arithmetic(self.rt, name)
        if op is None:
            raise NotCompilable()
        if type(right) is yaql_ast.Constant:
            const = right.value
            return lambda cur: op(lf(cur), const)
        return lambda cur: op(lf(cur), rf(cur))

    def unary(self, node: Any, depth: int) -> Fn:
        (arg,) = self.args(node.args, depth)
        if node.name == "#unary_operator_not":
            return lambda cur: not truth(arg(cur))
        if node.name not in ("#unary_operator_-", "#unary_operator_+"):
            raise NotCompilable()
        negate = node.name == "#unary_operator_-"
        made = self.rt.made

        def sign(cur: Any) -> Any:
            value = arg(cur)
            if type(value) not in NUMBERS:
                raise Fallback()
            return made(-value) if negate else value

        return sign

    def attribute(self, left: Any, key: str, depth: int) -> Fn:
        """``x.key``: a dict's value, or the values of the dicts in a collection."""
        enter = self.rt.enter
        if depth == 0 and _is_dollar(left):
            top = self.rt.top

            def view_value(view: Mapping) -> Any:
                try:
                    return top(view[key])
                except KeyError:
                    raise Fallback() from None

            return view_value
        lf = self.node(left, depth)
        coll = self.rt.coll

        def value_of(cur: Any) -> Any:
            obj = lf(cur)
            if type(obj) is dict:
                try:
                    return enter(obj[key])
                except KeyError:
                    raise Fallback() from None
            result = Iter()
            for item in coll(obj):
                if type(item) is not dict or key not in item:
                    raise Fallback()
                result.append(enter(item[key]))
            return result

        return value_of

    def index(self, node: Any, depth: int) -> Fn:
        if len(node.args) != 2:
            raise NotCompilable()
        target, key = node.args
        (kf,) = self.args((key,), depth)
        vf = self.receiver(target, depth)
        view = depth == 0 and _is_dollar(target)
        rt = self.rt

        def item(cur: Any) -> Any:
            obj = vf(cur)
            k = kf(cur)
            tk = type(k)
            try:
                if view or type(obj) is dict:
                    if tk not in SCALARS:
                        raise Fallback()
                    return rt.top(obj[k]) if view else rt.enter(obj[k])
                if type(obj) is list and (tk is int or tk is bool):
                    if len(obj) > rt.list_items:
                        raise Fallback()
                    return rt.enter(obj[k])
            except (KeyError, IndexError):
                raise Fallback() from None
            raise Fallback()

        return item

    def list_(self, fns: list[Fn]) -> Fn:
        rt = self.rt

        def build(cur: Any) -> list:
            values = [f(cur) for f in fns]
            if rt.quota and sum(sys.getsizeof(v) + 64 for v in values) > rt.quota:
                raise Fallback()
            return rt.made(values)

        return build

    def dict_(self, rules: tuple, depth: int) -> Fn:
        if self.rt.quota and RULE_SIZE * len(rules) > self.rt.quota:
            raise NotCompilable()  # yaql counts the size of its MappingRule objects
        pairs = []
        for rule in rules:
            if type(rule) is not yaql_ast.MappingRuleExpression:
                raise NotCompilable()
            pairs.append((self.node(rule.source, depth), self.node(rule.destination, depth)))

        def build(cur: Any) -> dict:
            result = {}
            for kf, vf in pairs:
                key = kf(cur)
                if type(key) not in SCALARS:
                    raise Fallback()
                result[key] = vf(cur)
            return result

        return build

    # functions and methods

    def function(self, name: str, args: tuple, depth: int) -> Fn:
        if name == "dict":
            return self.dict_(args, depth)
        if name == "list":
            return self.flatten(self.args(args, depth))
        if name not in _FUNCTIONS or len(args) not in (1, 2):
            raise NotCompilable()
        # the extension methods len(collection) and distinct(collection, keySelector)
        return self.call(name, args[0], args[1:], depth)

    def method(self, receiver: Any, name: str, args: tuple, depth: int) -> Fn:
        if name not in _METHODS:
            raise NotCompilable()
        return self.call(name, receiver, args, depth)

    def call(self, name: str, receiver: Any, args: tuple, depth: int) -> Fn:
        plain_counts, lambda_counts = _METHODS[name]
        recv = self.node(receiver, depth)
        impl = getattr(self, "m_" + name)
        if len(args) in lambda_counts:
            (fn,) = self.args(args, depth + 1)
            return impl(recv, [], fn)
        if len(args) in plain_counts:
            return impl(recv, self.args(args, depth), None)
        raise NotCompilable()

    def flatten(self, fns: list[Fn]) -> Fn:
        """list(...): the arguments, iterators among them unpacked (recursively)."""
        rt = self.rt

        def unpack(values: list, result: list) -> None:
            for value in values:
                if type(value) is Iter:
                    unpack(rt.coll(value), result)
                else:
                    result.append(value)

        def build(cur: Any) -> list:
            result: list = []
            unpack([f(cur) for f in fns], result)
            return rt.made(result)

        return build

    def m_where(self, recv: Fn, args: list[Fn], pred: Fn) -> Fn:
        items_of = self.rt.items_of
        return lambda cur: Iter([item for item in items_of(recv(cur)) if truth(pred(item))])

    m_filter = m_where

    def m_select(self, recv: Fn, args: list[Fn], sel: Fn) -> Fn:
        items_of = self.rt.items_of
        return lambda cur: Iter([sel(item) for item in items_of(recv(cur))])

    m_map = m_select

    def m_len(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        coll = self.rt.coll

        def length(cur: Any) -> int:
            value = recv(cur)
            t = type(value)
            if t is str or t is dict or t is list or t is Keys:
                return len(value)
            if t is Iter:
                return len(coll(value))
            raise Fallback()

        return length

    def m_count(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        coll = self.rt.coll
        return lambda cur: len(coll(recv(cur)))

    def _aggregate(self, kind: str, recv: Fn) -> Fn:
        rt = self.rt
        return lambda cur: reduce(rt, kind, rt.coll(recv(cur)))

    def m_max(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._aggregate("max", recv)

    def m_min(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._aggregate("min", recv)

    def m_sum(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._aggregate("sum", recv)

    def _end(self, recv: Fn, args: list[Fn], index: int) -> Fn:
        rt = self.rt

        def end(cur: Any) -> Any:
            src = rt.coll(recv(cur))
            default = [f(cur) for f in args]
            if src:
                return rt.enter(src[index])
            if default:
                return default[0]
            raise Fallback()  # yaql raises StopIteration

        return end

    def m_first(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._end(recv, args, 0)

    def m_last(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._end(recv, args, -1)

    def m_distinct(self, recv: Fn, args: list[Fn], key_fn: Fn | None) -> Fn:
        rt = self.rt

        def distinct(cur: Any) -> list:
            seen: set = set()
            result = Iter()
            src = rt.items_of(recv(cur))
            for item in src:
                key = item if key_fn is None else key_fn(item)
                if type(key) not in SCALARS:
                    raise Fallback()
                if key not in seen:
                    seen.add(key)
                    result.append(item)
            if rt.quota and 256 + 200 * len(seen) > rt.quota:
                raise Fallback()
            return result

        return distinct

    def _order(self, recv: Fn, key_fn: Fn, descending: bool) -> Fn:
        items_of = self.rt.items_of

        def order(cur: Any) -> list:
            items = items_of(recv(cur))
            if len(items) < 2:  # yaql compares (and so evaluates keys) only for two or more
                return Ordered(items)
            return Ordered(sort(items, [key_fn(item) for item in items], descending))

        return order

    def m_orderBy(self, recv: Fn, args: list[Fn], key_fn: Fn) -> Fn:
        return self._order(recv, key_fn, False)

    def m_orderByDescending(self, recv: Fn, args: list[Fn], key_fn: Fn) -> Fn:
        return self._order(recv, key_fn, True)

    def _view(self, recv: Fn, values: bool) -> Fn:
        def view(cur: Any) -> list:
            obj = recv(cur)
            if type(obj) is not dict:
                raise Fallback()
            return Values(obj.values()) if values else Keys(obj)

        return view

    def m_keys(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._view(recv, False)

    def m_values(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._view(recv, True)

    def _string(self, recv: Fn, convert: Callable[[str], str]) -> Fn:
        made = self.rt.made

        def string(cur: Any) -> str:
            value = recv(cur)
            if type(value) is not str:
                raise Fallback()
            return made(convert(value))

        return string

    def m_toUpper(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._string(recv, str.upper)

    def m_toLower(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        return self._string(recv, str.lower)

    def m_join(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        (arg,) = args
        rt = self.rt

        def join(cur: Any) -> str:
            first = recv(cur)
            second = arg(cur)
            # collection.join(separator), or separator.join(collection)
            separator, collection = (first, second) if type(first) is str else (second, first)
            if type(separator) is not str:
                raise Fallback()
            return rt.made(separator.join([yaql_str(v) for v in rt.coll(collection)]))

        return join

    def m_contains(self, recv: Fn, args: list[Fn], fn: None) -> Fn:
        (arg,) = args
        coll = self.rt.coll

        def contains(cur: Any) -> bool:
            collection = recv(cur)
            value = arg(cur)
            if type(value) not in SCALARS:
                raise Fallback()
            return value in coll(collection)

        return contains


def _identity(cur: Any) -> Any:
    return cur


# name -> (argument counts of plain arguments, argument counts taken as a lambda)
_METHODS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "where": ((), (1,)),
    "filter": ((), (1,)),
    "select": ((), (1,)),
    "map": ((), (1,)),
    "len": ((0,), ()),
    "count": ((0,), ()),
    "max": ((0,), ()),
    "min": ((0,), ()),
    "sum": ((0,), ()),
    "first": ((0, 1), ()),
    "last": ((0, 1), ()),
    "distinct": ((0,), (1,)),
    "orderBy": ((), (1,)),
    "orderByDescending": ((), (1,)),
    "keys": ((0,), ()),
    "values": ((0,), ()),
    "toUpper": ((0,), ()),
    "toLower": ((0,), ()),
    "join": ((1,), ()),
    "contains": ((1,), ()),
}
# extension methods that may also be called as functions
_FUNCTIONS = frozenset({"len", "distinct"})


def compile_expression(
    expression: Any, *, limit_iterators: int, memory_quota: int, sets_to_lists: bool
) -> Callable[[Mapping], Any] | None:
    """A closure ``run(view)`` evaluating ``expression`` with ``$`` = ``view``, or None.

    The closure returns the value yaql's evaluation would return after output
    conversion, or raises Fallback. It assumes convert_input_data,
    convert_output_data and convert_tuples_to_lists on, iterable_dicts off.
    """
    if 0 < memory_quota < MIN_COMPILED_QUOTA:
        return None
    rt = Runtime(limit_iterators, memory_quota, sets_to_lists)
    try:
        body = _Compiler(rt).node(expression, 0)
    except Exception:  # NotCompilable, or a shape not foreseen: yaql evaluates
        return None
    out = rt.out
    quota = rt.quota

    def run(view: Mapping) -> Any:
        try:
            result = out(body(view))
            # yaql checks the size of the converted result too (built the same way)
            if quota and sys.getsizeof(result) > quota:
                raise Fallback()
            return result
        except Fallback:
            raise
        except Exception as e:  # yaql's own error (or answer) applies
            raise Fallback() from e

    return run
