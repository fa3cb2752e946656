"""The real mistral-extra package, when installed: ``mistral-db-manage populate`` registers
its generated OpenStack actions (``mistral.generators``) and its preinstalled public
workflows (``mistral.preinstalled_workflows``), and a workflow runs one of its actions.

Skipped where mistral-extra is not installed (it is not a test dependency)."""

import re
import textwrap
import time
import uuid

import pytest
import requests

from tests import backends
from tests.server import ServerProcess

pytest.importorskip("mistral_extra")

SERVERS_LIST_INPUT = (
    "detailed=true, search_opts=null, marker=null, limit=null, sort_keys=null, "
    'action_region="", sort_dirs=null'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp("extra"))
    srv = ServerProcess(backends.create_database("sqlite", work_dir), work_dir, roles="all")
    srv.db_manage("upgrade", "head")
    srv.populate_output = srv.db_manage("populate").stdout
    srv.start()
    yield srv
    srv.stop()


def test_populate_registers_the_generated_openstack_actions(server):
    # 14 std actions and the 1200 that mistral-extra 17.0.0's generators make.
    assert server.populate_output == "Registered 1214 system actions.\n"
    action = requests.get(f"{server.url}/v2/actions/nova.servers_list").json()
    assert (action["name"], action["is_system"], action["scope"], action["namespace"]) == (
        "nova.servers_list",
        True,
        "public",
        "",
    )
    assert action["input"] == SERVERS_LIST_INPUT
    assert action["description"].startswith("Get a list of servers.\n\n:param detailed:")
    glance = requests.get(f"{server.url}/v2/actions/glance.images_list").json()
    assert glance["input"] == 'action_region="", **kwargs'


def test_populate_registers_the_preinstalled_workflows(server):
    listed = requests.get(
        f"{server.url}/v2/workflows",
        params={"fields": "name,scope,namespace,project_id,input", "sort_keys": "name"},
    ).json()["workflows"]
    system = [wf for wf in listed if wf["name"] in ("create_instance", "delete_instance")]
    assert [
        (wf["name"], wf["scope"], wf["namespace"], wf["project_id"], wf["input"]) for wf in system
    ] == [
        (
            "create_instance",
            "public",
            "",
            "<default-project>",
            "name, image, flavor, keypair, network",
        ),
        ("delete_instance", "public", "", "<default-project>", "instance_id"),
    ]


def test_a_system_workflow_cannot_be_deleted_by_its_name(server):
    wf_id = requests.get(f"{server.url}/v2/workflows/delete_instance").json()["id"]
    response = requests.delete(f"{server.url}/v2/workflows/delete_instance")
    assert (response.status_code, response.json()["faultstring"]) == (
        400,
        f"Can not modify a system WorkflowDefinition resource, ID: {wf_id}",
    )


def test_an_openstack_action_without_keystone_fails_in_a_workflow(server):
    name = f"wf_{uuid.uuid4().hex[:8]}"
    text = textwrap.dedent(f"""\
        version: '2.0'
        {name}:
          tasks:
            t:
              action: nova.servers_list
        """)
    created = requests.post(
        f"{server.url}/v2/workflows", data=text, headers={"Content-Type": "text/plain"}
    )
    assert created.status_code == 201, created.text
    ex = requests.post(f"{server.url}/v2/executions", json={"workflow_name": name}).json()
    deadline = time.monotonic() + 30
    while ex["state"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
        ex = requests.get(f"{server.url}/v2/executions/{ex['id']}").json()
    assert ex["state"] == "ERROR"
    (task,) = requests.get(f"{server.url}/v2/executions/{ex['id']}/tasks").json()["tasks"]
    (action_ex,) = requests.get(f"{server.url}/v2/tasks/{task['id']}/action_executions").json()[
        "action_executions"
    ]
    assert (action_ex["name"], action_ex["state"], task["state"]) == (
        "nova.servers_list",
        "ERROR",
        "ERROR",
    )
    # mistral-extra wraps whatever stops the call (here: no keystone context or catalogue)
    # as "<class>.<client method> failed: <cause>"; the cause is not part of the contract.
    assert re.fullmatch(
        r"The action raised an exception \[action=<mistral_extra\.actions\.openstack\.actions"
        r"\.NovaAction object at 0x[0-9a-f]+>, action_ex_id="
        + action_ex["id"]
        + r", msg='NovaAction\.servers\.list failed: [^']*'\]",
        task["state_info"],
    ), task["state_info"]


def test_unexpected_input_of_a_generated_action_is_refused(server):
    response = requests.post(
        f"{server.url}/v2/action_executions",
        json={"name": "nova.servers_list", "input": {"flavor": 1}},
    )
    assert (response.status_code, response.json()["faultstring"]) == (
        400,
        "Invalid input [name=nova.servers_list, "
        "class=mistral_extra.actions.openstack.actions.NovaAction, unexpected=['flavor']]",
    )
