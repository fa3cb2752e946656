"""The compiled YAQL fast path gives exactly yaql's values, and falls back to yaql otherwise."""

import datetime
import math

import pytest

from mistral_engine import exceptions as exc
from mistral_engine import expressions
from mistral_engine.expressions import yaql_compiled, yaql_expr, yaql_runtime
from mistral_engine.expressions.context_view import as_view

DATA = {
    "n": 7,
    "f": 2.5,
    "s": "Abc",
    "t": True,
    "z": None,
    "l": [3, 1, 2],
    "e": [],
    "strs": ["b", "a", "c", "a"],
    "mixed": [1, 2.0, -3],
    "nulls": [None, 2, None, 1],
    "d": {"a": 1, "b": 2},
    "nested": {"a": {"b": [1, {"c": 2}]}},
    "lists": [[1, 2], [3], []],
    "recs": [
        {"id": 1, "v": 10, "name": "x", "tags": ["t1", "t2"]},
        {"id": 2, "v": 5, "name": "y", "tags": []},
        {"id": 3, "v": 10, "name": "z", "tags": ["t2"]},
        {"id": 4, "v": 1, "name": "w", "tags": ["t1"]},
    ],
}


@pytest.fixture(autouse=True)
def default_options():
    yield
    if yaql_expr.options() != yaql_expr.DEFAULT_OPTIONS:
        yaql_expr.configure(**yaql_expr.DEFAULT_OPTIONS)  # rebuilds the grammar: only if needed


