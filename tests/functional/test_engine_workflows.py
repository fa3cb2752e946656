"""Workflows run end to end through the HTTP API on both deployment shapes: one
``--server all`` process (SQLite, in-process messaging) and separate api, engine and
executor processes over RabbitMQ on PostgreSQL and MariaDB."""

import json
import time
import uuid

import pytest


def unique(prefix="wf"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def wait_for(api, ex_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ex = api.get(f"/v2/executions/{ex_id}").json()
        if ex["state"] not in ("RUNNING", "IDLE"):
            return ex
        time.sleep(0.05)
    raise AssertionError(f"execution {ex_id} still {ex['state']}")


def run(api, text, wf_name, wf_input=None, params=None, expect=201):
    created = api.post_text("/v2/workflows", text)
    assert created.status_code == 201, created.text
    body = {"workflow_name": wf_name, "input": wf_input or {}}
    if params is not None:
        body["params"] = params
    started = api.post("/v2/executions", json=body)
    assert started.status_code == expect, started.text
    if expect != 201:
        return started.json(), []
    ex = wait_for(api, started.json()["id"])
    tasks = api.get(f"/v2/tasks?workflow_execution_id={ex['id']}&sort_keys=created_at").json()
    return ex, tasks["tasks"]


def states_of(tasks):
    return sorted((t["name"], t["state"]) for t in tasks)


def test_publish_and_declared_output(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input:
    - who
    - greeting: Hello
  output:
    message: <% $.message %>
    upper: "{{{{ _.message | upper }}}}"
  tasks:
    compose:
      action: std.echo output="<% $.greeting %>, <% $.who %>!"
      publish:
        message: <% task().result %>
      on-success: done
    done:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name, {"who": "Ann"})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"message": "Hello, Ann!", "upper": "HELLO, ANN!"}
    assert json.loads(ex["input"]) == {"who": "Ann", "greeting": "Hello"}
    assert states_of(tasks) == [("compose", "SUCCESS"), ("done", "SUCCESS")]
    compose = next(t for t in tasks if t["name"] == "compose")
    assert json.loads(compose["published"]) == {"message": "Hello, Ann!"}


def test_default_output_is_the_final_context(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [a]
  vars: {{v: 10}}
  tasks:
    start:
      action: std.noop
      on-success: [left, right]
    left:
      action: std.echo output="L"
      publish: {{x: <% task().result %>}}
    right:
      action: std.echo output=<% $.v + 1 %>
      publish: {{a: from_right, y: <% task().result %>}}
"""
    ex, _ = run(engine_api, text, name, {"a": "in"})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"x": "L", "a": "from_right", "y": 11}


def test_unhandled_error_fails_the_workflow_with_mistral_state_info(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.fail error_data="boom"
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "ERROR"
    t1 = tasks[0]
    actions = engine_api.get(f"/v2/action_executions?task_execution_id={t1['id']}").json()
    action_id = actions["action_executions"][0]["id"]
    expected = (
        f"Failure caused by error in tasks: t1\n\n  t1 [task_ex_id={t1['id']}] -> boom\n"
        f"    [action_ex_id={action_id}, idx=0]: boom\n"
    )
    assert ex["state_info"] == expected
    assert json.loads(ex["output"]) == {"result": expected}
    assert t1["state"] == "ERROR"
    assert t1["state_info"] == "boom"


def test_on_error_handles_and_on_complete_runs(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.fail
      publish-on-error:
        err: <% task().result %>
      on-error: [cleanup]
      on-complete: [always]
    cleanup:
      action: std.echo output=<% $.err %>
      publish: {{cleaned: <% task().result %>}}
    always:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert states_of(tasks) == [("always", "SUCCESS"), ("cleanup", "SUCCESS"), ("t1", "ERROR")]
    t1 = next(t for t in tasks if t["name"] == "t1")
    err = json.loads(t1["published"])["err"]
    assert err.startswith("The action raised an exception [action=Fail action, action_ex_id=")
    assert err.endswith(", msg='Fail action expected exception.']")
    assert json.loads(ex["output"])["cleaned"] == err


def test_conditional_transitions_and_engine_commands(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [n]
  output-on-error:
    n: <% $.n %>
  tasks:
    check:
      action: std.noop
      on-success:
        - small: <% $.n < 10 %>
        - big: <% $.n >= 10 %>
    small:
      action: std.echo output="small"
      on-success:
        - succeed msg="<% $.n %> is small"
    big:
      action: std.noop
      on-success:
        - fail msg="<% $.n %> is too big"
"""
    ex, tasks = run(engine_api, text, name, {"n": 3})
    assert (ex["state"], ex["state_info"]) == ("SUCCESS", "3 is small")
    assert states_of(tasks) == [("check", "SUCCESS"), ("small", "SUCCESS")]
    engine_api.delete(f"/v2/workflows/{name}")
    ex, tasks = run(engine_api, text, name, {"n": 42})
    assert (ex["state"], ex["state_info"]) == ("ERROR", "42 is too big")
    assert json.loads(ex["output"]) == {"result": "42 is too big", "n": 42}


def test_join_all_merges_branches(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    a:
      action: std.echo output=1
      publish: {{va: <% task().result %>}}
      on-success: [c]
    b:
      action: std.echo output=2
      publish: {{vb: <% task().result %>}}
      on-success: [c]
    c:
      join: all
      action: std.echo output=<% $.va + $.vb %>
      publish: {{sum: <% task().result %>}}
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert states_of(tasks) == [("a", "SUCCESS"), ("b", "SUCCESS"), ("c", "SUCCESS")]
    assert json.loads(ex["output"])["sum"] == 3


def test_reverse_workflow_runs_the_requirements(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  type: reverse
  tasks:
    fetch:
      action: std.echo output="data"
      publish: {{got: <% task().result %>}}
    process:
      requires: [fetch]
      action: std.echo output="processed <% $.got %>"
      publish: {{out: <% task().result %>}}
    unrelated:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name, params={"task_name": "process"})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert states_of(tasks) == [("fetch", "SUCCESS"), ("process", "SUCCESS")]
    assert json.loads(ex["output"])["out"] == "processed data"


def test_subworkflow_output_is_the_task_result(engine_api):
    parent, child = unique("parent"), unique("child")
    text = f"""
version: '2.0'
{child}:
  input: [x]
  output:
    doubled: <% $.x * 2 %>
  tasks:
    t:
      action: std.noop
{parent}:
  tasks:
    call:
      workflow: {child}
      input:
        x: 5
      publish:
        r: <% task().result.doubled %>
"""
    ex, tasks = run(engine_api, text, parent)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"r": 10}
    subs = engine_api.get(f"/v2/executions?root_execution_id={ex['id']}").json()["executions"]
    assert [(s["workflow_name"], s["state"]) for s in subs] == [(child, "SUCCESS")]
    assert subs[0]["task_execution_id"] == tasks[0]["id"]


def test_actions_run_by_the_executor(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    nap:
      action: std.sleep seconds=0.2
      on-success: dict
    dict:
      action: std.test_dict size=2 key_prefix="k" val="v"
      publish: {{d: <% task().result %>}}
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"d": {"k0": "v", "k1": "v"}}


def test_adhoc_action_with_base_input_and_output(engine_api):
    action = unique("greet")
    created = engine_api.post_text(
        "/v2/actions",
        f"""
version: '2.0'
{action}:
  input: [who]
  base: std.echo
  base-input:
    output: "Hi <% $.who %>"
  output: <% $.len() %>
""",
    )
    assert created.status_code == 201, created.text
    name = unique()
    ex, _ = run(
        engine_api,
        f"""
version: '2.0'
{name}:
  tasks:
    t:
      action: {action} who="Bob"
      publish: {{n: <% task().result %>}}
""",
        name,
    )
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"n": 6}


def test_env_and_expression_functions(engine_api):
    env = unique("env")
    assert (
        engine_api.post(
            "/v2/environments", json={"name": env, "variables": {"greeting": "Howdy"}}
        ).status_code
        == 201
    )
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    t1:
      action: std.echo output=<% env().greeting %>
      publish:
        g: <% task().result %>
        exec_id: <% execution().id %>
        parsed: <% json_parse('[1, 2]') %>
        j: "{{{{ env().greeting }}}}"
"""
    ex, _ = run(engine_api, text, name, params={"env": env})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    out = json.loads(ex["output"])
    assert out == {"g": "Howdy", "exec_id": ex["id"], "parsed": [1, 2], "j": "Howdy"}
    assert json.loads(ex["params"])["env"] == {"greeting": "Howdy"}


def test_invalid_input_is_400_and_creates_no_execution(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [a]
  tasks:
    t:
      action: std.noop
"""
    body, _ = run(engine_api, text, name, {"b": 1}, expect=400)
    assert body["faultstring"] == (
        f"Invalid input [name={name}, class=DirectWorkflowSpec, missing=['a'], unexpected=['b']]"
    )
    listed = engine_api.get(f"/v2/executions?workflow_name={name}").json()
    assert listed == {"executions": []}


def test_expression_error_in_input_fails_the_workflow_at_once(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    t:
      action: std.echo output=<% $.nope %>
      on-error: [never]
    never:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "ERROR"
    first_line = ex["state_info"].splitlines()[0]
    assert first_line == (
        "Failed to run task [error=Can not evaluate YAQL expression [expression=$.nope, "
        f"error='nope'], wf={name}, task=t]:"
    )
    assert states_of(tasks) == [("t", "ERROR")]


@pytest.mark.parametrize("count", [5])
def test_many_executions_in_parallel_all_succeed(engine_api, count):
    name = unique()
    created = engine_api.post_text(
        "/v2/workflows",
        f"""
version: '2.0'
{name}:
  input: [i]
  output: {{i: <% $.i %>}}
  tasks:
    a:
      action: std.echo output=<% $.i %>
      on-success: b
    b:
      action: std.sleep seconds=0.05
""",
    )
    assert created.status_code == 201
    ids = [
        engine_api.post("/v2/executions", json={"workflow_name": name, "input": {"i": i}}).json()[
            "id"
        ]
        for i in range(count)
    ]
    outputs = [json.loads(wait_for(engine_api, ex_id)["output"]) for ex_id in ids]
    assert outputs == [{"i": i} for i in range(count)]


def test_async_action_completed_through_the_api_moves_the_workflow_on(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    wait_for_human:
      action: std.async_noop
      publish: {{answer: <% task().result %>}}
      on-success: after
    after:
      action: std.echo output=<% $.answer %>
      publish: {{echoed: <% task().result %>}}
"""
    assert engine_api.post_text("/v2/workflows", text).status_code == 201
    ex_id = engine_api.post("/v2/executions", json={"workflow_name": name}).json()["id"]
    deadline = time.monotonic() + 20
    actions = []
    while not actions and time.monotonic() < deadline:
        tasks = engine_api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]
        if tasks:
            actions = engine_api.get(
                f"/v2/action_executions?task_execution_id={tasks[0]['id']}"
            ).json()["action_executions"]
        time.sleep(0.05)
    assert [(a["name"], a["state"]) for a in actions] == [("std.async_noop", "RUNNING")]
    assert engine_api.get(f"/v2/executions/{ex_id}").json()["state"] == "RUNNING"
    done = engine_api.put(
        f"/v2/action_executions/{actions[0]['id']}",
        json={"state": "SUCCESS", "output": {"value": 42}},
    )
    assert done.status_code == 200, done.text
    ex = wait_for(engine_api, ex_id)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert json.loads(ex["output"]) == {"answer": {"value": 42}, "echoed": {"value": 42}}


def test_a_cycle_runs_until_its_condition_ends_it(engine_api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  vars: {{limit: 3}}
  tasks:
    init:
      action: std.noop
      publish: {{i: 0}}
      on-success: step
    step:
      action: std.echo output=<% $.i + 1 %>
      publish: {{i: <% task().result %>}}
      on-success:
        - step: <% $.i < $.limit %>
        - finish: <% $.i >= $.limit %>
    finish:
      action: std.noop
"""
    ex, tasks = run(engine_api, text, name)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    assert [t["name"] for t in tasks] == ["init", "step", "step", "step", "finish"]
    assert json.loads(ex["output"]) == {"i": 3}
