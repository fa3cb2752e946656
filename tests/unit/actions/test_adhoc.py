"""Ad-hoc actions: input check, expansion through levels, output transforms."""

import pytest
from mistral_lib import actions as ml_actions

from mistral_engine import exceptions as exc
from mistral_engine.actions import check_adhoc_input, expand_adhoc, transform_output
from mistral_engine.lang import parse_workflows

GREET = {
    "name": "greet",
    "base": "std.echo",
    "base-input": {"output": "Hello, <% $.name %><% $.punct %>"},
    "input": ["name", {"punct": "!"}],
    "output": "<% $.len() %>",
}
SHOUT = {
    "name": "shout",
    "base": "greet",
    "base-input": {"name": "<% $.who %>", "punct": "<% $.mark %>"},
    "input": ["who", {"mark": "!!"}],
    "output": {"n": "<% $ %>", "who": "fixed"},
}


def test_one_level(evaluate):
    base, base_input = expand_adhoc([GREET], {"name": "Bob"}, evaluate)
    assert (base, base_input) == ("std.echo", {"output": "Hello, Bob!"})
    assert transform_output([GREET], "Hello, Bob!", evaluate) == 11


def test_two_levels_with_defaults_and_output(evaluate):
    base, base_input = expand_adhoc([SHOUT, GREET], {"who": "Al"}, evaluate)
    assert (base, base_input) == ("std.echo", {"output": "Hello, Al!!"})
    res = transform_output([SHOUT, GREET], ml_actions.Result(data="Hello, Al!!"), evaluate)
    assert isinstance(res, ml_actions.Result)
    assert (res.data, res.error) == ({"n": 11, "who": "fixed"}, None)


def test_error_result_left_alone(evaluate):
    err = ml_actions.Result(error="boom")
    assert transform_output([SHOUT, GREET], err, evaluate) is err


def test_context_is_below_input(evaluate):
    spec = {
        "name": "a",
        "base": "std.echo",
        "base-input": {"output": "<% $.x %>/<% $.y %>"},
        "input": ["x"],
    }
    _, base_input = expand_adhoc([spec], {"x": "in"}, evaluate, {"x": "ctx", "y": "ctx"})
    assert base_input == {"output": "in/ctx"}


def test_inline_base_params(evaluate):
    spec = {"name": "a", "base": "std.echo output=7", "input": []}
    assert expand_adhoc([spec], {}, evaluate) == ("std.echo", {"output": 7})


def test_input_errors_name_adhoc_class(evaluate):
    with pytest.raises(exc.InputException) as e:
        expand_adhoc([GREET], {}, evaluate)
    assert str(e.value) == (
        "Invalid input [name=greet, class=mistral.actions.adhoc.AdHocAction, missing=['name']]"
    )
    with pytest.raises(exc.InputException) as e:
        check_adhoc_input([GREET], {"name": 1, "x": 2})
    assert str(e.value) == (
        "Invalid input [name=greet, class=mistral.actions.adhoc.AdHocAction, unexpected=['x']]"
    )


def test_lang_action_specs(evaluate):
    from mistral_engine.lang.actions import parse_action

    greet = parse_action({"version": "2.0", **GREET})
    shout = parse_action({"version": "2.0", **SHOUT})
    assert expand_adhoc([shout, greet], {"who": "Z", "mark": "?"}, evaluate) == (
        "std.echo",
        {"output": "Hello, Z?"},
    )
    assert parse_workflows  # the lang package is importable alongside


def test_cycle_detected(evaluate):
    a = {"name": "a", "base": "b", "input": []}
    b = {"name": "b", "base": "a", "input": []}
    with pytest.raises(ValueError) as e:
        expand_adhoc([a, b, a], {}, evaluate)
    assert str(e.value) == (
        "Found a cycle in an ad-hoc action chain [action_name=a, duplicate_action_name=a]"
    )