def _same(a, b):
    """Equal, with the same types all the way down (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _by_yaql(body, data):
    """What yaql itself gives: the statement evaluated in a full context, no fast path."""
    statement = yaql_expr._parse(body).statement
    ctx = yaql_expr.data_context(as_view(data)).create_child_context()
    return yaql_expr._sanitize(statement.evaluate(context=ctx))


def _compiled(body, data):
    run = yaql_expr._parse(body).compiled
    assert run is not None, f"{body} is not compiled"
    return run(as_view(data))


def _assert_exact(body, data, expected):
    assert _same(_compiled(body, data), expected)
    assert _same(_by_yaql(body, data), expected)
    assert _same(expressions.evaluate(f"<% {body} %>", data), expected)


def _yaql_outcome(body, data):
    try:
        return ("value", _by_yaql(body, data))
    except Exception as e:
        return ("error", f"{type(e).__name__}: {e}")


# --- supported constructs, exact values ------------------------------------------

LOOKUPS = [
    ("$.n", 7),
    ("$.nested.a.b[1].c", 2),
    ("$.l[0]", 3),
    ("$.l[-1]", 2),
    ("$.l[true]", 1),
    ("$.d[a]", 1),
    ("$.d['b']", 2),
    ("$['n']", 7),
    ("($).s", "Abc"),
    ("$.recs.name", ["x", "y", "z", "w"]),
    ("$.recs[1].tags", []),
    ("$.nested", {"a": {"b": [1, {"c": 2}]}}),
    ("len($)", 14),
]

LITERALS = [
    ("1", 1),
    ("2.5", 2.5),
    ("'a'", "a"),
    ('"b"', "b"),
    ("abc", "abc"),
    ("true", True),
    ("null", None),
    ("[1, 'a', null, [2]]", [1, "a", None, [2]]),
    ("[]", []),
    ("{a => 1, b => [2], 3 => null}", {"a": 1, "b": [2], 3: None}),
    ("{}", {}),
    ("dict(n => $.n, total => $.f)", {"n": 7, "total": 2.5}),
    ("dict()", {}),
    ("dict(a => 1, a => 2)", {"a": 2}),
    ("list()", []),
]

OPERATORS = [
    ("$.n > 5", True),
    ("$.n >= 7.0", True),
    ("$.n < 7", False),
    ("$.f <= 2.5", True),
    ("$.n = 7.0", True),
    ("$.n != 7", False),
    ("$.s < 'b'", True),
    ("'b' > $.s", True),
    ("null < 1", True),
    ("1 < null", False),
    ("'a' > null", True),
    ("null >= 'a'", False),
    ("null <= null", True),
    ("null > null", False),
    ("$.z = null", True),
    ("$.t = 1", True),
    ("$.l = [3, 1, 2]", True),
    ("$.d = {b => 2, a => 1}", True),
    ("$.d != {a => 1}", True),
    ("$.t and $.n", 7),
    ("$.z and 1", None),
    ("$.z or 'x'", "x"),
    ("$.e or $.l", [3, 1, 2]),
    ("$.l.select($) or 1", [3, 1, 2]),
    ("not $.e", True),
    ("not $.s", False),
    ("not $.e.select($)", False),
    ("not $.d.keys()", False),
    ("7 / 2", 3),
    ("-7 / 2", -4),
    ("7.0 / 2", 3.5),
    ("7 mod -3", -2),
    ("-7 mod 3", 2),
    ("2.5 mod 2", 0.5),
    ("$.f * 2", 5.0),
    ("$.n - 10", -3),
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("-$.n", -7),
    ("+$.f", 2.5),
    ("$.s + 'x'", "Abcx"),
    ("1 in $.l", True),
    ("1.0 in $.l", True),
    ("5 in $.l", False),
    ("null in $.nulls", True),
    ("'b' in $.s", True),
    ("'a' in $.d.keys()", True),
]

METHODS = [
    ("$.l.len()", 3),
    ("len($.l)", 3),
    ("len($.s)", 3),
    ("$.d.len()", 2),
    ("len($.d.keys())", 2),
    ("$.l.where($ > 1).len()", 2),
    ("$.l.count()", 3),
    ("$.l.orderBy($).count()", 3),
    ("$.l.where($ > 1)", [3, 2]),
    ("$.l.filter($ > 1)", [3, 2]),
    ("$.l.select($ * 2)", [6, 2, 4]),
    ("$.l.map($ + 1)", [4, 2, 3]),
    ("$.lists.where($)", [[1, 2], [3]]),
    ("$.recs.where($.v > 5).select($.id)", [1, 3]),
    ("$.recs.where($.tags.where($ = 't1').len() > 0).select($.name)", ["x", "w"]),
    ("$.recs.select([$.id, $.tags.len()])", [[1, 2], [2, 0], [3, 1], [4, 1]]),
    ("$.recs.select(dict(k => $.name))", [{"k": "x"}, {"k": "y"}, {"k": "z"}, {"k": "w"}]),
    ("$.l.max()", 3),
    ("$.l.min()", 1),
    ("$.l.sum()", 6),
    ("$.mixed.sum()", 0.0),
    ("$.strs.max()", "c"),
    ("$.strs.min()", "a"),
    ("$.strs.sum()", "baca"),
    ("[1, 1.0].max()", 1),
    ("[1.0, 1].max()", 1.0),
    ("[1, 1.0].min()", 1.0),
    ("[true].sum()", True),
    ("[[1]].max()", [1]),
    ("$.l.first()", 3),
    ("$.l.last()", 2),
    ("$.e.first(0)", 0),
    ("$.e.last(null)", None),
    ("$.l.where($ > 5).first('none')", "none"),
    ("$.l.orderBy($).first()", 1),
    ("$.strs.distinct()", ["b", "a", "c"]),
    ("distinct($.strs)", ["b", "a", "c"]),
    ("[1, 1.0, true, 2].distinct()", [1, 2]),
    ("$.recs.distinct($.v).select($.id)", [1, 2, 4]),
    ("distinct($.recs, $.v).len()", 3),
    ("$.l.orderBy($)", [1, 2, 3]),
    ("$.l.orderByDescending($)", [3, 2, 1]),
    ("$.l.orderBy(-$)", [3, 2, 1]),
    ("$.strs.orderBy($)", ["a", "a", "b", "c"]),
    ("$.recs.orderBy($.v).select($.id)", [4, 2, 1, 3]),
    ("$.recs.orderByDescending($.v).select($.id)", [1, 3, 2, 4]),
    ("$.recs.orderBy($.name).select($.name)", ["w", "x", "y", "z"]),
    ("$.nulls.orderBy($)", [None, None, 1, 2]),
    ("$.nulls.orderByDescending($)", [2, 1, None, None]),
    ("$.mixed.orderBy($)", [-3, 1, 2.0]),
    ("[{a => 1}].orderBy($.missing)", [{"a": 1}]),
    ("$.d.keys()", {"a", "b"}),
    ("$.d.keys().orderBy($)", ["a", "b"]),
    ("$.d.values()", [1, 2]),
    ("$.keys().len()", 14),
    ("$.s.toUpper()", "ABC"),
    ("$.s.toLower()", "abc"),
    ("'straße'.toUpper()", "STRASSE"),
    ("$.l.join(', ')", "3, 1, 2"),
    ("'-'.join($.strs)", "b-a-c-a"),
    ("[true, false, null, 1.5, 'x'].join('')", "truefalsenull1.5x"),
    ("$.l.contains(1)", True),
    ("$.l.contains(4)", False),
    ("list($.l.select($), 1, $.l)", [3, 1, 2, 1, [3, 1, 2]]),
    ("list($.l.orderBy($))", [[1, 2, 3]]),
    ("list($.d.keys())", [{"a", "b"}]),
    ("[$.l.select($), $.l.where($ > 2)]", [[3, 1, 2], [3]]),
]


def _case_id(value) -> str:
    """A test id that is the same in every process (a set's own order depends on the
    process's hash seed, and pytest-xdist workers must collect the same ids)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_case_id(v) for v in value)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_case_id(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) and value != value.strip() else str(value)


@pytest.mark.parametrize(
    ("body", "expected"), LOOKUPS + LITERALS + OPERATORS + METHODS, ids=_case_id
)
def test_compiled_value_is_yaqls_value(body, expected):
    _assert_exact(body, DATA, expected)


def test_whole_context_is_a_plain_copy_in_yaqls_key_order():
    result = _compiled("$", DATA)
    assert result == DATA
    assert _same(result, _by_yaql("$", DATA))
    assert result["l"] is not DATA["l"]


# --- the benchmark's dataflow -------------------------------------------------------


def _dataflow_input():
    recs = [
        {
            "id": i,
            "name": f"item-{i:03d}",
            "value": (i * 37) % 101,
            "tags": [f"t{i % 7}", f"g{i % 3}"],
            "pad": "x" * 30,
        }
        for i in range(100)
    ]
    return {"records": recs}


DATAFLOW_TASKS = [
    ("n", "<% len($.data.records) %>"),
    ("total", "{{ _.data.records | map(attribute='value') | sum }}"),
    ("big", "<% $.data.records.where($.value > 50).select($.id) %>"),
    (
        "names",
        "{{ _.data.records | selectattr('value', 'gt', 50) | map(attribute='name') | list }}",
    ),
    ("nbig", "<% len($.big) %>"),
    ("maxv", "<% $.data.records.select($.value).max() %>"),
    ("ids_sum", "<% $.big.sum() %>"),
    ("first_name", "{{ _.names[0] }}"),
    ("by10", "<% $.data.records.where($.id mod 10 = 0).select($.name) %>"),
    ("upper", "<% $.first_name.toUpper() %>"),
    ("pair", "<% dict(n => $.n, total => $.total) %>"),
    ("tags0", "<% $.data.records.select($.tags[0]).distinct().orderBy($) %>"),
    ("keys", "<% $.pair.keys().orderBy($) %>"),
]


def test_dataflow_expressions_are_compiled_and_exact():
    recs = _dataflow_input()["records"]
    big = [r["id"] for r in recs if r["value"] > 50]
    names = [r["name"] for r in recs if r["value"] > 50]
    total = sum(r["value"] for r in recs)
    expected = {
        "n": 100,
        "total": total,
        "big": big,
        "names": names,
        "nbig": len(big),
        "maxv": 100,
        "ids_sum": sum(big),
        "first_name": names[0],
        "by10": [f"item-{i:03d}" for i in range(0, 100, 10)],
        "upper": names[0].upper(),
        "pair": {"n": 100, "total": total},
        "tags0": ["t0", "t1", "t2", "t3", "t4", "t5", "t6"],
        "keys": ["n", "total"],
    }
    ctx = {"data": _dataflow_input()}
    compiled = 0
    for var, text in DATAFLOW_TASKS:
        if text.startswith("<%"):
            body = text[2:-2].strip()
            assert _same(_compiled(body, ctx), expected[var])
            assert _same(_by_yaql(body, ctx), expected[var])
            compiled += 1
        ctx[var] = expressions.evaluate(text, ctx)
        assert _same(ctx[var], expected[var])
    assert compiled == 10


# --- fallback to yaql ----------------------------------------------------------------

FALLBACKS = [
    # (expression, yaql's value or its error message in Mistral's wrapping)
    ("$.t + 1", 'error=No function "#operator_+" matches supplied arguments'),
    ("true * 2", 'error=No function "#operator_*" matches supplied arguments'),
    ("$.s < 1", 'error=No function "#operator_<" matches supplied arguments'),
    ("true < false", 'error=No function "#operator_<" matches supplied arguments'),
    ("$.z + 1", 'error=No function "#operator_+" matches supplied arguments'),
    ("$.e.max()", "error=reduce() of empty iterable with no initial value"),
    ("$.e.sum()", "error=reduce() of empty iterable with no initial value"),
    ("[1, true].max()", 'error=No function "#operator_>" matches supplied arguments'),
    ("[1, 'a'].orderBy($)", 'error=No function "#operator_<" matches supplied arguments'),
    ("$.missing", "error='missing'"),
    ("$.d.c", "error='c'"),
    ("$.d[c]", "error='c'"),
    ("$.l[5]", "error=tuple index out of range"),
    ("$.s[0]", 'error=No function "#indexer" matches supplied arguments'),
    ("1 / 0", "error=integer division or modulo by zero"),
    ("$.e.first()", "error=]"),
    ("$.s.count()", 'error=No method "count" for receiver Abc matches supplied arguments'),
    ("$.d.toUpper()", "error=No method \"toUpper\" for receiver {'a': 1, 'b': 2} matches"),
    ("'a' * 3", "aaa"),
    ("[1, 2] + [3]", [1, 2, 3]),
    ("[[1], [1]].distinct()", [[1]]),
    ("$.l = $.l.select($)", False),
    ("$.d.keys() = ['a', 'b']", False),
    ("[true, null].orderBy($)", [None, True]),
    ("$.lists.select($.select($)).where($.len() > 1)", [[]]),
    ("[$.when]", [datetime.datetime(2024, 1, 2, 3, 4, 5)]),
    ("$.l.select(1 / ($ - 1)).first()", 0),
    ("dict(a => $.l.select($)).a", [3, 1, 2]),
]


@pytest.mark.parametrize(("body", "outcome"), FALLBACKS, ids=_case_id)
def test_outside_the_subset_at_run_time_yaql_decides(body, outcome):
    data = dict(DATA, when=datetime.datetime(2024, 1, 2, 3, 4, 5))
    with pytest.raises(yaql_compiled.Fallback):
        _compiled(body, data)
    if isinstance(outcome, str) and outcome.startswith("error="):
        with pytest.raises(exc.YaqlEvaluationException) as raised:
            expressions.evaluate(f"<% {body} %>", data)
        assert str(raised.value).startswith(
            f"Can not evaluate YAQL expression [expression={body}, "
        )
        assert outcome in str(raised.value)
    else:
        assert _same(expressions.evaluate(f"<% {body} %>", data), outcome)
        assert _same(_by_yaql(body, data), outcome)


NOT_COMPILED = [
    ("$.lists.selectMany($)", [1, 2, 3]),
    ("$x", None),
    ("let(a => 1) -> $a", 1),
    ("$.l.aggregate($1 + $2)", 6),
    ("$.d.get(c, 5)", 5),
    ("$.s =~ 'b'", True),
    ("$.l.max(10)", 10),
    ("$.l?.len()", 3),
    ("max(1, 2)", 2),
    ("where($.l, $ > 1)", None),
]


@pytest.mark.parametrize(("body", "expected"), NOT_COMPILED, ids=_case_id)
def test_unsupported_constructs_are_left_to_yaql(body, expected):
    assert yaql_expr._parse(body).compiled is None
    if body.startswith("where("):
        with pytest.raises(exc.YaqlEvaluationException, match='Unknown function "where"'):
            expressions.evaluate(f"<% {body} %>", DATA)
    else:
        assert _same(expressions.evaluate(f"<% {body} %>", DATA), expected)


def test_mistral_functions_are_left_to_yaql():
    assert yaql_expr._parse("task().result").compiled is None
    assert yaql_expr._parse("json_parse($.s)").compiled is None
    assert yaql_expr._parse("env().x").compiled is None


def test_deeply_nested_context_value_is_left_to_yaql():
    # yaql converts all of $.data, whatever the expression reads of it
    deep = 1
    for _ in range(yaql_runtime.MAX_DEPTH + 5):
        deep = [deep]
    data = {"data": {"x": 1, "deep": deep}}
    with pytest.raises(yaql_compiled.Fallback):
        _compiled("$.data.x + 1", data)
    assert expressions.evaluate("<% $.data.x + 1 %>", data) == 2
    _assert_exact("$.data.x + 1", {"data": {"x": 1, "deep": [[[1]]]}}, 2)


# --- the hook in evaluation ----------------------------------------------------------


def test_compiled_expressions_never_build_the_yaql_context():
    built = []

    def get_yaql_ctx():
        built.append(1)
        return yaql_expr.data_context(view)

    view = as_view(DATA)
    assert yaql_expr.evaluate("<% $.l.where($ > 1).len() %>", get_yaql_ctx, view) == 2
    assert built == []
    assert yaql_expr.evaluate("<% $.e.max(5) %>", get_yaql_ctx, view) == 5
    assert built == [1]
    assert yaql_expr.evaluate("<% [1, 2] + [3] %>", get_yaql_ctx, view) == [1, 2, 3]
    assert built == [1, 1]


# --- options ----------------------------------------------------------------------------


def test_iteration_limit_falls_back_to_yaqls_error():
    yaql_expr.configure(limit_iterators=2)
    with pytest.raises(yaql_compiled.Fallback):
        _compiled("$.l.select($)", DATA)
    with pytest.raises(exc.YaqlEvaluationException, match="Collection length exceeds 2 elements"):
        expressions.evaluate("<% $.l.select($) %>", DATA)
    _assert_exact("$.d.keys().orderBy($)", DATA, ["a", "b"])
    _assert_exact("$.e.select($)", DATA, [])


def test_memory_quota_falls_back_to_yaqls_error():
    yaql_expr.configure(memory_quota=5000)
    data = {"s": "x" * 1200}
    _assert_exact("[$.s, $.s, $.s].len()", data, 3)
    with pytest.raises(yaql_compiled.Fallback):
        _compiled("[$.s, $.s, $.s, $.s].len()", data)
    with pytest.raises(exc.YaqlEvaluationException, match="Expression consumed too much memory"):
        expressions.evaluate("<% $.s + $.s + $.s + $.s + $.s %>", data)
    with pytest.raises(yaql_compiled.Fallback):
        _compiled("$.s + $.s + $.s + $.s + $.s", data)


def test_memory_quota_counts_the_converted_result_like_yaql():
    # 610 items: yaql's tuple (4920 bytes) fits, the list output conversion builds does not
    yaql_expr.configure(memory_quota=5000)
    data = {"m": list(range(610)), "few": list(range(400))}
    _assert_exact("$.few.where(true).len()", data, 400)
    _assert_exact("$.m.where($ > 9).len()", data, 600)
    with pytest.raises(yaql_compiled.Fallback):
        _compiled("$.m.where(true)", data)
    with pytest.raises(exc.YaqlEvaluationException, match="Expression consumed too much memory"):
        expressions.evaluate("<% $.m.where(true) %>", data)
    assert _same(expressions.evaluate("<% $.few.where(true) %>", data), list(range(400)))


def test_tiny_memory_quota_is_left_to_yaql():
    yaql_expr.configure(memory_quota=yaql_compiled.MIN_COMPILED_QUOTA - 1)
    assert yaql_expr._parse("$.l.len()").compiled is None
    assert expressions.evaluate("<% $.l.len() %>", DATA) == 3


def test_sets_to_lists_option_applies_to_keys():
    yaql_expr.configure(convert_sets_to_lists=True)
    _assert_exact("$.d.keys()", DATA, ["a", "b"])


@pytest.mark.parametrize(
    "option",
    [
        {"convert_input_data": False},
        {"convert_output_data": False},
        {"convert_tuples_to_lists": False},
        {"iterable_dicts": True},
    ],
    ids=str,
)
def test_other_conversion_options_are_left_to_yaql(option):
    yaql_expr.configure(**option)
    assert yaql_expr._parse("$.l.select($)").compiled is None


# --- differential grid -----------------------------------------------------------------

OPERANDS = ["1", "2.5", "0", "-1", "true", "false", "null", "'a'", "''", "$.l", "$.e", "$.d", "$.s"]
BINARY = ["=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "mod", "and", "or", "in"]
RECEIVERS = ["$.l", "$.e", "$.strs", "$.nulls", "$.mixed", "$.d", "$.s", "$.n", "$.z", "$.lists"]
RECEIVERS += ["$.recs", "$.l.select($)", "$.l.orderBy($)", "$.d.keys()", "$.d.values()"]
CALLS = ["len()", "count()", "max()", "min()", "sum()", "first()", "last()", "distinct()"]
CALLS += ["keys()", "values()", "toUpper()", "join(',')", "contains(1)", "where($)"]
CALLS += ["select($)", "orderBy($)", "orderByDescending($)", "[0]", ".v"]


def _grid():
    yield from (f"{a} {op} {b}" for op in BINARY for a in OPERANDS for b in OPERANDS)
    yield from (f"not {a}" for a in OPERANDS)
    yield from (f"-{a}" for a in OPERANDS)
    for receiver in RECEIVERS:
        for call in CALLS:
            yield f"{receiver}{call}" if call[0] in "[." else f"{receiver}.{call}"


def test_grid_compiled_values_equal_yaqls():
    fast = 0
    for body in _grid():
        run = yaql_expr._parse(body).compiled
        assert run is not None, body
        try:
            value = run(as_view(DATA))
        except yaql_compiled.Fallback:
            continue
        fast += 1
        assert _yaql_outcome(body, DATA) == ("value", value), body
        assert _same(value, _by_yaql(body, DATA)), body
    assert fast == 1146
