import pytest

from mistral_engine import exceptions as exc
from mistral_engine.lang import load_yaml


def test_empty_document_loads_as_empty_dict():
    assert load_yaml("") == {}
    assert load_yaml("# only a comment\n") == {}


def test_document_over_the_size_limit_is_refused_before_parsing():
    text = "a: " + "x" * 100 + "\n"
    with pytest.raises(exc.DSLParsingException) as info:
        load_yaml(text, max_bytes=50)
    assert str(info.value).startswith("Definition could not be parsed: the definition is 104 bytes")


def test_size_limit_counts_utf8_bytes():
    with pytest.raises(exc.DSLParsingException):
        load_yaml("a: " + "é" * 30, max_bytes=50)
    assert load_yaml("a: " + "é" * 20, max_bytes=50) == {"a": "é" * 20}


def test_scalar_anchor_and_alias_are_plain_text():
    assert load_yaml("x: &a 1\ny: *a\n") == {"x": "&a 1", "y": "*a"}


def test_alias_bomb_does_not_expand():
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]\n'
    assert load_yaml(bomb) == {
        "a": '&a ["lol","lol"]',
        "b": "&b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c": ["*b"] * 6,
    }


def test_anchor_in_front_of_a_mapping_is_a_parse_error():
    with pytest.raises(exc.DSLParsingException) as info:
        load_yaml("t1: &a\n  action: std.noop\n")
    assert "mapping values are not allowed here" in str(info.value)


def test_at_sign_starts_a_plain_scalar():
    assert load_yaml("x: @home\n") == {"x": "@home"}


def test_yaml_syntax_error_message_has_mistral_prefix_and_position():
    with pytest.raises(exc.DSLParsingException) as info:
        load_yaml("version: '2.0'\nwf:\n  tasks:\n    t1: {action: std.noop\n")
    text = str(info.value)
    assert text.startswith("Definition could not be parsed: while parsing a flow mapping\n")
    assert 'in "<unicode string>", line 4, column 9' in text
    assert text.endswith("\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "Invalid DSL: ['a', 'b'] is not of type 'object'"),
        ("abc\n", "Invalid DSL: 'abc' is not of type 'object'"),
        ("5\n", "Invalid DSL: 5 is not of type 'object'"),
    ],
)
def test_non_mapping_top_level_is_rejected(text, message):
    with pytest.raises(exc.InvalidModelException) as info:
        load_yaml(text)
    assert str(info.value) == message


def test_deep_nesting_is_a_parse_error_not_a_crash():
    with pytest.raises(exc.DSLParsingException) as info:
        load_yaml("a: " + "[" * 5000 + "]" * 5000)
    assert str(info.value).startswith("Definition could not be parsed: ")
