"""Any JSON value can be the data context (an ad-hoc action's output sees its result)."""

from mistral_engine import expressions


def test_a_string_context_is_the_yaql_dollar():
    assert expressions.evaluate("<% $.len() %>", "Hi Bob") == 6


def test_a_list_context_is_returned_whole():
    assert expressions.evaluate("<% $ %>", [1, 2]) == [1, 2]


def test_a_string_context_is_the_jinja_underscore():
    assert expressions.evaluate("{{ _ | length }}", "abc") == 3
