"""with-items tasks run end to end on both deployment shapes: results in item order,
several arrays, sub-workflows, concurrency, failures and bad clauses, as Mistral 23 runs
them."""

import json
import time

from tests.functional.engine_reads import actions_of, by_name
from tests.functional.test_engine_workflows import run, unique, wait_for


def test_actions_sub_workflows_and_no_items(engine_api):
    sub, name = unique("wi_sub"), unique("wi")
    text = f"""
version: '2.0'
{sub}:
  input: [x]
  output:
    y: <% $.x %>
  tasks:
    t:
      action: std.noop
{name}:
  input:
    - names: [a, b, c]
  tasks:
    echo:
      with-items: n in <% $.names %>
      action: std.echo output=<% $.n %>
      concurrency: 2
      publish:
        echoed: <% task().result %>
      on-success: pairs
    pairs:
      with-items:
        - n in <% $.names %>
        - i in [1, 2, 3]
      workflow: {sub} x=<% $.n + str($.i) %>
      publish:
        subs: <% task().result %>
    nothing:
      with-items: n in <% [] %>
      action: std.echo output=<% $.n %>
      publish:
        none: <% task().result %>
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS", ex["state_info"]
    assert json.loads(ex["output"]) == {
        "echoed": ["a", "b", "c"],
        "subs": [{"y": "a1"}, {"y": "b2"}, {"y": "c3"}],
        "none": [],
    }
    named = by_name(tasks)
    assert json.loads(named["echo"]["runtime_context"]) == {
        "concurrency": 2,
        "with_items": {"capacity": 2, "count": 3},
    }
    assert json.loads(named["nothing"]["runtime_context"]) == {
        "with_items": {"capacity": None, "count": 0}
    }
    assert json.loads(named["pairs"]["runtime_context"])["with_items"] == {
        "capacity": None,
        "count": 3,
    }
    echo = engine_api.get(f"/v2/tasks/{named['echo']['id']}").json()
    assert json.loads(echo["result"]) == ["a", "b", "c"]
    echoes = actions_of(engine_api, named["echo"]["id"])
    assert sorted(
        (json.loads(a["input"])["output"], a["state"], a["accepted"]) for a in echoes
    ) == [
        ("a", "SUCCESS", True),
        ("b", "SUCCESS", True),
        ("c", "SUCCESS", True),
    ]
    subs = engine_api.get(
        f"/v2/executions?task_execution_id={named['pairs']['id']}&sort_keys=created_at"
    ).json()["executions"]
    assert sorted(
        (json.loads(s["params"])["index"], json.loads(s["input"]), s["state"]) for s in subs
    ) == [
        (0, {"x": "a1"}, "SUCCESS"),
        (1, {"x": "b2"}, "SUCCESS"),
        (2, {"x": "c3"}, "SUCCESS"),
    ]
    assert json.loads(subs[0]["params"]) == {
        "root_execution_id": ex["id"],
        "task_execution_id": named["pairs"]["id"],
        "index": json.loads(subs[0]["params"])["index"],
        "namespace": "",
        "env": {},
    }


def test_every_item_runs_and_a_failure_fails_the_task(engine_api):
    name = unique("wi_fail")
    text = f"""
version: '2.0'
{name}:
  tasks:
    each:
      with-items: n in [1, 2, 3]
      action: std.fail
      on-error: handled
    handled:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS"
    named = by_name(tasks)
    assert (named["each"]["state"], named["each"]["state_info"]) == (
        "ERROR",
        "One or more actions had failed.",
    )
    assert named["handled"]["state"] == "SUCCESS"
    actions = actions_of(engine_api, named["each"]["id"])
    assert [(a["name"], a["state"], a["accepted"]) for a in actions] == [
        ("std.fail", "ERROR", True)
    ] * 3


