"""/v2/executions over HTTP: reads, validation before the engine, and (marked ``engine``)
real runs on a server with every role: start, read back, report, update, delete."""

import json
import re
import time
import uuid

import pytest

from tests import backends
from tests.functional.conftest import Api
from tests.server import ServerProcess

TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
PROJECT = "<default-project>"
ZERO = "00000000-0000-0000-0000-000000000000"


def fault(message: str) -> dict:
    return {"faultcode": "Client", "faultstring": message, "debuginfo": None}


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


# --- a server that runs workflows (api, engine and executor in one process) ---------------


@pytest.fixture(scope="session", params=backends.selected())
def engine_server(request, tmp_path_factory):
    backend = request.param
    work_dir = str(tmp_path_factory.mktemp(f"srv-all-{backend}"))
    url = backends.create_database(backend, work_dir)
    srv = ServerProcess(
        url, work_dir, roles="all", extra_conf="[api]\nallow_action_execution_deletion = true\n"
    )
    srv.backend = backend
    srv.db_manage("upgrade", "head")
    srv.start()
    yield srv
    srv.stop()
    backends.drop_database(url)


@pytest.fixture
def eapi(engine_server):
    return Api(engine_server.url)


def create_workflow(api, text: str) -> None:
    resp = api.post_text("/v2/workflows", text)
    assert resp.status_code == 201, resp.text


def echo_workflow(api) -> str:
    name = unique("wf_echo")
    create_workflow(
        api,
        f"""version: '2.0'
{name}:
  input:
    - a: 1
  vars:
    hidden: 3
  tasks:
    t1:
      action: std.echo output=<% $.a %>
      on-success:
        publish:
          global:
            g1: <% $.a %>
          branch:
            b1: 7
""",
    )
    return name


def wait_state(api, ex_id: str, states=("SUCCESS", "ERROR", "CANCELLED"), timeout=30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = api.get(f"/v2/executions/{ex_id}").json()
        if body["state"] in states or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def start(api, **body) -> dict:
    resp = api.post("/v2/executions", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


# --- reads and validation that need no engine ----------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/v2/executions/{ZERO}",
        f"/v2/executions/{ZERO}/tasks",
        f"/v2/executions/{ZERO}/executions",
        f"/v2/executions/{ZERO}/report",
        f"/v2/executions?marker={ZERO}",
    ],
)
def test_missing_execution_is_404(api, path):
    resp = api.get(path)
    assert resp.status_code == 404
    assert resp.json() == fault(f"WorkflowExecution not found [id={ZERO}]")


def test_put_and_delete_of_missing_execution_are_404(api):
    resp = api.put(f"/v2/executions/{ZERO}", json={"state": "PAUSED"})
    assert (resp.status_code, resp.json()) == (
        404,
        fault(f"WorkflowExecution not found [id={ZERO}]"),
    )
    resp = api.delete(f"/v2/executions/{ZERO}")
    assert (resp.status_code, resp.json()) == (
        404,
        fault(f"WorkflowExecution not found [id={ZERO}]"),
    )


def test_list_filters_on_empty_results(api):
    for query in (
        "workflow_name=nope",
        "state=in:RUNNING,PAUSED",
        f"root_execution_id={ZERO}",
        f"task_execution_id={ZERO}",
        "include_output=true",
        "nulls=task_execution_id&workflow_name=nope",
        'input={"a": 1}&workflow_name=nope',
        "created_at=gte:2999-01-01 00:00:00",
    ):
        resp = api.get(f"/v2/executions?{query}")
        assert (resp.status_code, resp.json()) == (200, {"executions": []}), query


def test_list_rejects_non_uuid_ids_bad_nulls_and_fields(api):
    resp = api.get("/v2/executions?workflow_id=abc")
    assert resp.status_code == 400
    assert resp.json()["faultstring"] == (
        "Invalid input for field/attribute workflow_id. Value: 'abc'. unable to convert to "
        "uuid. Error: Expected a uuid but received abc."
    )
    resp = api.get("/v2/executions?nulls=id")
    assert (resp.status_code, resp.json()) == (400, fault("The field 'id' can't hold None value."))
    resp = api.get("/v2/executions?nulls=bogus")
    assert (resp.status_code, resp.json()) == (400, fault("'bogus' is not a valid field name."))
    resp = api.get("/v2/executions?fields=bogus")
    assert resp.status_code == 400
    assert resp.json()["faultstring"].startswith("Some fields do not exist  [bogus]")


