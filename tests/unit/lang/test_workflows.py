import pytest

from mistral_engine import exceptions as exc
from mistral_engine import lang
from mistral_engine.lang import Transition

DIRECT = """
version: '2.0'
my_wf:
  description: demo
  tags: [a, b]
  input:
    - a
    - b: 1
    - c: null
  output:
    result: <% $.r %>
  vars:
    v: 1
  task-defaults:
    retry: {count: 2, delay: 1}
    on-error: [handler]
  tasks:
    t1:
      action: std.echo output="hi" n=1
      input:
        n: 0
        extra: <% $.a %>
      publish:
        r: <% task().result %>
      on-success:
        - t2
        - t3: <% $.r = 'hi' %>
        - fail msg="oops"
      timeout: 10
    t2:
      workflow: sub_wf p=<% $.a %>
      on-complete: t3
    t3:
      join: all
      with-items:
        - x in [1, 2]
        - y in <% $.ys %>
      retry: count=3 delay=5
      on-success:
        publish:
          branch: {b: 1}
          global: {g: 2}
        next:
          - noop
    handler:
      action: std.noop
"""


@pytest.fixture(scope="module")
def wf():
    (spec,) = lang.parse_workflows(DIRECT).workflows
    return spec


def test_workflow_attributes(wf):
    assert (wf.name, wf.type, wf.description, wf.tags) == ("my_wf", "direct", "demo", ["a", "b"])
    assert wf.input == ["a", {"b": 1}, {"c": None}]
    assert wf.output == {"result": "<% $.r %>"}
    assert wf.vars == {"v": 1}
    assert list(wf.tasks) == ["t1", "t2", "t3", "handler"]
    assert wf.data["name"] == "my_wf" and wf.data["version"] == "2.0"
    assert wf.spec_class_name == "DirectWorkflowSpec"


def test_input_string_and_interface(wf):
    assert wf.input_string() == 'a, b="1", c="None"'
    assert wf.interface() == {"input": ["a", {"b": 1}, {"c": None}], "output": ["result"]}
    assert wf.input_params() == [("a", False, None), ("b", True, 1), ("c", True, None)]


def test_inline_params_override_input(wf):
    t1 = wf.tasks["t1"]
    assert (t1.action, t1.workflow, t1.type) == ("std.echo", None, "ACTION")
    assert t1.input == {"n": 1, "extra": "<% $.a %>", "output": "hi"}
    t2 = wf.tasks["t2"]
    assert (t2.action, t2.workflow, t2.type) == (None, "sub_wf", "WORKFLOW")
    assert t2.input == {"p": "<% $.a %>"}


def test_task_without_action_runs_std_noop():
    (spec,) = lang.parse_workflows("version: '2.0'\nw:\n  tasks:\n    t: {publish: {a: 1}}\n")
    assert spec.tasks["t"].action == "std.noop"


def test_transitions_are_normalised(wf):
    t1 = wf.tasks["t1"]
    assert t1.on_success.next == (
        Transition("t2", None, {}),
        Transition("t3", "<% $.r = 'hi' %>", {}),
        Transition("fail", None, {"msg": "oops"}),
    )
    assert t1.on_success.publish is None
    assert t1.on_success.next[2].is_engine_command
    assert wf.tasks["t2"].on_complete.next == (Transition("t3", None, {}),)
    t3 = wf.tasks["t3"]
    assert t3.on_success.next == (Transition("noop", None, {}),)
    assert (t3.on_success.publish.branch, t3.on_success.publish.global_) == ({"b": 1}, {"g": 2})


def test_task_defaults_clause_applies_without_the_task_itself(wf):
    assert wf.clause("t1", "on-error") == (Transition("handler", None, {}),)
    assert wf.clause("handler", "on-error") == ()
    assert wf.outbound_names("t1") == ["t2", "t3", "fail", "handler"]


def test_start_and_inbound_tasks(wf):
    assert [t.name for t in wf.start_tasks()] == ["t1"]
    assert [t.name for t in wf.inbound_tasks("t3")] == ["t1", "t2"]


def test_policies_with_items_and_join(wf):
    t1, t3 = wf.tasks["t1"], wf.tasks["t3"]
    assert (t1.timeout, t1.wait_before, t1.pause_before, t1.retry) == (10, 0, False, None)
    assert t3.with_items == {"x": [1, 2], "y": "<% $.ys %>"}
    assert (t3.retry.count, t3.retry.delay, t3.retry.break_on) == (3, 5, None)
    assert (t3.join, t3.join_count) == ("all", "all")
    assert t1.keep_result is True and t1.safe_rerun is None
    assert wf.task_defaults.policies.retry.count == 2


def test_reverse_workflow_requires():
    text = """
version: '2.0'
wf:
  type: reverse
  task-defaults:
    requires: [init]
  tasks:
    init: {action: std.noop}
    a: {action: std.noop}
    b: {requires: a}
"""
    (spec,) = lang.parse_workflows(text).workflows
    assert spec.spec_class_name == "ReverseWorkflowSpec"
    assert spec.tasks["b"].requires == ("a",)
    assert spec.task_requires("b") == ["a", "init"]
    assert spec.task_requires("init") == []


def test_several_workflows_in_one_document():
    text = "version: '2.0'\nw1:\n  tasks:\n    t: {action: std.noop}\nw2:\n  tasks:\n    t: {}\n"
    with pytest.raises(exc.InvalidModelException):
        lang.parse_workflows(text)
    text = text.replace("t: {}", "t: {action: std.noop}")
    specs = lang.parse_workflows(text)
    assert [w.name for w in specs] == ["w1", "w2"] and specs.version == "2.0"


def test_dict_clause_without_next_yields_no_transition_like_mistral():
    text = (
        "version: '2.0'\nw:\n  tasks:\n    t1:\n      on-success:\n        t2: <% true %>\n"
        "    t2: {action: std.noop}\n"
    )
    (spec,) = lang.parse_workflows(text).workflows
    assert spec.tasks["t1"].on_success.next == ()
    assert [t.name for t in spec.start_tasks()] == ["t1", "t2"]


def test_task_name_longer_than_255_is_rejected():
    name = "a" * 256
    text = f"version: '2.0'\nwf:\n  tasks:\n    {name}: {{action: std.noop}}\n"
    with pytest.raises(exc.InvalidModelException) as info:
        lang.parse_workflows(text)
    assert str(info.value) == f"The length of a '{name}' task name must not exceed 255 symbols"


def test_join_task_name_longer_than_208_is_rejected():
    name = "a" * 210
    text = (
        f"version: '2.0'\nwf:\n  tasks:\n    t0:\n      on-success: {name}\n"
        f"    {name}:\n      join: all\n"
    )
    with pytest.raises(exc.InvalidModelException) as info:
        lang.parse_workflows(text)
    assert str(info.value) == (
        f"The length of a '{name}' join task name must not exceed 208 symbols"
    )


def test_validate_false_skips_checks():
    text = "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: nope\n"
    (spec,) = lang.parse_workflows(text, validate=False).workflows
    assert spec.tasks["t1"].on_success.names() == ["nope"]


def test_parse_workflow_rebuilds_from_stored_spec_dict(wf):
    again = lang.parse_workflow(wf.data)
    assert again == wf
