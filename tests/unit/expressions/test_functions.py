import re

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.expressions import ExpressionFunctions, evaluate

CTX = {"a": {"b": 1}, "list": [1, 2], "u": "héllo", "__env": {"k": "v"}}


class FakeFunctions:
    """Records calls; answers like the engine's provider would."""

    def __init__(self):
        self.calls = []

    def task(self, name=None):
        self.calls.append(("task", name))
        if name == "unknown":
            return None
        return {"name": name or "current", "result": {"x": 1}, "state": "SUCCESS"}

    def tasks(self, workflow_execution_id=None, recursive=False, state=None, flat=False):
        self.calls.append(("tasks", workflow_execution_id, recursive, state, flat))
        return [{"name": "t1", "state": "SUCCESS"}, {"name": "t2", "state": "ERROR"}]

    def execution(self):
        self.calls.append(("execution",))
        return {"id": "ex-1", "input": {"i": 1}, "root_execution_id": None}

    def executions(self, id=None, root_execution_id=None, state=None, from_time=None, to_time=None):
        self.calls.append(("executions", id, root_execution_id, state, from_time, to_time))
        return [{"id": "ex-1"}]

    def global_(self, name):
        self.calls.append(("global", name))
        return {"g": 5}.get(name)


def test_fake_satisfies_the_protocol():
    assert isinstance(FakeFunctions(), ExpressionFunctions)


@pytest.mark.parametrize(
    ("expression", "expected", "call"),
    [
        ("<% task() %>", {"name": "current", "result": {"x": 1}, "state": "SUCCESS"}, None),
        ("<% task().result.x %>", 1, ("task", None)),
        ("<% task(t1).result %>", {"x": 1}, ("task", "t1")),
        ("<% task('t1').state %>", "SUCCESS", ("task", "t1")),
        ("<% task(unknown) %>", None, ("task", "unknown")),
        ("{{ task().result.x }}", 1, ("task", None)),
        ("{{ task('t1').state }}", "SUCCESS", ("task", "t1")),
        ("{{ _ | task('t1') }}", {"name": "t1", "result": {"x": 1}, "state": "SUCCESS"}, None),
        ("<% tasks().len() %>", 2, ("tasks", None, False, None, False)),
        (
            "<% tasks('ex-1', true, SUCCESS, true).len() %>",
            2,
            ("tasks", "ex-1", True, "SUCCESS", True),
        ),
        (
            "<% tasks(state => 'ERROR', recursive => true).len() %>",
            2,
            ("tasks", None, True, "ERROR", False),
        ),
        ("{{ tasks(state='ERROR') | length }}", 2, ("tasks", None, False, "ERROR", False)),
        ("<% execution().id %>", "ex-1", ("execution",)),
        ("<% execution().input.i %>", 1, ("execution",)),
        ("{{ execution().root_execution_id }}", None, ("execution",)),
        ("<% executions() %>", [{"id": "ex-1"}], ("executions", None, None, None, None, None)),
        (
            "<% executions(state => 'RUNNING') %>",
            [{"id": "ex-1"}],
            ("executions", None, None, "RUNNING", None, None),
        ),
        (
            "<% executions(null, 'r', 'RUNNING') %>",
            [{"id": "ex-1"}],
            ("executions", None, "r", "RUNNING", None, None),
        ),
        ("<% global(g) %>", 5, ("global", "g")),
        ("<% global('nope') %>", None, ("global", "nope")),
        ("{{ global('g') }}", 5, ("global", "g")),
    ],
)
def test_provider_functions(expression, expected, call):
    functions = FakeFunctions()
    assert evaluate(expression, CTX, functions) == expected
    if call is not None:
        assert functions.calls[-1] == call


@pytest.mark.parametrize(
    "expression",
    [
        "task(task_name => 't1')",
        "tasks(workflow_execution_id => null, recursive => true)",
        "executions(root_execution_id => 'r')",
    ],
)
def test_yaql_keyword_arguments_with_underscores_do_not_match(expression):
    # As on Mistral 23: YAQL cannot pass these parameter names by keyword.
    name = expression.split("(")[0]
    with pytest.raises(exc.YaqlEvaluationException) as info:
        evaluate(f"<% {expression} %>", CTX, FakeFunctions())
    assert str(info.value) == (
        f"Can not evaluate YAQL expression [expression={expression}, "
        f'error=No function "{name}" matches supplied arguments]'
    )


def test_results_of_the_provider_are_not_shared_with_yaql_output():
    functions = FakeFunctions()
    result = evaluate("<% task(t1) %>", CTX, functions)
    result["result"]["x"] = 2
    assert evaluate("<% task(t1).result.x %>", CTX, functions) == 1


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "<% task() %>",
            "Can not evaluate YAQL expression [expression=task(), error=Function 'task()' "
            "is not available here: it needs a workflow execution context]",
        ),
        (
            "{{ execution() }}",
            "Can not evaluate Jinja expression [expression={{ execution() }}, error=Function "
            "'execution()' is not available here: it needs a workflow execution context]",
        ),
    ],
)
def test_provider_functions_without_provider(expression, message):
    with pytest.raises(exc.EvaluationException) as info:
        evaluate(expression, CTX)
    assert str(info.value) == message


def test_env():
    assert evaluate("<% env() %>", CTX) == {"k": "v"}
    assert evaluate("<% env().k %>", CTX) == "v"
    assert evaluate("{{ env().k }}", CTX) == "v"
    assert evaluate("<% env() %>", {"x": 1}) == {}
    assert evaluate("{{ env() }}", {"x": 1}) == {}
    assert evaluate("<% env() %>", {"__env": None}) == {}


@pytest.mark.parametrize("template", ["<% {0} %>", "{{{{ {0} }}}}"])
def test_json_and_yaml(template):
    def ev(call):
        return evaluate(template.format(call), CTX)

    assert ev("json_parse('{\"a\": [1]}')") == {"a": [1]}
    assert ev("yaml_parse('a: [1, 2]')") == {"a": [1, 2]}
    assert ev("yaml_parse('&a x')") == "&a x"
    assert ev("yaml_parse('a: &x 1\\nb: *x')") == {"a": "&x 1", "b": "*x"}


def test_json_dump_and_yaml_dump_formats():
    assert evaluate("<% json_dump({a => 1, b => [1, 2]}) %>", CTX) == (
        '{\n    "a": 1,\n    "b": [\n        1,\n        2\n    ]\n}'
    )
    assert evaluate("<% yaml_dump({a => 1, b => [1, 2]}) %>", CTX) == "a: 1\nb:\n- 1\n- 2\n"
    # Frozen YAQL input data (tuples, FrozenDict) dumps like plain JSON data.
    assert evaluate("<% yaml_dump($.list) %>", CTX) == "- 1\n- 2\n"
    assert evaluate("<% yaml_dump($.a) %>", CTX) == "b: 1\n"
    assert evaluate("<% json_dump($.u) %>", CTX) == '"h\\u00e9llo"'
    assert evaluate("<% json_dump(set(1)) %>", CTX) == "[\n    1\n]"
    assert evaluate("{{ json_dump(_.a) }}", CTX) == '{\n    "b": 1\n}'
    assert evaluate("{{ yaml_dump({'x': [1, {'y': 2}]}) }}", CTX) == "x:\n- 1\n- y: 2\n"
    # Shared objects are written out, never as YAML anchors.
    assert evaluate("{{ yaml_dump([_.a, _.a]) }}", CTX) == "- b: 1\n- b: 1\n"


def test_uuid():
    value = evaluate("<% uuid() %>", CTX)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", value)
    assert evaluate("{{ uuid() }}", CTX) != value
