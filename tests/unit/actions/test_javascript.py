"""std.javascript / std.js with the engine named by [DEFAULT] js_implementation."""

import pytest

from mistral_engine.actions import get_system_action_class, instantiate, run_action


@pytest.fixture
def mini_racer(conf):
    pytest.importorskip("py_mini_racer")
    conf("js_implementation", "py_mini_racer")


def _js(name="std.javascript", **params):
    return instantiate(get_system_action_class(name), params, name)


@pytest.mark.parametrize(
    "script, context, expected",
    [
        ("return 1 + 2;", None, 3),
        ("return $.a * 2;", {"a": 21}, 42),
        ("return $.items.map(function (x) { return x + 1; });", {"items": [1, 2]}, [2, 3]),
        ("return {k: $, s: 'x'};", "ctx", {"k": "ctx", "s": "x"}),
        ("var x = 1; // trailing comment", None, None),
        ("return null;", None, None),
        ("return 'a' + 'b';", None, "ab"),
    ],
)
def test_evaluates_script_as_function_body(mini_racer, script, context, expected):
    res = run_action(_js(script=script, context=context), "ax-1")
    assert res.error is None
    assert res.data == expected


def test_js_alias_is_same_action(mini_racer):
    assert get_system_action_class("std.js") is get_system_action_class("std.javascript")
    assert run_action(_js("std.js", script="return 5;"), "ax").data == 5


def test_script_error_is_action_error(mini_racer):
    action = _js(script="throw new Error('bad');")
    res = run_action(action, "ax-2")
    assert res.error.startswith(
        f"The action raised an exception [action={action}, action_ex_id=ax-2, "
        "msg='JavaScriptAction failed: "
    )
    assert "bad" in res.error


def test_default_pyv8_missing_reports_mistral_text(conf):
    conf("js_implementation", "pyv8")
    res = run_action(_js(script="return 1;"), "ax-3")
    assert res.error.endswith(
        "msg='JavaScriptAction failed: PyV8 module is not available. Please install PyV8.']"
    )
