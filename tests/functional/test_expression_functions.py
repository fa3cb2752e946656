"""tasks() and executions() across executions (dsl-v2 §16), end to end on both deployment
shapes, with the answers Mistral 23 gave for the same workflows: results in id order,
``recursive`` appending the sub-workflow's tasks, ``flat`` dropping the WORKFLOW task."""

import json

from tests.functional.test_engine_workflows import run, unique

TASK_KEYS = [
    "id",
    "name",
    "spec",
    "state",
    "state_info",
    "result",
    "published",
    "type",
    "workflow_execution_id",
    "created_at",
    "updated_at",
]


# Every column of a workflow execution, in the order Mistral 23's executions() gives them.
EXECUTION_KEYS = [
    "spec",
    "accepted",
    "input",
    "output",
    "params",
    "context",
    "id",
    "name",
    "description",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "state",
    "state_info",
    "tags",
    "runtime_context",
    "scope",
    "project_id",
    "created_at",
    "updated_at",
    "task_execution_id",
    "root_execution_id",
]
# Columns checked against Mistral's stored values by their own test below.
SEPARATELY_CHECKED = ("spec", "accepted", "runtime_context")


def tasks_of(api, ex_id):
    return api.get(f"/v2/tasks?workflow_execution_id={ex_id}").json()["tasks"]


def by_id(tasks):
    return sorted(tasks, key=lambda t: t["id"])


def published(tasks, name):
    return json.loads(next(t for t in tasks if t["name"] == name)["published"])


def only_child(api, ex_id):
    found = api.get(f"/v2/executions?root_execution_id={ex_id}").json()["executions"]
    assert len(found) == 1, found
    return found[0]


def test_recursive_tasks_include_the_sub_workflow_tasks(engine_api):
    sub, parent = unique("sub"), unique("parent")
    engine_api.post_text(
        "/v2/workflows",
        f"""
version: '2.0'
{sub}:
  tasks:
    s1:
      action: std.noop
      on-success: s2
    s2:
      action: std.echo output=2
""",
    )
    text = f"""
version: '2.0'
{parent}:
  tasks:
    p1:
      action: std.noop
      on-success: p2
    p2:
      workflow: {sub}
      publish:
        in_own: <% tasks(execution().id, true).select([$.name, $.state]) %>
      on-success: p3
    p3:
      action: std.noop
      publish:
        rec: <% tasks(execution().id, true) %>
        own: <% tasks(execution().id).select([$.name, $.state, $.type]) %>
        flat: <% tasks(execution().id, true, flat => true).select($.name) %>
        success: <% tasks(execution().id, true, 'SUCCESS').select($.name) %>
        running: <% tasks(execution().id, true, 'RUNNING') %>
        subs: >-
          {{{{ executions(root_execution_id=execution().id)
          | map(attribute='name') | list }}}}
"""
    ex, _ = run(engine_api, text, parent)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    sub_ex = only_child(engine_api, ex["id"])
    own, nested = by_id(tasks_of(engine_api, ex["id"])), by_id(tasks_of(engine_api, sub_ex["id"]))
    assert published(own, "p2") == {
        "in_own": [[t["name"], "SUCCESS"] for t in own if t["name"] != "p3"]
        + [[t["name"], "SUCCESS"] for t in nested]
    }
    p3 = published(own, "p3")
    rec = p3["rec"]
    assert [list(t) for t in rec] == [TASK_KEYS] * 5
    assert [t["id"] for t in rec] == [t["id"] for t in own + nested]
    results = {"p1": None, "p2": {}, "p3": None, "s1": None, "s2": 2}
    assert [
        (t["name"], t["state"], t["type"], t["result"], t["workflow_execution_id"]) for t in rec
    ] == [
        (
            t["name"],
            "SUCCESS",
            "WORKFLOW" if t["name"] == "p2" else "ACTION",
            results[t["name"]],
            t["workflow_execution_id"],
        )
        for t in own + nested
    ]
    s2 = next(t for t in rec if t["name"] == "s2")
    assert s2["spec"] == {
        "action": "std.echo output=2",
        "type": "direct",
        "name": "s2",
        "version": "2.0",
    }
    assert (s2["published"], s2["state_info"]) == ({}, None)
    api_s2 = next(t for t in nested if t["name"] == "s2")
    assert (s2["created_at"], s2["updated_at"]) == (api_s2["created_at"], api_s2["updated_at"])
    assert next(t for t in rec if t["name"] == "p2")["published"] == published(own, "p2")
    assert next(t for t in rec if t["name"] == "p3")["published"] == {}
    assert p3["own"] == [
        [t["name"], "SUCCESS", "WORKFLOW" if t["name"] == "p2" else "ACTION"] for t in own
    ]
    assert p3["flat"] == [t["name"] for t in own + nested if t["name"] != "p2"]
    assert p3["success"] == [t["name"] for t in own + nested]
    assert p3["running"] == []
    assert p3["subs"] == [sub]


