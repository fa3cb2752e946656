from mistral_engine.workflow import completion, states
from mistral_engine.workflow.completion import WorkflowResult
from mistral_engine.workflow.views import ChildExecutionView
from tests.unit.workflow.helpers import action, task, wf_view

HELLO = """
wf:
  input: [name]
  tasks:
    hello:
      action: std.echo output="Hello <% $.name %>"
      publish:
        greeting: <% task().result %>
      on-success: [done]
    done:
      action: std.noop
"""


def test_default_output_is_the_final_context_of_leaf_tasks():
    # dsl-v2 §25.1
    hello = task("hello", published={"greeting": "Hello Ann"}, next_tasks=(("done", "on-success"),))
    done = task("done", in_context={"greeting": "Hello Ann", "__versions": {"k": 1}})
    wf = wf_view(HELLO, tasks=[hello, done], input={"name": "Ann"})
    assert completion.check_completion(wf) == WorkflowResult(
        "SUCCESS", None, {"greeting": "Hello Ann"}
    )


def test_not_done_while_a_task_runs_waits_or_the_workflow_is_paused():
    wf = wf_view(HELLO, tasks=[task("hello", states.RUNNING)])
    assert completion.check_completion(wf) is None
    assert completion.check_completion(wf_view(HELLO, tasks=[task("h", states.WAITING)])) is None
    assert completion.check_completion(wf_view(HELLO, state="PAUSED", tasks=[task("h")])) is None


def test_declared_output_is_evaluated_against_final_context_and_input():
    wf = wf_view(
        "wf:\n  input: [a]\n  output:\n    r: <% $.x %>\n    a: <% $.a %>\n"
        "  tasks:\n    t: {action: std.noop}\n",
        input={"a": 1},
        tasks=[task("t", published={"x": 2})],
    )
    assert completion.check_completion(wf).output == {"r": 2, "a": 1}


HANDLED = """
wf:
  tasks:
    t1:
      action: std.fail
      publish-on-error:
        err: <% task().result %>
      CLAUSE: [log]
    log:
      action: std.echo output=<% $.err %>
"""
ERR = (
    "The action raised an exception [action=Fail action, action_ex_id=ax1, "
    "msg='Fail action expected exception.']"
)


def t1(handled: bool):
    return task(
        "t1",
        states.ERROR,
        state_info=ERR,
        published={"err": ERR},
        error_handled=handled,
        next_tasks=(("log", "on-error"),),
        executions=(action("ax1", states.ERROR, ERR),),
    )


def test_handled_error_ends_in_success():
    # dsl-v2 §25.2
    log = task("log", in_context={"err": ERR})
    wf = wf_view(HANDLED.replace("CLAUSE", "on-error"), tasks=[t1(True), log])
    assert completion.check_completion(wf) == WorkflowResult("SUCCESS", None, {"err": ERR})


def test_unhandled_error_message_and_output():
    log = task("log", in_context={"err": ERR})
    wf = wf_view(HANDLED.replace("CLAUSE", "on-complete"), tasks=[t1(False), log])
    msg = (
        f"Failure caused by error in tasks: t1\n\n  t1 [task_ex_id=t1-id] -> {ERR}\n"
        f"    [action_ex_id=ax1, idx=0]: {ERR}\n"
    )
    assert completion.check_completion(wf) == WorkflowResult(
        "ERROR", msg, {"result": msg, "err": ERR}
    )


def test_false_on_error_condition_fails_without_listing_the_task():
    wf = wf_view(
        "wf:\n  tasks:\n    t1:\n      action: std.fail\n      on-error:\n"
        "        - cleanup: <% false %>\n    cleanup: {action: std.noop}\n",
        tasks=[task("t1", states.ERROR, state_info="x")],
    )
    res = completion.check_completion(wf)
    assert res.state_info == "Failure caused by error in tasks: \n"