def test_bad_clauses_fail_the_task_before_any_item_runs(engine_api):
    name = unique("wi_bad")
    text = f"""
version: '2.0'
{name}:
  input: [case]
  tasks:
    route:
      action: std.noop
      on-success:
        - lengths: <% $.case = lengths %>
        - not_a_list: <% $.case = not_a_list %>
        - third_input: <% $.case = third_input %>
    lengths:
      with-items:
        - n in [1, 2, 3]
        - m in [1, 2]
      action: std.echo output=<% $.n %>
    not_a_list:
      with-items: n in <% 5 %>
      action: std.echo output=<% $.n %>
    third_input:
      with-items: n in [1, 2, 3]
      action: std.echo output=<% 10 / (3 - $.n) %>
"""
    expected = {
        "lengths": (
            "Wrong input format for: {'n': [1, 2, 3], 'm': [1, 2]}. "
            "All arrays must have the same length.",
            {"triggered_by": None},
        ),
        "not_a_list": (
            "Wrong input format for: {}. Iterable type is expected for each value.",
            {"triggered_by": None},
        ),
        "third_input": (
            "Can not evaluate YAQL expression [expression=10 / (3 - $.n), "
            "error=integer division or modulo by zero]",
            {"triggered_by": None, "with_items": {"capacity": None, "count": 3}},
        ),
    }
    created = engine_api.post_text("/v2/workflows", text)
    assert created.status_code == 201, created.text
    for case, (error, runtime) in expected.items():
        started = engine_api.post(
            "/v2/executions", json={"workflow_name": name, "input": {"case": case}}
        )
        ex = wait_for(engine_api, started.json()["id"])
        assert ex["state"] == "ERROR", case
        tasks = engine_api.get(f"/v2/executions/{ex['id']}/tasks").json()["tasks"]
        task = by_name(tasks)[case]
        assert task["state"] == "ERROR"
        assert task["state_info"].startswith(
            f"Failed to run task [error={error}, wf={name}, task={case}]:\nTraceback"
        ), task["state_info"]
        got_runtime = json.loads(task["runtime_context"])
        got_runtime["triggered_by"] = None
        assert got_runtime == runtime
        assert actions_of(engine_api, task["id"]) == []


def test_concurrency_starts_an_item_as_a_slot_frees(engine_api):
    name = unique("wi_conc")
    text = f"""
version: '2.0'
{name}:
  tasks:
    each:
      with-items: n in [1, 2, 3, 4]
      concurrency: <% 2 %>
      action: std.async_noop
      publish:
        got: <% task().result %>
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    ex_id = engine_api.post("/v2/executions", json={"workflow_name": name}).json()["id"]

    def running_actions(expected_count):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            tasks = engine_api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]
            actions = actions_of(engine_api, tasks[0]["id"]) if tasks else []
            if len(actions) >= expected_count:
                return tasks[0], actions
            time.sleep(0.05)
        raise AssertionError(f"fewer than {expected_count} actions started")

    task, actions = running_actions(2)
    assert [a["state"] for a in actions] == ["RUNNING", "RUNNING"]
    assert json.loads(task["runtime_context"]) == {
        "concurrency": 2,
        "with_items": {"capacity": 0, "count": 4},
    }
    for turn in range(4):
        running = [a for a in actions if a["state"] == "RUNNING"]
        # Two slots: two run until the last item, which runs alone.
        assert len(running) == (2 if turn < 3 else 1), turn
        done = engine_api.put(
            f"/v2/action_executions/{running[0]['id']}",
            json={"state": "SUCCESS", "output": {"turn": turn}},
        )
        assert done.status_code == 200, done.text
        task, actions = running_actions(min(3 + turn, 4))
        assert len(actions) == min(3 + turn, 4)
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "SUCCESS", ex["state_info"]
    assert [a["state"] for a in actions] == ["SUCCESS"] * 4
    result = json.loads(engine_api.get(f"/v2/tasks/{task['id']}").json()["result"])
    assert sorted(r["turn"] for r in result) == [0, 1, 2, 3]
    assert json.loads(ex["output"]) == {"got": result}
    task = engine_api.get(f"/v2/tasks/{task['id']}").json()
    assert json.loads(task["runtime_context"]) == {
        "concurrency": 2,
        "with_items": {"capacity": 2, "count": 4},
    }