def test_all_projects_and_project_id_need_admin(api):
    assert api.get("/v2/executions?all_projects=true").status_code == 403
    assert api.get(f"/v2/executions?project_id={PROJECT}").status_code == 403
    resp = api.get("/v2/executions?all_projects=true", headers={"X-Roles": "admin"})
    assert (resp.status_code, resp.json()) == (200, {"executions": []})


def test_post_without_workflow_is_400(api):
    resp = api.post("/v2/executions", json={"description": "x"})
    assert resp.status_code == 400
    assert resp.json() == fault(
        "Workflow ID or workflow name must be provided. Workflow ID is recommended."
    )


def test_post_unknown_workflow_is_404(eapi):
    # The engine finds the workflow: the API reads nothing before it calls the engine.
    resp = eapi.post("/v2/executions", json={"workflow_name": "nope", "workflow_namespace": "ns"})
    assert resp.status_code == 404
    assert resp.json() == fault("Workflow not found [workflow_identifier=nope, namespace=ns]")


def test_post_with_unknown_source_execution_is_404(api):
    resp = api.post("/v2/executions", json={"source_execution_id": ZERO, "description": ""})
    assert (resp.status_code, resp.json()) == (
        404,
        fault(f"WorkflowExecution not found [id={ZERO}]"),
    )


def test_post_env_must_be_a_known_environment_or_a_dict(eapi):
    # On the workflow-running server: a workflow created on the shared one would show in
    # the peer comparison's lists. No engine call is made.
    name = echo_workflow(eapi)
    resp = eapi.post("/v2/executions", json={"workflow_name": name, "params": {"env": "nope"}})
    assert (resp.status_code, resp.json()) == (400, fault("Environment is not found: nope"))
    resp = eapi.post("/v2/executions", json={"workflow_name": name, "params": {"env": [1]}})
    assert resp.status_code == 400
    assert resp.json() == fault(
        "Unexpected value type for environment [env=[1], type=<class 'list'>]"
    )


def test_post_params_must_be_a_json_object(api):
    resp = api.post("/v2/executions", json={"workflow_name": "x", "params": "[1]"})
    assert resp.status_code == 400
    assert "JsonType field value must be a dictionary [actual=[1]]" in resp.json()["faultstring"]


# --- real runs ------------------------------------------------------------------------


@pytest.mark.engine
def test_start_and_read_back(eapi):
    name = echo_workflow(eapi)
    body = start(eapi, workflow_name=name, input={"a": 2}, description="d1")
    ex_id = body["id"]
    assert TS.match(body["created_at"])
    done = wait_state(eapi, ex_id)
    assert done["state"] == "SUCCESS"
    assert done["workflow_name"] == name
    assert done["description"] == "d1"
    assert done["project_id"] == PROJECT
    assert json.loads(done["input"]) == {"a": 2}
    assert json.loads(done["published_global"]) == {"g1": 2}
    assert json.loads(done["params"])["env"] == {}
    assert isinstance(done["output"], str)

    listed = eapi.get(f"/v2/executions?workflow_name={name}").json()["executions"]
    assert [e["id"] for e in listed] == [ex_id]
    assert "output" not in listed[0] and "published_global" not in listed[0]
    listed = eapi.get(f"/v2/executions?workflow_name={name}&include_output=true").json()
    assert listed["executions"][0]["output"] == done["output"]
    only = eapi.get(f"/v2/executions/{ex_id}?fields=state").json()
    assert only == {"id": ex_id, "state": "SUCCESS"}
    listed = eapi.get(f"/v2/executions?workflow_name={name}&fields=state,workflow_name").json()
    assert listed == {"executions": [{"id": ex_id, "state": "SUCCESS", "workflow_name": name}]}


@pytest.mark.engine
def test_client_supplied_id_is_idempotent(eapi):
    name = echo_workflow(eapi)
    ex_id = str(uuid.uuid4())
    first = start(eapi, id=ex_id, workflow_name=name)
    assert first["id"] == ex_id
    wait_state(eapi, ex_id)
    again = start(eapi, id=ex_id, workflow_name=name, input={"a": 9})
    assert again["id"] == ex_id
    assert json.loads(again["input"]) == {"a": 1}
    assert len(eapi.get(f"/v2/executions?workflow_name={name}").json()["executions"]) == 1


