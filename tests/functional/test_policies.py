"""Task policies end to end on both deployment shapes, with the states, messages and
runtime contexts Mistral 23 shows; and a delayed task that survives its engines dying."""

import json
import time

from tests.functional.conftest import Api
from tests.functional.engine_reads import actions_of, by_name, wait_task_state
from tests.functional.test_engine_workflows import run, unique, wait_for


def test_wait_before_and_wait_after_delay_the_task(engine_api):
    name = unique("pol_wait")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.echo output=1
      wait-before: 1
      wait-after: 1
      publish:
        a: <% task().result %>
      on-success: t2
    t2:
      action: std.noop
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    started = time.monotonic()
    ex_id = engine_api.post("/v2/executions", json={"workflow_name": name}).json()["id"]
    seen = []
    deadline = started + 20
    while time.monotonic() < deadline:
        t1 = by_name(engine_api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"])["t1"]
        if not seen or seen[-1] != (t1["state"], t1["state_info"]):
            seen.append((t1["state"], t1["state_info"]))
        if t1["state"] == "SUCCESS":
            break
        time.sleep(0.05)
    ex = wait_for(engine_api, ex_id)
    assert time.monotonic() - started >= 2.0
    assert seen == [
        ("DELAYED", "Delayed by 'wait-before' policy [delay=1]"),
        ("DELAYED", "Delayed by 'wait-after' policy [delay=1]"),
        ("SUCCESS", None),
    ]
    assert ex["state"] == "SUCCESS"
    assert json.loads(ex["output"]) == {"a": 1}
    tasks = by_name(engine_api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"])
    assert json.loads(tasks["t1"]["runtime_context"]) == {
        "wait_before_policy": {"skip": True},
        "wait_after_policy": {"skip": True},
    }
    assert tasks["t2"]["state"] == "SUCCESS"


def test_retry_runs_the_action_again_then_the_error_is_handled(engine_api):
    name = unique("pol_retry")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.fail
      retry:
        count: 2
        delay: 1
      on-error: t2
    t2:
      action: std.noop
"""
    started = time.monotonic()
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS"
    assert time.monotonic() - started >= 2.0
    t1 = by_name(tasks)["t1"]
    assert t1["state"] == "ERROR"
    assert t1["state_info"].startswith("The action raised an exception [action=Fail action")
    assert json.loads(t1["runtime_context"]) == {"retry_task_policy": {"retry_no": 2}}
    actions = actions_of(engine_api, t1["id"])
    assert [(a["name"], a["state"]) for a in actions] == [("std.fail", "ERROR")] * 3
    assert sorted(a["accepted"] for a in actions) == [False, False, True]
    assert by_name(tasks)["t2"]["state"] == "SUCCESS"


def test_continue_on_retries_a_success_until_the_count_runs_out(engine_api):
    name = unique("pol_cont")
    text = f"""
version: '2.0'
{name}:
  vars:
    n: 0
  tasks:
    t1:
      action: std.echo output=<% $.n %>
      retry:
        count: 3
        delay: 0
        continue-on: <% task().result < 2 %>
      publish:
        n: <% task().result + 1 %>
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS"
    assert json.loads(ex["output"]) == {"n": 1}
    t1 = by_name(tasks)["t1"]
    assert json.loads(t1["runtime_context"]) == {"retry_task_policy": {"retry_no": 3}}
    actions = actions_of(engine_api, t1["id"])
    assert [(a["state"], json.loads(a["output"])) for a in actions] == [
        ("SUCCESS", {"result": 0})
    ] * 4
    assert sorted(a["accepted"] for a in actions) == [False, False, False, True]


def test_timeout_fails_a_task_still_running(engine_api):
    name = unique("pol_timeout")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.sleep seconds=5
      timeout: 1
"""
    ex, tasks = run(engine_api, text, name)
    t1 = by_name(tasks)["t1"]
    assert (t1["state"], t1["state_info"]) == ("ERROR", "Task timed out [timeout(s)=1].")
    assert ex["state"] == "ERROR"
    assert ex["state_info"] == (
        f"Failure caused by error in tasks: t1\n\n  t1 [task_ex_id={t1['id']}] -> "
        "Task timed out [timeout(s)=1].\n"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        (action,) = actions_of(engine_api, t1["id"])
        if action["state"] != "RUNNING":
            break
        time.sleep(0.1)
    # The executor stops waiting for the action at the task's timeout, as Mistral's does.
    assert action["state"] == "ERROR"
    assert json.loads(action["output"])["result"].endswith("msg='Timeout after 1 seconds']")


def test_fail_on_fails_a_successful_task(engine_api):
    name = unique("pol_failon")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.echo output=3
      fail-on: <% task().result = 3 %>
"""
    ex, tasks = run(engine_api, text, name)
    t1 = by_name(tasks)["t1"]
    assert (t1["state"], t1["state_info"]) == ("ERROR", "Failed by 'fail-on' policy")
    assert ex["state"] == "ERROR"


def test_concurrency_is_recorded_for_any_task_and_comes_from_task_defaults(engine_api):
    name = unique("pol_conc")
    text = f"""
version: '2.0'
{name}:
  task-defaults:
    concurrency: 3
  tasks:
    plain:
      action: std.noop
    items:
      with-items: n in [1, 2, 3, 4]
      action: std.echo output=<% $.n %>
      publish:
        got: <% task().result %>
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS"
    assert json.loads(ex["output"]) == {"got": [1, 2, 3, 4]}
    named = by_name(tasks)
    assert json.loads(named["plain"]["runtime_context"]) == {"concurrency": 3}
    assert json.loads(named["items"]["runtime_context"]) == {
        "concurrency": 3,
        "with_items": {"capacity": 3, "count": 4},
    }


def test_pause_before_pauses_the_workflow_until_it_is_resumed(engine_api):
    name = unique("pol_pause")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.noop
      on-success: t2
    t2:
      action: std.echo output=2
      pause-before: true
      publish:
        two: <% task().result %>
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    ex_id = engine_api.post("/v2/executions", json={"workflow_name": name}).json()["id"]
    t2 = wait_task_state(engine_api, ex_id, "t2", "IDLE")
    assert t2["state_info"] == "Set by 'pause-before' policy"
    ex = engine_api.get(f"/v2/executions/{ex_id}").json()
    assert (ex["state"], ex["state_info"]) == ("PAUSED", None)
    resumed = engine_api.put(f"/v2/executions/{ex_id}", json={"state": "RUNNING"})
    assert resumed.status_code == 200, resumed.text
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "SUCCESS"
    assert json.loads(ex["output"]) == {"two": 2}


def test_a_delayed_task_survives_its_engines_dying(scaled_deployment):
    api = Api(scaled_deployment.url)
    engines = [p for p in scaled_deployment.processes if p.roles == "engine"]
    name = unique("pol_durable")
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.echo output="done"
      wait-before: 2
      publish:
        out: <% task().result %>
"""
    assert api.post_text("/v2/workflows", text).status_code == 201
    ex_id = api.post("/v2/executions", json={"workflow_name": name}).json()["id"]
    wait_task_state(api, ex_id, "t1", "DELAYED")
    for engine in engines:
        engine.process.kill()
        engine.process.wait()
    time.sleep(2.5)  # the job falls due while no engine runs
    assert api.get(f"/v2/executions/{ex_id}").json()["state"] == "RUNNING"
    for engine in engines:
        engine.start()
    ex = wait_for(api, ex_id)
    assert ex["state"] == "SUCCESS"
    assert json.loads(ex["output"]) == {"out": "done"}
    actions = actions_of(
        api, by_name(api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"])["t1"]["id"]
    )
    assert [(a["name"], a["state"]) for a in actions] == [("std.echo", "SUCCESS")]
