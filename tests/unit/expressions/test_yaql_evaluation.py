import datetime

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.expressions import evaluate, yaql_expr

CTX = {
    "a": {"b": 1, "s": "str"},
    "list": [1, 2, 3],
    "n": None,
    "u": "héllo",
    "__env": {"k": "v"},
}


def _error(expression, context=CTX):
    with pytest.raises(exc.YaqlEvaluationException) as info:
        evaluate(expression, context)
    return str(info.value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("<% $.list.sum() %>", 6),
        ("<% $.a %>", {"b": 1, "s": "str"}),
        ("<% $.a.b %>", 1),
        ("<% $.n %>", None),
        ("<%$.a.b%>", 1),
        ("<% $.get('nope') %>", None),
        ("<% $.get('nope', 5) %>", 5),
        ("<% $.a.get(b) %>", 1),
        ("<% $.get(a).s %>", "str"),
        ("<% len($.list) %>", 3),
        ("<% $.list.select($ * 2) %>", [2, 4, 6]),
        ("<% $.list.where($ > 1) %>", [2, 3]),
        ("<% $.list.len() %>", 3),
        ("<% range(3) %>", [0, 1, 2]),
        ("<% range(2, 20, 3) %>", [2, 5, 8, 11, 14, 17]),
        ("<% dict(a => 1) %>", {"a": 1}),
        ("<% {a => 1} %>", {"a": 1}),
        ("<% let(x => 1) -> $x + 1 %>", 2),
        ("<% $.u.toUpper() %>", "HÉLLO"),
        ("<% str(null) %>", "null"),
        ("<% set(1, 2) %>", {1, 2}),
        ("<% $.keys().where($ = 'a') %>", ["a"]),
        ("<% 1.repeat(3) %>", [1, 1, 1]),
        ("<% [1, 2].cycle().take(5) %>", [1, 2, 1, 2, 1]),
        ("<% generate(0, $ < 3, $ + 1) %>", [0, 1, 2]),
        ("<% true %>", True),
        ("<% [1, 'x'] %>", [1, "x"]),
    ],
)
def test_whole_expression_keeps_the_native_value(expression, expected):
    assert evaluate(expression, CTX) == expected


def test_whole_context():
    result = evaluate("<% $ %>", CTX)
    assert result == CTX
    assert result is not CTX and result["a"] is not CTX["a"]


def test_lengths_of_the_context():
    assert evaluate("<% len($) %>", CTX) == 5


def test_mixed_text_uses_python_str():
    assert (
        evaluate("v=<% {a => 1} %> n=<% null %> t=<% true %> l=<% [1, 'x'] %>", CTX)
        == "v={'a': 1} n=None t=True l=[1, 'x']"
    )
    assert evaluate("x <% set(1, 2) %>", CTX) == "x {1, 2}"
    assert evaluate(" <% $.a.b %>", CTX) == " 1"
    assert evaluate("<% $.a %> and <% $.a %>", CTX) == (
        "{'b': 1, 's': 'str'} and {'b': 1, 's': 'str'}"
    )


def test_repeated_expression_text_is_replaced_everywhere_with_the_first_value():
    first, second = evaluate("<% uuid() %> <% uuid() %>", CTX).split(" ")
    assert first == second


def test_now_is_a_datetime():
    assert isinstance(evaluate("<% now() %>", CTX), datetime.datetime)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("<% $.nope %>", "[expression=$.nope, error='nope']"),
        ("<% $.a.nope %>", "[expression=$.a.nope, error='nope']"),
        ("<% $.a.b.c %>", '[expression=$.a.b.c, error=Unknown function "#property#c"]'),
        ("<% $.list.x %>", '[expression=$.list.x, error=Unknown function "#property#x"]'),
        ("<% foo() %>", '[expression=foo(), error=Unknown function "foo"]'),
        ("<% $.list[5] %>", "[expression=$.list[5], error=tuple index out of range]"),
        ("<% 1/0 %>", "[expression=1/0, error=integer division or modulo by zero]"),
        (
            '<% int("x") %>',
            "[expression=int(\"x\"), error=invalid literal for int() with base 10: 'x']",
        ),
        (
            "<% $.a.items() %>",
            "[expression=$.a.items(), error=unhashable type: 'list']",
        ),
        (
            "<% dict($.a) %>",
            '[expression=dict($.a), error=No function "dict" matches supplied arguments]',
        ),
        ("x <% $.nope %> y", "[expression=$.nope, error='nope']"),
        (
            "<% $.a + %>",
            "[expression=$.a +, error=Parse error: unexpected end of statement]",
        ),
    ],
)
def test_errors_use_mistral_messages(expression, message):
    assert _error(expression) == "Can not evaluate YAQL expression " + message


def test_context_keys_are_variables_too():
    assert evaluate("<% $__env %>", CTX) == {"k": "v"}
    assert evaluate("<% $__execution %>", CTX) is None


def test_iteration_limit_stops_runaway_generators():
    assert _error("<% range(100000000).len() %>") == (
        "Can not evaluate YAQL expression [expression=range(100000000).len(), "
        "error=Collection length exceeds 1000000 elements]"
    )
    assert "Collection length exceeds" in _error("<% sequence().len() %>")


def test_memory_quota_stops_huge_results():
    assert _error('<% "x" * 1000000000 %>') == (
        'Can not evaluate YAQL expression [expression="x" * 1000000000, '
        "error=Expression consumed too much memory]"
    )


def test_configure_changes_limits():
    try:
        yaql_expr.configure(limit_iterators=5)
        assert "exceeds 5 elements" in _error("<% range(6).len() %>")
        assert evaluate("<% range(5).len() %>", CTX) == 5
    finally:
        yaql_expr.configure(**yaql_expr.DEFAULT_OPTIONS)
    with pytest.raises(ValueError):
        yaql_expr.configure(bogus=1)


def test_input_conversion_off_still_evaluates():
    try:
        yaql_expr.configure(convert_input_data=False)
        assert evaluate("<% $.a.b %>", CTX) == 1
        assert evaluate("<% $.list.sum() %>", CTX) == 6
    finally:
        yaql_expr.configure(**yaql_expr.DEFAULT_OPTIONS)


def test_plain_lookup_equals_full_evaluation():
    # ``$.a.b`` skips YAQL; the result must be what YAQL itself gives.
    data = {"a": {"b": [1, {"c": (2, 3)}], "t": (1, 2), "s": {1}}, "d": datetime.date(2020, 1, 2)}
    for path in ("$.a", "$.a.b", "$.a.t", "$.a.s", "$.d", "$"):
        fast = evaluate(f"<% {path} %>", data)
        full = yaql_expr.evaluate_body(path, lambda: yaql_expr.data_context(data), None)
        assert fast == full
        assert type(fast) is type(full)


def test_parse_cache_is_bounded_and_shared():
    yaql_expr._parse.cache_clear()
    evaluate("<% $.a.b %>", CTX)
    evaluate("x <% $.a.b %>", CTX)
    info = yaql_expr._parse.cache_info()
    assert info.hits >= 1 and info.maxsize == yaql_expr.PARSE_CACHE_SIZE


def test_only_touched_keys_are_converted():
    view = yaql_expr.FrozenView({"a": [1], "b": [2]})
    assert view["a"] == (1,)
    assert list(view._memo) == ["a"]
    assert dict(view.items()) == {"a": (1,), "b": (2,)}
    assert "b" in view and "c" not in view and len(view) == 2
    assert view.get("c", 3) == 3
