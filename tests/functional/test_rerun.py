"""Rerunning a failed task through PUT /v2/tasks/{id} on both deployment shapes: with a
new environment, and a with-items task whose failed items alone run again."""

import json
import time

from tests.functional.engine_reads import actions_of, tasks_by_name
from tests.functional.test_engine_workflows import unique, wait_for


def test_rerun_with_a_new_env_carries_the_workflow_on(engine_api):
    name = unique("rerun_env")
    text = f"""
version: '2.0'
{name}:
  tasks:
    divide:
      action: std.echo output=<% 10 / env().d %>
      publish:
        q: <% task().result %>
      on-success: after
    after:
      action: std.echo output=<% $.q + 1 %>
      publish:
        r: <% task().result %>
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    ex_id = engine_api.post(
        "/v2/executions", json={"workflow_name": name, "params": {"env": {"d": 0}}}
    ).json()["id"]
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "ERROR"
    divide = tasks_by_name(engine_api, ex_id)["divide"]
    assert divide["state_info"].startswith("Failed to run task [error=Can not evaluate YAQL")

    resp = engine_api.put(
        f"/v2/tasks/{divide['id']}", json={"state": "RUNNING", "reset": True, "env": {"d": 5}}
    )
    assert resp.status_code == 200, resp.text
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "SUCCESS", ex["state_info"]
    assert ex["state_info"] is None
    assert json.loads(ex["output"]) == {"q": 2, "r": 3}
    assert json.loads(ex["params"])["env"] == {"d": 5}
    tasks = tasks_by_name(engine_api, ex_id)
    assert sorted((t["name"], t["state"]) for t in tasks.values()) == [
        ("after", "SUCCESS"),
        ("divide", "SUCCESS"),
    ]
    assert tasks["divide"]["id"] == divide["id"]


def test_rerun_without_reset_runs_only_the_failed_items(engine_api):
    name = unique("rerun_items")
    text = f"""
version: '2.0'
{name}:
  tasks:
    each:
      with-items: n in [1, 2, 3]
      action: std.async_noop
      publish:
        got: <% task().result %>
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    ex_id = engine_api.post("/v2/executions", json={"workflow_name": name}).json()["id"]
    deadline = time.monotonic() + 20
    actions = []
    while len(actions) < 3 and time.monotonic() < deadline:
        tasks = tasks_by_name(engine_api, ex_id)
        actions = actions_of(engine_api, tasks["each"]["id"]) if tasks else []
        time.sleep(0.05)
    task_id = tasks["each"]["id"]
    outcomes = [
        ("SUCCESS", {"item": "a"}),
        ("ERROR", {"why": "broken"}),
        ("SUCCESS", {"item": "c"}),
    ]
    for action, (state, output) in zip(actions, outcomes, strict=True):
        resp = engine_api.put(
            f"/v2/action_executions/{action['id']}", json={"state": state, "output": output}
        )
        assert resp.status_code == 200, resp.text
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "ERROR"
    assert (
        tasks_by_name(engine_api, ex_id)["each"]["state_info"] == "One or more actions had failed."
    )

    resp = engine_api.put(f"/v2/tasks/{task_id}", json={"state": "RUNNING", "reset": False})
    assert resp.status_code == 200, resp.text
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        running = [a for a in actions_of(engine_api, task_id) if a["state"] == "RUNNING"]
        if running:
            break
        time.sleep(0.05)
    assert len(running) == 1
    resp = engine_api.put(
        f"/v2/action_executions/{running[0]['id']}",
        json={"state": "SUCCESS", "output": {"item": "b"}},
    )
    assert resp.status_code == 200, resp.text
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "SUCCESS", ex["state_info"]
    got = json.loads(ex["output"])["got"]
    assert sorted(got, key=lambda r: r["item"]) == [{"item": "a"}, {"item": "b"}, {"item": "c"}]
    accepted = [(a["state"], a["accepted"]) for a in actions_of(engine_api, task_id)]
    assert sorted(accepted) == [
        ("ERROR", False),
        ("SUCCESS", True),
        ("SUCCESS", True),
        ("SUCCESS", True),
    ]
