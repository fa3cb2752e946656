"""/v2/action_executions over HTTP: reads, validation, and (marked ``engine``) ad-hoc runs,
completion of asynchronous actions and deletion on a server that runs actions."""

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

NOT_FOUND = f"ActionExecution not found [id={ZERO}]"


def test_missing_action_execution_is_404(api):
    for path in (f"/v2/action_executions/{ZERO}", f"/v2/action_executions?marker={ZERO}"):
        resp = api.get(path)
        assert (resp.status_code, resp.json()) == (404, fault(NOT_FOUND)), path
    resp = api.put(f"/v2/action_executions/{ZERO}", json={"state": "SUCCESS", "output": {}})
    assert (resp.status_code, resp.json()) == (404, fault(NOT_FOUND))


def test_lists_on_an_empty_database(api):
    for query in (
        "",
        "?name=std.echo&state=SUCCESS",
        "?include_output=true",
        "?task_name=t1",
        "?accepted=true",
    ):
        resp = api.get(f"/v2/action_executions{query}")
        assert (resp.status_code, resp.json()) == (200, {"action_executions": []}), query
    resp = api.get("/v2/action_executions?task_execution_id=abc")
    assert resp.status_code == 400
    assert resp.json()["faultstring"].endswith("Expected a uuid but received abc.")


def test_post_needs_a_name(api):
    resp = api.post("/v2/action_executions", json={"input": {"output": 1}})
    assert (resp.status_code, resp.json()) == (
        400,
        fault("Please provide at least action name to run action."),
    )


def test_put_needs_a_known_state(api):
    resp = api.put(f"/v2/action_executions/{ZERO}", json={"state": "BOGUS"})
    assert (resp.status_code, resp.json()) == (
        400,
        fault(
            "Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], "
            "actual: BOGUS"
        ),
    )
    resp = api.put(f"/v2/action_executions/{ZERO}", json={"state": "SUCCESS", "output": "[1]"})
    assert resp.status_code == 400


def test_delete_is_off_by_default(api):
    resp = api.delete(f"/v2/action_executions/{ZERO}")
    assert (resp.status_code, resp.json()) == (
        403,
        fault("Action execution deletion is not allowed."),
    )


@pytest.mark.engine
def test_sync_run_without_save_result_stores_nothing(eapi):
    resp = eapi.post("/v2/action_executions", json={"name": "std.echo", "input": {"output": "hi"}})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["id"] is None
    assert (body["name"], body["state"]) == ("std.echo", "SUCCESS")
    assert json.loads(body["output"]) == {"result": "hi"}
    assert "task_name" not in body


@pytest.mark.engine
def test_saved_run_reads_back_and_deletes(eapi):
    resp = eapi.post(
        "/v2/action_executions",
        json={
            "name": "std.echo",
            "input": json.dumps({"output": 5}),
            "params": json.dumps({"save_result": True}),
            "description": "mine",
        },
    )
    assert resp.status_code == 201, resp.text
    ae_id = resp.json()["id"]
    assert ae_id
    got = eapi.get(f"/v2/action_executions/{ae_id}").json()
    for _ in range(100):
        if got["state"] != "RUNNING":
            break
        got = eapi.get(f"/v2/action_executions/{ae_id}").json()
    assert got["state"] == "SUCCESS"
    assert json.loads(got["input"]) == {"output": 5}
    assert json.loads(got["output"]) == {"result": 5}
    assert got["task_execution_id"] is None
    assert "task_name" not in got

    listed = eapi.get("/v2/action_executions?name=std.echo&description=mine").json()
    assert [a["id"] for a in listed["action_executions"]] == [ae_id]
    assert "output" not in listed["action_executions"][0]
    listed = eapi.get("/v2/action_executions?description=mine&include_output=true").json()
    assert listed["action_executions"][0]["output"] == got["output"]
    assert eapi.get(f"/v2/action_executions/{ae_id}?fields=state").json() == {
        "id": ae_id,
        "state": "SUCCESS",
    }
    assert eapi.delete(f"/v2/action_executions/{ae_id}").status_code == 204
    assert eapi.get(f"/v2/action_executions/{ae_id}").status_code == 404


@pytest.mark.engine
def test_async_action_completed_through_put(eapi):
    resp = eapi.post("/v2/action_executions", json={"name": "std.async_noop"})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["state"] == "RUNNING" and body["id"]
    ae_id = body["id"]
    resp = eapi.delete(f"/v2/action_executions/{ae_id}")
    assert (resp.status_code, resp.json()) == (
        403,
        fault("Only completed action execution can be deleted."),
    )
    resp = eapi.put(f"/v2/action_executions/{ae_id}", json={"state": "SUCCESS", "output": {"a": 1}})
    assert resp.status_code == 200, resp.text
    done = resp.json()
    assert done["state"] == "SUCCESS"
    assert json.loads(done["output"]) == {"result": {"a": 1}}


@pytest.mark.engine
def test_async_action_failed_without_output_and_task_actions_are_not_deletable(eapi):
    ae_id = eapi.post("/v2/action_executions", json={"name": "std.async_noop"}).json()["id"]
    resp = eapi.put(f"/v2/action_executions/{ae_id}", json={"state": "ERROR"})
    assert resp.status_code == 200, resp.text
    assert json.loads(resp.json()["output"]) == {"result": "Unknown error"}

    name = unique("wf_one")
    create_workflow(eapi, f"version: '2.0'\n{name}:\n  tasks:\n    t1:\n      action: std.noop\n")
    ex_id = start(eapi, workflow_name=name)["id"]
    wait_state(eapi, ex_id)
    task = eapi.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"][0]
    actions = eapi.get(f"/v2/tasks/{task['id']}/action_executions").json()["action_executions"]
    assert [a["task_execution_id"] for a in actions] == [task["id"]]
    by_task_name = eapi.get(
        f"/v2/action_executions?task_name=t1&task_execution_id={task['id']}"
    ).json()
    assert [a["id"] for a in by_task_name["action_executions"]] == [actions[0]["id"]]
    one = eapi.get(f"/v2/tasks/{task['id']}/action_executions/{actions[0]['id']}").json()
    assert one["id"] == actions[0]["id"]
    resp = eapi.delete(f"/v2/action_executions/{actions[0]['id']}")
    assert (resp.status_code, resp.json()) == (
        403,
        fault("Only ad-hoc action execution can be deleted."),
    )