@pytest.mark.engine
def test_source_execution_copies_workflow_input_and_params(eapi):
    name = echo_workflow(eapi)
    env_name = unique("env")
    assert eapi.post("/v2/environments", json={"name": env_name, "variables": {"k": 1}}).ok
    src = start(eapi, workflow_name=name, input={"a": 4}, params={"env": env_name})
    wait_state(eapi, src["id"])
    assert json.loads(src["params"])["env"] == {"k": 1}

    copy = start(eapi, source_execution_id=src["id"], description="again")
    assert copy["workflow_name"] == name
    assert json.loads(copy["input"]) == {"a": 4}
    assert json.loads(copy["params"])["env"] == {"k": 1}
    assert copy["description"] == f"again Based on the execution '{src['id']}'"

    bare = start(eapi, source_execution_id=src["id"], input={"a": 5}, description="")
    assert bare["description"] == f"Based on the execution '{src['id']}'"
    assert json.loads(bare["input"]) == {"a": 5}
    kept = start(eapi, source_execution_id=copy["id"])
    assert kept["description"] == copy["description"]


@pytest.mark.engine
def test_tasks_subexecutions_and_report_of_a_nested_run(eapi):
    sub = unique("wf_sub")
    main = unique("wf_main")
    create_workflow(
        eapi,
        f"""version: '2.0'
{sub}:
  input:
    - v
  tasks:
    s1:
      action: std.echo output=<% $.v %>
  output:
    doubled: <% $.v * 2 %>
{main}:
  tasks:
    t1:
      action: std.noop
      on-success: t2
    t2:
      workflow: {sub}
      input:
        v: 3
""",
    )
    ex_id = start(eapi, workflow_name=main)["id"]
    assert wait_state(eapi, ex_id)["state"] == "SUCCESS"

    tasks = eapi.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]
    assert [(t["name"], t["type"], t["state"]) for t in tasks] == [
        ("t1", "ACTION", "SUCCESS"),
        ("t2", "WORKFLOW", "SUCCESS"),
    ]
    assert all("result" not in t for t in tasks)
    t2 = eapi.get(f"/v2/tasks/{tasks[1]['id']}").json()
    assert json.loads(t2["result"]) == {"doubled": 6}

    subs = eapi.get(f"/v2/executions/{ex_id}/executions").json()["executions"]
    assert [e["workflow_name"] for e in subs] == [main, sub]
    assert subs[1]["task_execution_id"] == tasks[1]["id"]
    assert subs[1]["root_execution_id"] == ex_id
    assert "output" not in subs[1]
    with_output = eapi.get(f"/v2/executions/{ex_id}/executions?include_output=true").json()
    assert json.loads(with_output["executions"][1]["output"]) == {"doubled": 6}
    assert len(eapi.get(f"/v2/executions/{ex_id}/executions?max_depth=0").json()["executions"]) == 1
    only_errors = eapi.get(f"/v2/executions/{ex_id}/executions?errors_only=true").json()
    assert [e["id"] for e in only_errors["executions"]] == [ex_id]
    from_task = eapi.get(f"/v2/tasks/{tasks[1]['id']}/executions").json()["executions"]
    assert [e["id"] for e in from_task] == [subs[1]["id"]]

    report = eapi.get(f"/v2/executions/{ex_id}/report").json()
    assert report["statistics"] == {
        "total_tasks_count": 3,
        "running_tasks_count": 0,
        "success_tasks_count": 3,
        "error_tasks_count": 0,
        "idle_tasks_count": 0,
        "paused_tasks_count": 0,
        "estimated_time": 0,
    }
    root = report["root_workflow_execution"]
    assert (root["id"], root["name"], root["state"]) == (ex_id, main, "SUCCESS")
    t1_entry, t2_entry = root["task_executions"]
    assert [a["name"] for a in t1_entry["action_executions"]] == ["std.noop"]
    assert t1_entry["workflow_executions"] == []
    assert t2_entry["action_executions"] == []
    sub_entry = t2_entry["workflow_executions"][0]
    assert sub_entry["name"] == sub
    assert [t["name"] for t in sub_entry["task_executions"]] == ["s1"]
    shallow = eapi.get(f"/v2/executions/{ex_id}/report?max_depth=0").json()
    sub_shallow = shallow["root_workflow_execution"]["task_executions"][1]["workflow_executions"]
    assert "task_executions" not in sub_shallow[0]
    assert shallow["statistics"]["total_tasks_count"] == 2
    stats_only = eapi.get(f"/v2/executions/{ex_id}/report?statistics_only=true").json()
    assert stats_only == {"statistics": report["statistics"]}

    # Deleting the root removes the whole tree.
    assert eapi.delete(f"/v2/executions/{ex_id}").status_code == 204
    assert eapi.get(f"/v2/executions/{subs[1]['id']}").status_code == 404
    assert eapi.get(f"/v2/tasks/{tasks[0]['id']}").status_code == 404
    assert eapi.get(f"/v2/tasks/{tasks[0]['id']}/action_executions").json() == {
        "action_executions": []
    }


