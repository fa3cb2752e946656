import pytest

from mistral_engine import exceptions as exc
from mistral_engine.expressions import evaluate, jinja_expr

CTX = {
    "a": {"b": 1, "s": "str"},
    "list": [1, 2, 3],
    "n": None,
    "__env": {"k": "v"},
    "__execution": {"id": "ex-1"},
}


def _error(expression, context=CTX):
    with pytest.raises(exc.JinjaEvaluationException) as info:
        evaluate(expression, context)
    return str(info.value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("{{ _.a }}", {"b": 1, "s": "str"}),
        ("{{ _.a.b }}", 1),
        ("{{_.a.b}}", 1),
        ("{{ _.n }}", None),
        ("{{ _.list | sum }}", 6),
        ("{{ _.get('nope') }}", None),
        ("{{ _['a']['s'] }}", "str"),
        ("{{ _.a.items() | list }}", [("b", 1), ("s", "str")]),
        ("{{ _.keys() | list | sort }}", ["__env", "__execution", "a", "list", "n"]),
        ('{{ "{{ inner }}" }}', "{{ inner }}"),
        ("{{ __env }}", {"k": "v"}),
        ("{{ __execution }}", {"id": "ex-1"}),
        ("{{ __task_execution }}", None),
        ("{{ env().k }}", "v"),
        ("{{ _ | env }}", {"k": "v"}),
        ("{{ json_dump(_.a) }}", '{\n    "b": 1,\n    "s": "str"\n}'),
        ("{{ _ | json_dump(_.a) }}", '{\n    "b": 1,\n    "s": "str"\n}'),
        ("{{ [1, 2] }}", [1, 2]),
    ],
)
def test_whole_expression_keeps_the_native_value(expression, expected):
    assert evaluate(expression, CTX) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (" {{ _.a }}", " {'b': 1, 's': 'str'}"),
        ("{{ _.a }} {{ _.list }}", "{'b': 1, 's': 'str'} [1, 2, 3]"),
        ("x={{ _.n }} {{ _.a }}", "x=None {'b': 1, 's': 'str'}"),
        ("{% for x in _.list %}{{ x }},{% endfor %}", "1,2,3,"),
        ("{{ _.a.b }}\n", "1"),
        ("{{ 1 }}{% if _.n is none %} none{% endif %}", "1 none"),
        ("{{ 1 }}\n  {% if true %}\n  yes\n  {% endif %}\nend", "1\n  yes\nend"),
    ],
)
def test_other_templates_render_to_text(template, expected):
    assert evaluate(template, CTX) == expected


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("{{ _.nope }}", "'mistral.workflow.data_flow.ContextView object' has no attribute 'nope'"),
        ("{{ _.a.nope }}", "'dict object' has no attribute 'nope'"),
        (
            "x {{ _.nope }}",
            "'mistral.workflow.data_flow.ContextView object' has no attribute 'nope'",
        ),
        ("{{ _.list[5] }}", "list object has no element 5"),
        ("{{ nope }}", "'nope' is undefined"),
        ("{{ 1/0 }}", "division by zero"),
        ("{{ json_parse('[1') }}", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
        # Only blocks: Mistral looks for the first {{ }} and fails.
        ("{% if true %}x{% endif %}", "list index out of range"),
        ("a{% if _.n is none %}none{% endif %}", "list index out of range"),
        # The filter form passes the piped value as the context argument.
        ("{{ 5 | json_dump }}", "json_dump_() missing 1 required positional argument: 'data'"),
        ("{{ _.a | yaml_dump }}", "yaml_dump_() missing 1 required positional argument: 'data'"),
        ("{{ json_dump() }}", "json_dump_() missing 1 required positional argument: 'data'"),
        ("{{ _.update({'x': 1}) }}", "Context view is immutable."),
    ],
)
def test_errors_use_mistral_messages(expression, error):
    assert _error(expression) == (
        f"Can not evaluate Jinja expression [expression={expression}, error={error}]"
    )


def test_huge_objects_fail_like_out_of_memory():
    assert _error("{{ [0] * 2000000000 }}") == (
        "Expression evaluation exceeded the available memory [expression= [0] * 2000000000 ]"
    )
    assert _error("{{ 'x' * 10 ** 9 }}") == (
        "Expression evaluation exceeded the available memory [expression= 'x' * 10 ** 9 ]"
    )
    assert _error("{{ 3 ** 100000000 }}").startswith("Expression evaluation exceeded")
    assert _error("a {{ 2000000000 * 'x' }}") == (
        "Can not evaluate Jinja expression [expression=a {{ 2000000000 * 'x' }}, error=]"
    )
    assert evaluate("{{ 'ab' * 2 }}", CTX) == "abab"
    assert evaluate("{{ 2 ** 10 }}", CTX) == 1024
    assert evaluate("{{ 3 * 4 }}", CTX) == 12


def test_sandbox_blocks_unsafe_attributes():
    assert "unsafe" in _error("{{ _.__class__.__mro__ }}") or "has no attribute" in _error(
        "{{ _.__class__.__mro__ }}"
    )


def test_compiled_templates_are_cached():
    jinja_expr._compiled_expression.cache_clear()
    for _ in range(3):
        evaluate("{{ _.a.b }}", CTX)
    assert jinja_expr._compiled_expression.cache_info().hits == 2


def test_native_containers_are_copies_of_the_context():
    result = evaluate("{{ _.a }}", CTX)
    assert result == CTX["a"] and result is not CTX["a"]
    whole = evaluate("{{ [_] }}", CTX)
    assert type(whole[0]) is dict and whole[0] == CTX
