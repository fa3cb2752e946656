"""/v2/tasks over HTTP: reads and filters, results, and (marked ``engine``) rerun and skip
of failed tasks on a server that runs workflows."""

import json

import pytest

from tests.functional import test_executions_api as executions_api
from tests.functional.test_executions_api import (
    ZERO,
    create_workflow,
    fault,
    start,
    unique,
    wait_state,
)

# The server running every role, shared with the executions tests.
engine_server = executions_api.engine_server
eapi = executions_api.eapi


@pytest.mark.parametrize(
    "path", [f"/v2/tasks/{ZERO}", f"/v2/tasks/{ZERO}/executions", f"/v2/tasks?marker={ZERO}"]
)
def test_missing_task_is_404(api, path):
    resp = api.get(path)
    assert (resp.status_code, resp.json()) == (404, fault(f"Task execution not found [id={ZERO}]"))


def test_put_of_missing_task_is_404(api):
    resp = api.put(f"/v2/tasks/{ZERO}", json={"state": "RUNNING", "reset": True})
    assert (resp.status_code, resp.json()) == (404, fault(f"Task execution not found [id={ZERO}]"))


def test_lists_on_an_empty_database(api):
    assert api.get("/v2/tasks?name=x&state=ERROR&processed=true").json() == {"tasks": []}
    assert api.get(f"/v2/tasks?workflow_execution_id={ZERO}").json() == {"tasks": []}
    assert api.get(f"/v2/tasks/{ZERO}/workflow_executions").json() == {"executions": []}
    resp = api.get("/v2/tasks?workflow_execution_id=abc")
    assert resp.status_code == 400
    assert resp.json()["faultstring"].endswith("Expected a uuid but received abc.")
    resp = api.get("/v2/tasks?fields=nope")
    assert resp.status_code == 400


def failing_workflow(api) -> str:
    name = unique("wf_fail")
    create_workflow(
        api,
        f"""version: '2.0'
{name}:
  tasks:
    ok:
      action: std.echo output="fine"
      on-success: bad
    bad:
      action: std.fail error_data="boom"
      on-success: after
    after:
      action: std.echo output="after"
""",
    )
    return name


def tasks_of(api, ex_id) -> dict:
    return {t["name"]: t for t in api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]}


@pytest.mark.engine
def test_task_reads_filters_and_results(eapi):
    name = failing_workflow(eapi)
    ex_id = start(eapi, workflow_name=name)["id"]
    assert wait_state(eapi, ex_id)["state"] == "ERROR"
    tasks = tasks_of(eapi, ex_id)
    assert {n: t["state"] for n, t in tasks.items()} == {"ok": "SUCCESS", "bad": "ERROR"}

    ok = eapi.get(f"/v2/tasks/{tasks['ok']['id']}").json()
    assert json.loads(ok["result"]) == "fine"
    assert ok["workflow_name"] == name and ok["workflow_execution_id"] == ex_id
    assert ok["type"] == "ACTION" and ok["processed"] is True
    bad = eapi.get(f"/v2/tasks/{tasks['bad']['id']}").json()
    assert json.loads(bad["result"]) == "boom"
    assert bad["state_info"] == "boom"
    only = eapi.get(f"/v2/tasks/{tasks['ok']['id']}?fields=name,result").json()
    assert only == {"id": tasks["ok"]["id"], "name": "ok", "result": '"fine"'}

    listed = eapi.get(f"/v2/tasks?workflow_execution_id={ex_id}&state=ERROR").json()["tasks"]
    assert [t["name"] for t in listed] == ["bad"]
    listed = eapi.get(f"/v2/executions/{ex_id}/tasks?name=ok").json()["tasks"]
    assert [t["id"] for t in listed] == [tasks["ok"]["id"]]
    page = eapi.get(f"/v2/tasks?workflow_execution_id={ex_id}&limit=1").json()
    assert len(page["tasks"]) == 1 and "marker=" in page["next"]

    actions = eapi.get(f"/v2/tasks/{tasks['ok']['id']}/action_executions").json()
    assert [(a["name"], a["state"]) for a in actions["action_executions"]] == [
        ("std.echo", "SUCCESS")
    ]
    assert eapi.get(f"/v2/tasks/{tasks['ok']['id']}/executions").json() == {"executions": []}


@pytest.mark.engine
def test_rerun_rules(eapi):
    name = failing_workflow(eapi)
    ex_id = start(eapi, workflow_name=name)["id"]
    wait_state(eapi, ex_id)
    tasks = tasks_of(eapi, ex_id)
    bad, ok = tasks["bad"]["id"], tasks["ok"]["id"]
    cases = [
        (
            bad,
            {"state": "SUCCESS"},
            "Invalid task state. Only updating task to RUNNING or SKIPPED is supported.",
        ),
        (
            ok,
            {"state": "RUNNING", "reset": True},
            "The current task execution must be in "
            "ERROR for rerun. Only updating task to rerun is supported.",
        ),
        (bad, {"state": "RUNNING"}, "Reset field is mandatory to rerun task."),
        (
            bad,
            {"state": "RUNNING", "reset": False},
            "Only with-items task has the option to not reset.",
        ),
        (bad, {"state": "RUNNING", "reset": True, "name": "other"}, "Task name does not match."),
        (
            bad,
            {"state": "RUNNING", "reset": True, "workflow_name": "other"},
            "Workflow name does not match.",
        ),
    ]
    for task_id, body, message in cases:
        resp = eapi.put(f"/v2/tasks/{task_id}", json=body)
        assert (resp.status_code, resp.json()) == (400, fault(message)), body


@pytest.mark.engine
def test_rerun_then_skip(eapi):
    name = failing_workflow(eapi)
    ex_id = start(eapi, workflow_name=name)["id"]
    wait_state(eapi, ex_id)
    bad = tasks_of(eapi, ex_id)["bad"]["id"]
    resp = eapi.put(f"/v2/tasks/{bad}", json={"state": "RUNNING", "reset": True})
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == bad
    assert wait_state(eapi, ex_id)["state"] == "ERROR"
    actions = eapi.get(f"/v2/tasks/{bad}/action_executions").json()["action_executions"]
    assert [a["accepted"] for a in actions] == [False, True]

    resp = eapi.put(f"/v2/tasks/{bad}", json={"state": "SKIPPED"})
    assert (resp.status_code, resp.json()["state"]) == (200, "SKIPPED")
    assert wait_state(eapi, ex_id)["state"] == "SUCCESS"
    assert sorted(tasks_of(eapi, ex_id)) == ["after", "bad", "ok"]


@pytest.mark.engine
def test_with_items_result_is_a_list_in_item_order(eapi):
    name = unique("wf_items")
    create_workflow(
        eapi,
        f"""version: '2.0'
{name}:
  tasks:
    t:
      with-items: x in <% [3, 1, 2] %>
      action: std.echo output=<% $.x %>
""",
    )
    ex_id = start(eapi, workflow_name=name)["id"]
    assert wait_state(eapi, ex_id)["state"] == "SUCCESS"
    task = tasks_of(eapi, ex_id)["t"]
    assert json.loads(eapi.get(f"/v2/tasks/{task['id']}").json()["result"]) == [3, 1, 2]
