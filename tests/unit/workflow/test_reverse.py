import hashlib

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.workflow import controller, reverse, states
from mistral_engine.workflow.commands import RunTask
from tests.unit.workflow.helpers import task, wf_view

REV = """
wf:
  type: reverse
  tasks:
    a: {action: std.echo output=1, publish: {x: 1}}
    b: {action: std.echo output=2, requires: [a]}
    c: {action: std.noop, requires: b}
    other: {action: std.noop}
"""


def test_only_requirements_of_the_target_start():
    wf = wf_view(REV, params={"task_name": "c"})
    assert controller(wf) is reverse
    assert reverse.start_commands(wf) == [RunTask("a", {})]


def test_next_task_runs_when_its_requirements_succeeded():
    wf = wf_view(REV, params={"task_name": "c"}, tasks=[task("a", published={"x": 1})])
    d = reverse.on_task_completed(wf, wf.tasks[0])
    key = hashlib.md5(b"x").hexdigest()
    assert d.commands == [RunTask("b", {"x": 1, "__versions": {key: 1}})]
    assert d.error_handled is False


def test_failed_requirement_blocks_dependants():
    wf = wf_view(REV, params={"task_name": "c"}, tasks=[task("a", states.ERROR)])
    assert reverse.on_task_completed(wf, wf.tasks[0]).commands == []


def test_missing_task_name_is_the_mistral_error():
    wf = wf_view(REV)
    with pytest.raises(exc.WorkflowException) as e:
        reverse.start_commands(wf)
    assert str(e.value).startswith("Invalid task name [wf_spec=ReverseWorkflowSpec {")
    assert str(e.value).endswith(", task_name=None]")


def test_task_defaults_requires_are_added():
    text = REV.replace("  tasks:", "  task-defaults:\n    requires: [other]\n  tasks:")
    wf = wf_view(text, params={"task_name": "a"})
    assert reverse.start_commands(wf) == [RunTask("other", {})]
