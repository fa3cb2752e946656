"""Task policies: values with their task-defaults fallback, and the retry rule."""

from mistral_engine.workflow import policies

from .helpers import spec

WF = """
wf:
  task-defaults:
    wait-before: 4
    timeout: <% $.t %>
    concurrency: 2
    retry:
      count: 3
      delay: 1
  tasks:
    own:
      action: std.noop
      wait-before: 0
      wait-after: <% $.w %>
      pause-before: <% $.p %>
      fail-on: <% task().result = 3 %>
      retry:
        count: <% $.n %>
        delay: 2
        break-on: <% $.stop %>
    inherits:
      action: std.noop
    plain:
      action: std.noop
"""


def _task(name):
    wf = spec(WF)
    return wf.tasks[name], wf


def test_a_task_value_wins_and_an_unset_one_falls_back_to_task_defaults():
    task, wf = _task("own")
    values = policies.evaluate(task, wf, {"w": 2, "p": True, "n": 5, "t": 7})
    assert values == policies.Policies(
        pause_before=True,
        wait_before=4,
        wait_after=2,
        fail_on="<% task().result = 3 %>",
        retry=policies.Retry(count=5, delay=2, break_on="<% $.stop %>", continue_on=None),
        timeout=7,
        concurrency=2,
    )


def test_task_defaults_alone():
    task, wf = _task("inherits")
    assert policies.has_policies(task, wf)
    assert policies.evaluate(task, wf, {"t": 0}) == policies.Policies(
        wait_before=4,
        retry=policies.Retry(count=3, delay=1, break_on=None, continue_on=None),
        concurrency=2,
    )


def test_a_task_without_policies():
    wf = spec("wf:\n  tasks:\n    plain:\n      action: std.noop\n")
    assert not policies.has_policies(wf.tasks["plain"], wf)
    assert policies.evaluate(wf.tasks["plain"], wf, {}) == policies.Policies()


def _retry(**kw):
    values = {"count": 2, "delay": 0, "break_on": None, "continue_on": None, **kw}
    return policies.Retry(**values)


def test_an_error_is_retried_while_attempts_remain():
    assert policies.should_retry(_retry(), 0, "ERROR", {}, None) is True
    assert policies.should_retry(_retry(), 1, "ERROR", {}, None) is True
    assert policies.should_retry(_retry(), 2, "ERROR", {}, None) is False


def test_break_on_stops_retrying_an_error():
    retry = _retry(break_on="<% $.stop %>")
    assert policies.should_retry(retry, 0, "ERROR", {"stop": True}, None) is False
    assert policies.should_retry(retry, 0, "ERROR", {"stop": False}, None) is True


def test_a_success_is_retried_only_while_continue_on_holds():
    assert policies.should_retry(_retry(), 0, "SUCCESS", {}, None) is False
    retry = _retry(continue_on="<% $.again %>")
    assert policies.should_retry(retry, 0, "SUCCESS", {"again": True}, None) is True
    assert policies.should_retry(retry, 0, "SUCCESS", {"again": False}, None) is False
    assert policies.should_retry(retry, 2, "SUCCESS", {"again": True}, None) is False


def test_nothing_is_retried_when_cancelled_running_or_without_count():
    assert policies.should_retry(_retry(), 0, "CANCELLED", {}, None) is False
    assert policies.should_retry(_retry(), 0, "RUNNING", {}, None) is False
    assert policies.should_retry(_retry(count=0), 0, "ERROR", {}, None) is False


def test_messages():
    assert policies.delayed_info("wait-before", 3) == "Delayed by 'wait-before' policy [delay=3]"
    assert policies.timed_out_info(2) == "Task timed out [timeout(s)=2]."
