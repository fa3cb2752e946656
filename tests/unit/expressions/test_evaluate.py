import copy
import threading

import pytest

from mistral_engine import exceptions as exc
from mistral_engine import expressions
from mistral_engine.expressions import ContextView, evaluate

CTX = {"a": 1, "s": "x", "l": [1, 2], "d": {"k": "v"}}


def test_non_expressions_are_returned_unchanged():
    for value in ("plain", "a {{ b", "<% not closed", "{% x", "", 5, 1.5, True, None):
        assert evaluate(value, CTX) == value
    text = "no markers at all"
    assert evaluate(text, CTX) is text


def test_containers_are_evaluated_recursively_on_a_copy():
    data = {
        "<% $.a %>": "<% $.a %>",
        "list": ["{{ _.s }}", {"deep": "<% $.l %>"}, 3, None],
        "text": "a=<% $.a %>",
        "plain": {"x": [1, 2]},
    }
    original = copy.deepcopy(data)
    result = evaluate(data, CTX)
    assert result == {
        "<% $.a %>": 1,
        "list": ["x", {"deep": [1, 2]}, 3, None],
        "text": "a=1",
        "plain": {"x": [1, 2]},
    }
    assert data == original
    assert result["plain"] is not data["plain"]
    assert result["plain"]["x"] is not data["plain"]["x"]


def test_results_are_not_evaluated_again():
    assert evaluate("<% $.t %>", {"t": "<% $.a %>", "a": 1}) == "<% $.a %>"
    assert evaluate(["{{ _.t }}"], {"t": "{{ 1 }}"}) == ["{{ 1 }}"]


def test_tuples_and_other_objects_are_copied_not_evaluated():
    value = ("<% $.a %>", [1])
    result = evaluate(value, CTX)
    assert result == value and result[1] is not value[1]


def test_jinja_is_looked_at_first():
    # A string with both is a Jinja template; its YAQL part stays text.
    assert evaluate("{{ _.a }} <% $.a %>", CTX) == "1 <% $.a %>"


def test_disabled_language_fails_at_evaluation():
    expressions.set_allowed_languages(["yaql"])
    try:
        with pytest.raises(exc.EvaluationException) as info:
            evaluate({"x": "{{ 1 }}"}, CTX)
        assert str(info.value) == "The 'jinja' expression language is disabled by the operator."
        assert evaluate("<% 1 %>", CTX) == 1
    finally:
        expressions.set_allowed_languages(expressions.LANGUAGES)
    assert evaluate("{{ 1 }}", CTX) == 1


def test_context_view_layers():
    view = ContextView({"a": 1}, None, {"a": 2, "b": 2})
    assert view["a"] == 1 and view["b"] == 2 and view.get("c", 3) == 3
    assert "b" in view and "c" not in view
    assert view.keys() == {"a", "b"} and len(view) == 2
    assert sorted(view.items()) == [("a", 1), ("b", 2)]
    assert view == {"a": 1, "b": 2}
    assert copy.deepcopy(view) == {"a": 1, "b": 2}
    with pytest.raises(KeyError):
        view["c"]
    with pytest.raises(TypeError, match="Context view is immutable."):
        view["x"] = 1
    assert not ContextView({}, None) and ContextView({}, {"x": 1})
    assert evaluate("<% $.a %> {{ _.b }}", view) == "<% $.a %> 2"
    assert evaluate(["<% $.a + $.b %>", "{{ _.a + _.b }}"], view) == [3, 3]


def test_an_empty_or_missing_context_still_evaluates():
    assert evaluate("<% 1 + 1 %>", {}) == 2
    assert evaluate("{{ 1 + 1 }}", None) == 2


def test_concurrent_evaluations():
    errors = []
    expected = {}

    def work(n):
        ctx = {"n": n, "l": list(range(n % 7))}
        try:
            for _ in range(50):
                got = evaluate(
                    {
                        "y": "<% $.n * 2 %>",
                        "j": "{{ _.n + 1 }}",
                        "t": "n=<% $.n %> l=<% $.l.len() %>",
                        "p": "<% $.n %>",
                    },
                    ctx,
                )
                want = {"y": n * 2, "j": n + 1, "t": f"n={n} l={n % 7}", "p": n}
                if got != want:
                    errors.append((n, got))
        except Exception as e:  # pragma: no cover - reported below
            errors.append((n, e))
        expected[n] = True

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(expected) == 16


def test_provider_binding_is_per_call():
    class F:
        def __init__(self, name):
            self.name = name

        def global_(self, var_name):
            return self.name

    assert evaluate("<% global(x) %>", CTX, F("one")) == "one"
    assert evaluate("{{ global('x') }}", CTX, F("two")) == "two"
    with pytest.raises(exc.YaqlEvaluationException):
        evaluate("<% global(x) %>", CTX)