def test_tasks_and_executions_of_another_execution(engine_api):
    leaf, first, reader = unique("leaf"), unique("first"), unique("reader")
    engine_api.post_text(
        "/v2/workflows",
        f"""
version: '2.0'
{leaf}:
  tasks:
    l1:
      action: std.noop
""",
    )
    text = f"""
version: '2.0'
{first}:
  input:
    - n: 1
  output:
    out: <% $.v %>
  tasks:
    f1:
      action: std.echo output=<% $.n %>
      publish:
        v: <% task().result %>
      on-success: f2
    f2:
      workflow: {leaf}
"""
    other, _ = run(engine_api, text, first)
    assert other["state"] == "SUCCESS", other.get("state_info")
    text = f"""
version: '2.0'
{reader}:
  input:
    - other
  tasks:
    r1:
      action: std.noop
      publish:
        t_other: <% tasks($.other).select([$.name, $.state, $.result, $.published, $.type]) %>
        t_rec: <% tasks($.other, true, 'SUCCESS').select([$.name, $.type]) %>
        t_none: <% tasks('no-such-id') %>
        ex_raw: "{{{{ executions(id=_.other) }}}}"
        ex_sub: >-
          {{{{ executions(state='SUCCESS')
          | selectattr('root_execution_id', 'equalto', _.other)
          | map(attribute='name') | list }}}}
        ex_none: <% executions(id => $.other, state => 'ERROR') %>
        ex_old: <% executions(id => $.other, toTime => '2000-01-01') %>
        ex_new: <% len(executions(id => $.other, fromTime => '2000-01-01')) %>
        ex_root: <% len(executions(rootExecutionId => $.other, state => 'SUCCESS')) %>
"""
    ex, tasks = run(engine_api, text, reader, {"other": other["id"]})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    got = published(tasks, "r1")
    firsts = by_id(tasks_of(engine_api, other["id"]))
    expected = {
        "f1": ["f1", "SUCCESS", 1, {"v": 1}, "ACTION"],
        "f2": ["f2", "SUCCESS", {}, {}, "WORKFLOW"],
    }
    assert got["t_other"] == [expected[t["name"]] for t in firsts]
    assert got["t_rec"] == [[t["name"], expected[t["name"]][4]] for t in firsts] + [
        ["l1", "ACTION"]
    ]
    assert got["t_none"] == []
    (raw,) = got["ex_raw"]
    assert list(raw) == EXECUTION_KEYS
    assert {k: v for k, v in raw.items() if k not in SEPARATELY_CHECKED} == {
        "input": {"n": 1},
        "output": {"out": 1},
        "params": {"namespace": "", "env": {}},
        "context": {"__execution": {"id": other["id"]}},
        "id": other["id"],
        "name": first,
        "description": "",
        "workflow_name": first,
        "workflow_namespace": "",
        "workflow_id": other["workflow_id"],
        "state": "SUCCESS",
        "state_info": None,
        "tags": [],
        "scope": "private",
        "project_id": "<default-project>",
        "created_at": other["created_at"].replace(" ", "T") + ".000000",
        "updated_at": other["updated_at"].replace(" ", "T") + ".000000",
        "task_execution_id": None,
        "root_execution_id": None,
    }
    assert raw["spec"]["tasks"]["f2"]["workflow"] == leaf
    assert got["ex_sub"] == [leaf]
    assert (got["ex_none"], got["ex_old"], got["ex_new"], got["ex_root"]) == ([], [], 1, 1)


def test_finished_execution_row_matches_mistral(engine_api):
    first, reader = unique("first"), unique("reader")
    text = f"""
version: '2.0'
{first}:
  tasks:
    f1:
      action: std.noop
"""
    other, _ = run(engine_api, text, first)
    text = f"""
version: '2.0'
{reader}:
  input:
    - other
  tasks:
    r1:
      action: std.noop
      publish:
        ex: "{{{{ executions(id=_.other) }}}}"
"""
    _, tasks = run(engine_api, text, reader, {"other": other["id"]})
    (raw,) = published(tasks, "r1")["ex"]
    assert {k: raw[k] for k in SEPARATELY_CHECKED} == {
        "spec": {
            "tasks": {
                "f1": {"action": "std.noop", "type": "direct", "name": "f1", "version": "2.0"}
            },
            "name": first,
            "version": "2.0",
        },
        "accepted": True,
        "runtime_context": {"index": 0},
    }
