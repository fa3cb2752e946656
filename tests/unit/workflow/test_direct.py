import hashlib

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.workflow import direct, states
from mistral_engine.workflow.commands import (
    FailWorkflow,
    Noop,
    PauseWorkflow,
    RunExistingTask,
    RunTask,
    SucceedWorkflow,
)
from tests.unit.workflow.helpers import task, wf_view


def v(key: str) -> dict:
    return {hashlib.md5(key.encode()).hexdigest(): 1}


CLAUSES = """
wf:
  tasks:
    t:
      action: std.noop
      on-success: [s1, s2]
      on-error:
        - e1
        - e2: <% $.flag %>
      on-complete: [c1]
      on-skip:
        - k1: <% $.flag %>
    s1: {action: std.noop}
    s2: {action: std.noop}
    e1: {action: std.noop}
    e2: {action: std.noop}
    c1: {action: std.noop}
    k1: {action: std.noop}
"""


def fired(decision):
    return decision.next_tasks


def test_start_tasks_run_with_empty_context():
    wf = wf_view(CLAUSES + "    other: {action: std.noop}\n")
    assert direct.start_commands(wf) == [RunTask("t", {}), RunTask("other", {})]


def test_success_fires_on_success_then_on_complete():
    wf = wf_view(CLAUSES)
    d = direct.on_task_completed(wf, task("t", published={"x": 1}))
    ctx = {"x": 1, "__versions": v("x")}
    assert d.commands == [
        RunTask("s1", ctx, (("t-id", "on-success"),)),
        RunTask("s2", ctx, (("t-id", "on-success"),)),
        RunTask("c1", ctx, (("t-id", "on-complete"),)),
    ]
    assert d.next_tasks == [("s1", "on-success"), ("s2", "on-success"), ("c1", "on-complete")]
    assert d.error_handled is False


def test_error_fires_on_error_entries_with_true_conditions_then_on_complete():
    wf = wf_view(CLAUSES)
    d = direct.on_task_completed(wf, task("t", states.ERROR, in_context={"flag": True}))
    assert fired(d) == [("e1", "on-error"), ("e2", "on-error"), ("c1", "on-complete")]
    assert [c.handles_error for c in d.commands] == [True, True, False]
    assert d.error_handled is True


def test_condition_sees_published_values_over_input():
    wf = wf_view(CLAUSES, input={"flag": True})
    d = direct.on_task_completed(wf, task("t", states.ERROR, published={"flag": False}))
    assert fired(d) == [("e1", "on-error"), ("c1", "on-complete")]


def test_on_complete_alone_does_not_handle_an_error():
    wf = wf_view(
        "wf:\n  tasks:\n    t:\n      action: std.fail\n      on-complete: [log]\n"
        "    log: {action: std.noop}\n"
    )
    d = direct.on_task_completed(wf, task("t", states.ERROR))
    assert fired(d) == [("log", "on-complete")] and d.error_handled is False


def test_skipped_task_fires_on_skip_only_when_an_entry_fires():
    wf = wf_view(CLAUSES)
    d = direct.on_task_completed(wf, task("t", states.SKIPPED, in_context={"flag": True}))
    assert fired(d) == [("k1", "on-skip")]


def test_skipped_task_falls_back_to_on_success_but_not_on_complete():
    wf = wf_view(CLAUSES)
    d = direct.on_task_completed(wf, task("t", states.SKIPPED, in_context={"flag": False}))
    assert fired(d) == [("s1", "on-success"), ("s2", "on-success")]


def test_cancelled_task_fires_nothing():
    d = direct.on_task_completed(wf_view(CLAUSES), task("t", states.CANCELLED))
    assert d.commands == []


DEFAULTS = """
wf:
  task-defaults:
    on-error: [handler]
    on-complete: [always]
  tasks:
    a:
      action: std.fail
      on-error: [own]
    b: {action: std.fail}
    own: {action: std.noop}
    handler: {action: std.fail}
    always: {action: std.noop}
"""


