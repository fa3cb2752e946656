import pytest

from mistral_engine import exceptions as exc
from mistral_engine import expressions


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<% $.a %>", True),
        ("x {{ _.a }} y", True),
        ("{% if x %}a{% endif %}", True),
        ("plain", False),
        (5, False),
        (None, False),
    ],
)
def test_is_expression(value, expected):
    assert expressions.is_expression(value) is expected


def test_valid_expressions_pass():
    expressions.validate_expressions(
        {"a": "<% $.a + 1 %>", "b": ["{{ _.x | length }}", {"c": "<% len($.l) %>"}], "d": 5}
    )


@pytest.mark.parametrize(
    ("value", "exc_class", "message"),
    [
        ("<% $.a + %>", exc.YaqlGrammarException, "Parse error: unexpected end of statement"),
        (
            "ok <% 1 %> then <% $. %>",
            exc.YaqlGrammarException,
            "Parse error: unexpected end of statement",
        ),
        (
            "{{ _.a + }}",
            exc.JinjaGrammarException,
            "Syntax error 'unexpected 'end of print statement''.",
        ),
        (
            "{% if %}",
            exc.JinjaGrammarException,
            "Syntax error 'Expected an expression, got 'end of statement block''.",
        ),
        (
            "{{ _.a }} <% $.b %>",
            exc.ExpressionGrammarException,
            "The line already contains an expression of type 'jinja'. "
            "Mixing expression types in a single line is not allowed.",
        ),
    ],
)
def test_grammar_errors_use_mistral_messages(value, exc_class, message):
    with pytest.raises(exc_class) as info:
        expressions.validate(value)
    assert str(info.value) == message


def test_nested_values_are_walked_but_keys_are_not():
    expressions.validate_expressions({"<% bad + %>": 1})
    with pytest.raises(exc.YaqlGrammarException):
        expressions.validate_expressions({"a": [{"b": "<% $. %>"}]})


def test_disabled_language_is_rejected():
    expressions.set_allowed_languages(["yaql"])
    try:
        with pytest.raises(exc.ExpressionGrammarException) as info:
            expressions.validate("{{ 1 }}")
        assert str(info.value) == "The 'jinja' expression language is disabled by the operator."
    finally:
        expressions.set_allowed_languages(expressions.LANGUAGES)
