"""/v2/cron_triggers on both deployment shapes: create with Mistral's checks and messages,
show, list, delete, and triggers that fire, move on and go away after their last run."""

import datetime
import json
import time

import sqlalchemy as sa

from mistral_db import models
from tests.functional.conftest import Api
from tests.functional.test_engine_workflows import unique, wait_for

NEVER = "0 0 30 2 0"


def _fault(message):
    return {"faultcode": "Client", "faultstring": message, "debuginfo": None}


def _workflow(api):
    name = unique("cron_wf")
    text = f"""
version: '2.0'
{name}:
  input: [x]
  output:
    got: <% $.x %>
  tasks:
    t:
      action: std.echo output=<% $.x %>
"""
    assert api.post_text("/v2/workflows", text).status_code == 201
    return name


def test_create_show_list_and_delete(deployment):
    api = Api(deployment.url)
    wf_name = _workflow(api)
    name = unique("ct")
    body = {
        "name": name,
        "workflow_name": wf_name,
        "workflow_input": {"x": 1},
        "pattern": "*/5 * * * *",
        "remaining_executions": 2,
    }
    resp = api.post("/v2/cron_triggers", json=body)
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert sorted(created) == [
        "created_at",
        "first_execution_time",
        "id",
        "name",
        "next_execution_time",
        "pattern",
        "project_id",
        "remaining_executions",
        "scope",
        "workflow_id",
        "workflow_input",
        "workflow_name",
        "workflow_params",
    ]
    assert {k: created[k] for k in ("name", "workflow_name", "pattern", "scope")} == {
        "name": name,
        "workflow_name": wf_name,
        "pattern": "*/5 * * * *",
        "scope": "private",
    }
    assert (created["workflow_input"], created["workflow_params"]) == ('{"x": 1}', "{}")
    assert (created["remaining_executions"], created["first_execution_time"]) == (2, None)
    assert created["next_execution_time"][-5:-3] in {f"{m:02d}" for m in range(0, 60, 5)}

    shown = api.get(f"/v2/cron_triggers/{name}").json()
    assert shown == {**created, "updated_at": None}
    assert api.get(f"/v2/cron_triggers/{created['id']}").json() == shown
    listed = api.get(f"/v2/cron_triggers?name={name}&fields=name,remaining_executions").json()
    assert listed == {
        "cron_triggers": [{"id": created["id"], "name": name, "remaining_executions": 2}]
    }

    resp = api.post("/v2/cron_triggers", json=body)
    assert resp.status_code == 409
    assert resp.json()["faultstring"].startswith(
        f"Duplicate entry for cron trigger ['name', 'project_id']: {name}, "
    )
    assert api.delete(f"/v2/cron_triggers/{name}").status_code == 204
    resp = api.get(f"/v2/cron_triggers/{name}")
    assert (resp.status_code, resp.json()) == (
        404,
        _fault(f"Cron trigger not found [identifier={name}]"),
    )
    assert api.delete(f"/v2/cron_triggers/{name}").status_code == 404


def test_a_first_time_alone_means_one_run(deployment):
    api = Api(deployment.url)
    wf_name = _workflow(api)
    body = {
        "name": unique("ct"),
        "workflow_name": wf_name,
        "workflow_input": {"x": 1},
        "first_execution_time": "2030-01-01 00:00",
    }
    created = api.post("/v2/cron_triggers", json=body).json()
    assert (created["pattern"], created["remaining_executions"]) == (NEVER, 1)
    assert created["first_execution_time"] == created["next_execution_time"]
    assert created["next_execution_time"] == "2030-01-01 00:00:00"