def sleep_workflow(api) -> str:
    name = unique("wf_sleep")
    create_workflow(
        api,
        f"""version: '2.0'
{name}:
  tasks:
    t1:
      action: std.sleep seconds=20
""",
    )
    return name


@pytest.mark.engine
def test_update_rules_pause_resume_cancel_and_delete(eapi):
    name = sleep_workflow(eapi)
    ex_id = start(eapi, workflow_name=name)["id"]
    url = f"/v2/executions/{ex_id}"

    resp = eapi.delete(url)
    assert (resp.status_code, resp.json()) == (
        403,
        fault(
            "Only completed executions can be deleted. Use --force to override this. "
            f"Execution {ex_id} is in RUNNING state"
        ),
    )
    cases = [
        ({}, 400, "The property state, description, or env is not provided for update."),
        (
            {"description": "x", "state": "PAUSED"},
            400,
            "The property description must be updated separately from state.",
        ),
        (
            {"params": {"env": {"x": 1}}, "state": "PAUSED"},
            400,
            "The property env can only be updated when workflow execution is not running "
            "or on resume from pause.",
        ),
        (
            {"params": {"env": {"x": 1}}},
            403,
            "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, "
            "or ERROR state.",
        ),
        (
            {"state": "IDLE"},
            400,
            "Cannot change state to IDLE. Allowed states are: "
            "'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED",
        ),
    ]
    for body, status, message in cases:
        resp = eapi.put(url, json=body)
        assert (resp.status_code, resp.json()) == (status, fault(message)), body

    resp = eapi.put(url, json={"description": "renamed"})
    assert (resp.status_code, resp.json()["description"]) == (200, "renamed")

    resp = eapi.put(url, json={"state": "PAUSED"})
    assert (resp.status_code, resp.json()["state"]) == (200, "PAUSED")
    resp = eapi.put(url, json={"params": {"env": {"x": 1}}})
    assert resp.status_code == 200
    assert json.loads(resp.json()["params"])["env"] == {"x": 1}
    resp = eapi.put(url, json={"state": "RUNNING", "params": {"env": {"y": 2}}})
    assert (resp.status_code, resp.json()["state"]) == (200, "RUNNING")
    assert json.loads(resp.json()["params"])["env"] == {"x": 1, "y": 2}

    resp = eapi.put(url, json={"state": "CANCELLED", "state_info": "bye"})
    assert resp.status_code == 200
    body = resp.json()
    assert (body["state"], body["state_info"]) == ("CANCELLED", "bye")

    # A cancelled execution: resume changes nothing, pause is refused.
    resp = eapi.put(url, json={"state": "RUNNING"})
    assert (resp.status_code, resp.json()["state"]) == (200, "CANCELLED")
    resp = eapi.put(url, json={"state": "PAUSED"})
    assert (resp.status_code, resp.json()) == (
        400,
        fault(
            f"Can't change workflow execution state from CANCELLED to PAUSED. "
            f"[workflow={name}, execution_id={ex_id}]"
        ),
    )
    assert eapi.delete(url).status_code == 204
    assert eapi.get(url).status_code == 404


@pytest.mark.engine
def test_force_delete_of_a_running_execution(eapi):
    ex_id = start(eapi, workflow_name=sleep_workflow(eapi))["id"]
    assert eapi.delete(f"/v2/executions/{ex_id}?force=true").status_code == 204
    assert eapi.get(f"/v2/executions/{ex_id}").status_code == 404
    assert eapi.get(f"/v2/tasks?workflow_execution_id={ex_id}").json() == {"tasks": []}
