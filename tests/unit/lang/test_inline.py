import pytest

from mistral_engine import exceptions as exc
from mistral_engine.lang import parse_cmd_and_input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("std.noop", ("std.noop", {})),
        ('std.echo output="Hello" delay=1', ("std.echo", {"output": "Hello", "delay": 1})),
        ("std.echo output='a b'", ("std.echo", {"output": "a b"})),
        ("f x=true y=false z=null", ("f", {"x": True, "y": False, "z": None})),
        ("f l=[1, 2]", ("f", {"l": [1, 2]})),
        ("sub_wf p=<% $.x %>", ("sub_wf", {"p": "<% $.x %>"})),
        ("sub_wf p={{ _.x }}", ("sub_wf", {"p": "{{ _.x }}"})),
        ('fail msg="bad thing"', ("fail", {"msg": "bad thing"})),
        ("count=3 delay=10", ("count", {"count": 3, "delay": 10})),
        ("<% $.action %> a=1", ("<% $.action %>", {"a": 1})),
    ],
)
def test_inline_parameters_are_parsed(text, expected):
    assert parse_cmd_and_input(text) == expected


def test_bare_unquoted_words_are_dropped():
    assert parse_cmd_and_input("std.test_dict size=2 key_prefix=k") == (
        "std.test_dict",
        {"size": 2},
    )


def test_expression_value_ends_at_its_closing_delimiter():
    assert parse_cmd_and_input("std.echo output=<% $.a %>-<% $.b %>") == (
        "std.echo",
        {"output": "<% $.a %>"},
    )


def test_unparseable_command_is_rejected():
    with pytest.raises(exc.InvalidModelException) as info:
        parse_cmd_and_input("=abc x=1")
    assert str(info.value) == "Invalid action/workflow task property: =abc x=1"