def test_task_clause_is_used_exclusively_over_defaults():
    d = direct.on_task_completed(wf_view(DEFAULTS), task("a", states.ERROR))
    assert fired(d) == [("own", "on-error"), ("always", "on-complete")]


def test_default_clause_applies_without_the_task_itself():
    wf = wf_view(DEFAULTS)
    assert fired(direct.on_task_completed(wf, task("b", states.ERROR))) == [
        ("handler", "on-error"),
        ("always", "on-complete"),
    ]
    d = direct.on_task_completed(wf, task("handler", states.ERROR))
    assert fired(d) == [("always", "on-complete")] and d.error_handled is False
    assert fired(direct.on_task_completed(wf, task("always"))) == []


def test_engine_command_message_is_evaluated_with_the_task_context():
    # dsl-v2 §25.6
    wf = wf_view(
        "wf:\n  tasks:\n    t1:\n      action: std.echo output=5\n      on-success:\n"
        '        - fail msg="value was <% task().result %>": <% task().result > 3 %>\n'
    )
    d = direct.on_task_completed(wf, task("t1", result=5))
    assert d.commands == [FailWorkflow("value was 5", "t1-id", "t1", False)]
    assert d.next_tasks == []


def test_engine_commands_without_msg_and_handled_fail():
    wf = wf_view(
        "wf:\n  tasks:\n    t:\n      action: std.fail\n      on-error: [fail]\n"
        "      on-complete: [noop, succeed, pause]\n"
    )
    d = direct.on_task_completed(wf, task("t", states.ERROR))
    assert d.commands == [
        FailWorkflow(None, "t-id", "t", True),
        Noop(None, "t-id", "t", False),
        SucceedWorkflow(None, "t-id", "t", False),
        PauseWorkflow(None, "t-id", "t", False),
    ]
    assert d.error_handled is True


def test_function_call_style_command_params():
    wf = wf_view(
        "wf:\n  tasks:\n    t:\n      action: std.noop\n"
        '      on-success: [fail(msg="x <% $.a %>")]\n',
        input={"a": 1},
    )
    assert direct.on_task_completed(wf, task("t")).commands[0].msg == "x 1"


def test_unknown_target_is_an_error():
    from dataclasses import replace

    from mistral_engine.lang import parse_workflow

    data = {
        "name": "wf",
        "version": "2.0",
        "tasks": {"t": {"action": "std.noop", "on-success": ["zz"]}},
    }
    wf = replace(wf_view(CLAUSES), spec=parse_workflow(data, validate=False))
    with pytest.raises(exc.WorkflowException, match=r"^Task 'zz' not found\.$"):
        direct.on_task_completed(wf, task("t"))


def test_non_join_target_of_two_branches_gets_each_branch_context():
    wf = wf_view(
        "wf:\n  tasks:\n    a: {action: std.noop, publish: {va: 1}, on-success: [c]}\n"
        "    b: {action: std.noop, publish: {vb: 2}, on-success: [c]}\n"
        "    c: {action: std.noop}\n"
    )
    ca = direct.on_task_completed(wf, task("a", published={"va": 1})).commands[0]
    cb = direct.on_task_completed(wf, task("b", published={"vb": 2})).commands[0]
    assert ca.in_context == {"va": 1, "__versions": v("va")}
    assert cb.in_context == {"vb": 2, "__versions": v("vb")}


def test_resume_runs_idle_tasks_and_unprocessed_completions_without_pause():
    wf = wf_view(
        "wf:\n  tasks:\n    a: {action: std.noop, on-success: [pause, b]}\n"
        "    b: {action: std.noop}\n    i: {action: std.noop}\n",
        tasks=[task("a", processed=False), task("i", states.IDLE)],
    )
    assert direct.resume_commands(wf) == [
        RunExistingTask("i-id", "i"),
        RunTask("b", {"__versions": {}}, (("a-id", "on-success"),)),
    ]