def test_message_lists_retries_sub_workflows_and_join_failures_sorted():
    wf = wf_view(
        "wf:\n  tasks:\n    b: {action: std.fail}\n    a: {workflow: sub}\n"
        "    c: {action: std.noop}\n",
        tasks=[
            task(
                "b",
                states.ERROR,
                state_info="boom",
                executions=(action("x1", states.ERROR, "boom"), action("x2", states.ERROR, "boom")),
            ),
            task(
                "a",
                states.ERROR,
                state_info="sub failed",
                executions=(
                    ChildExecutionView("w1", states.ERROR, {"result": "sub failed"}, True),
                ),
            ),
            task("c", states.ERROR, state_info="Failed by tasks: ['b']", id="c-id"),
        ],
    )
    assert completion.failure_message(wf) == (
        "Failure caused by error in tasks: a, b, c\n"
        "\n  a [task_ex_id=a-id] -> sub failed\n    [wf_ex_id=w1, idx=0]: sub failed\n"
        "\n  b [task_ex_id=b-id] -> boom\n    [action_ex_id=x1, idx=0]: boom\n"
        "    [action_ex_id=x2, idx=1]: boom\n"
        "\n  c [task_ex_id=c-id] -> Failed by tasks: ['b']\n"
    )


def test_output_on_error_keys_win_and_fail_command_without_msg():
    wf = wf_view(
        "wf:\n  output-on-error:\n    oe: <% $.x %>\n  tasks:\n    t: {action: std.noop}\n",
        tasks=[task("t", published={"x": 1})],
    )
    assert completion.fail_result(wf, None) == WorkflowResult(
        "ERROR", None, {"result": None, "oe": 1}
    )


def test_failing_output_on_error_replaces_the_message():
    wf = wf_view(
        "wf:\n  output-on-error:\n    oe: <% $.nothere %>\n  tasks:\n    t: {action: std.noop}\n",
        tasks=[task("t")],
    )
    msg = (
        "Failed to evaluate expression in output-on-error! (output-on-error: "
        "'{'oe': '<% $.nothere %>'}', exception: 'Can not evaluate YAQL expression "
        "[expression=$.nothere, error='nothere']' Cause: 'cause'"
    )
    assert completion.fail_result(wf, "cause") == WorkflowResult("ERROR", msg, {"result": msg})


def test_failing_output_fails_the_workflow():
    wf = wf_view(
        "wf:\n  output:\n    o: <% $.nothere %>\n  tasks:\n    t: {action: std.noop}\n",
        tasks=[task("t")],
    )
    res = completion.check_completion(wf)
    assert res.state == "ERROR"
    assert res.state_info.startswith(
        "Failed to check and complete [wf_ex_id=wf1, wf_name=wf]: Can not evaluate YAQL "
        "expression [expression=$.nothere, error='nothere']\nTraceback"
    )
    assert res.output == {"result": res.state_info}


def test_cancelled_tasks_cancel_the_workflow():
    wf = wf_view(HELLO, tasks=[task("hello", states.CANCELLED), task("done", states.CANCELLED)])
    msg = "Cancelled tasks: done, hello"
    assert completion.check_completion(wf) == WorkflowResult("CANCELLED", msg, {"result": msg})


def test_global_publishes_and_input_are_not_in_the_default_output():
    wf = wf_view(
        "wf:\n  input: [a]\n  vars: {v: 1}\n  tasks:\n    t: {action: std.noop}\n",
        input={"a": 1},
        context={"__execution": {"id": "wf1"}, "v": 1, "g": 2},
        tasks=[task("t", published={"x": 1})],
    )
    assert completion.check_completion(wf).output == {"x": 1}


def test_reverse_workflow_final_context_is_the_target_task_context():
    wf = wf_view(
        "wf:\n  type: reverse\n  tasks:\n    a: {action: std.noop}\n"
        "    b: {action: std.noop, requires: [a]}\n",
        params={"task_name": "a"},
        tasks=[task("a", published={"x": 1})],
    )
    assert completion.check_completion(wf).output == {"x": 1}
    failed = wf_view(
        "wf:\n  type: reverse\n  tasks:\n    a: {action: std.noop}\n",
        params={"task_name": "a"},
        tasks=[task("a", states.ERROR, state_info="e", error_handled=True)],
    )
    assert completion.check_completion(failed).state_info == (
        "Failure caused by error in tasks: a\n\n  a [task_ex_id=a-id] -> e\n"
    )