def test_bad_triggers_are_refused_with_mistrals_messages(deployment):
    api = Api(deployment.url)
    wf_name = _workflow(api)
    base = {"name": unique("ct"), "workflow_name": wf_name, "workflow_input": {"x": 1}}
    cases = [
        ({}, 400, "Pattern or first_execution_time must be specified."),
        ({"pattern": "bad pattern"}, 400, "The specified pattern is not valid: bad pattern"),
        (
            {"pattern": "* * * * *", "workflow_input": {}},
            400,
            f"Invalid input [name={wf_name}, class=DirectWorkflowSpec, missing=['x']]",
        ),
        (
            {"pattern": "* * * * *", "workflow_name": "no_such_wf"},
            404,
            "Workflow not found [workflow_identifier=no_such_wf, namespace=]",
        ),
        (
            {"first_execution_time": "2020-01-01 00:00"},
            400,
            "first_execution_time must be at least 1 minute in the future.",
        ),
        (
            {"first_execution_time": "2030-01-01 00:00", "remaining_executions": 3},
            400,
            "Pattern must be provided if count is superior to 1.",
        ),
        (
            {"first_execution_time": "2030-01-01T00:00"},
            400,
            "time data '2030-01-01T00:00' does not match format '%Y-%m-%d %H:%M'",
        ),
        (
            {"pattern": "* * * * *", "remaining_executions": 0},
            400,
            "Invalid input for field/attribute remaining_executions. Value: '0'. "
            "Value should be greater or equal to 1",
        ),
    ]
    for extra, status, message in cases:
        resp = api.post("/v2/cron_triggers", json={**base, **extra})
        assert (resp.status_code, resp.json()) == (status, _fault(message)), extra
    assert api.get(f"/v2/cron_triggers?name={base['name']}").json() == {"cron_triggers": []}


def _make_due(db_url, trigger_id):
    """Move the trigger's next run into the past, as the engine's own type writes it."""
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            sa.update(models.CronTrigger)
            .where(models.CronTrigger.id == trigger_id)
            .values(next_execution_time=datetime.datetime(2001, 1, 1))
        )
    engine.dispose()


def _executions_of(api, trigger_id, count, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = [
            ex
            for ex in api.get("/v2/executions?limit=1000").json()["executions"]
            if trigger_id in (ex["description"] or "")
        ]
        if len(mine) >= count:
            return mine
        time.sleep(0.1)
    raise AssertionError(f"trigger {trigger_id} started fewer than {count} executions")


def test_a_due_trigger_fires_moves_on_and_goes_after_its_last_run(deployment):
    api = Api(deployment.url)
    db_url = deployment.processes[0].db_url
    wf_name = _workflow(api)
    trigger = api.post(
        "/v2/cron_triggers",
        json={
            "name": unique("ct"),
            "workflow_name": wf_name,
            "workflow_input": {"x": 7},
            "pattern": "* * * * *",
            "remaining_executions": 2,
        },
    ).json()
    _make_due(db_url, trigger["id"])
    (first,) = _executions_of(api, trigger["id"], 1)
    assert json.loads(first["description"]) == {
        "description": f"Workflow execution created by cron trigger '({trigger['id']})'.",
        "triggered_by": {"type": "cron_trigger", "id": trigger["id"]},
    }
    assert first["workflow_name"] == wf_name
    assert json.loads(wait_for(api, first["id"])["output"]) == {"got": 7}
    moved = api.get(f"/v2/cron_triggers/{trigger['id']}").json()
    assert moved["remaining_executions"] == 1
    assert moved["next_execution_time"] > "2001-01-01 00:00:00"
    assert moved["next_execution_time"].endswith(":00")

    _make_due(db_url, trigger["id"])
    assert len(_executions_of(api, trigger["id"], 2)) == 2
    deadline = time.monotonic() + 10
    while api.get(f"/v2/cron_triggers/{trigger['id']}").status_code != 404:
        assert time.monotonic() < deadline, "the trigger outlived its last run"
        time.sleep(0.1)
    time.sleep(1.5)  # one more look of the cron thread starts nothing
    assert len(_executions_of(api, trigger["id"], 2)) == 2
