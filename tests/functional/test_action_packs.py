"""Actions that come from outside the workflow text run for real: an action pack installed
as a `mistral.actions` entry point (registered by `mistral-db-manage populate`) and a
dynamic action from a code source, both executed by the executor of a `--server all`
process."""

import json
import os
import textwrap
import time
import uuid

import pytest
import requests

from tests import backends
from tests.server import ServerProcess

PACK = '''
from mistral_lib import actions


class Greet(actions.Action):
    """Greets someone by name."""

    def __init__(self, who, punctuation="!"):
        self.who = who
        self.punctuation = punctuation

    def run(self, context):
        return "Hello, %s%s" % (self.who, self.punctuation)
'''

CODE_SOURCE = """
from mistral_lib import actions


class Double(actions.Action):
    def __init__(self, n):
        self.n = n

    def run(self, context):
        return self.n * 2
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp("packs"))
    site = os.path.join(work_dir, "site")
    os.makedirs(os.path.join(site, "demo_pack"))
    os.makedirs(os.path.join(site, "demo_pack-1.0.dist-info"))
    with open(os.path.join(site, "demo_pack", "__init__.py"), "w") as module:
        module.write(PACK)
    info = os.path.join(site, "demo_pack-1.0.dist-info")
    with open(os.path.join(info, "METADATA"), "w") as meta:
        meta.write("Metadata-Version: 2.1\nName: demo-pack\nVersion: 1.0\n")
    with open(os.path.join(info, "entry_points.txt"), "w") as entry_points:
        entry_points.write("[mistral.actions]\ndemo.greet = demo_pack:Greet\n")
    policy = os.path.join(work_dir, "policy.yaml")
    with open(policy, "w") as rules:
        rules.write('"code_sources:create": ""\n"dynamic_actions:create": ""\n')
    srv = ServerProcess(
        backends.create_database("sqlite", work_dir),
        work_dir,
        roles="all",
        env={"PYTHONPATH": site},
        extra_conf=f"[oslo_policy]\npolicy_file = {policy}\n",
    )
    srv.db_manage("upgrade", "head")
    populated = srv.db_manage("populate")
    srv.populate_output = populated.stdout
    srv.start()
    yield srv
    srv.stop()


def run(url, text, name):
    assert (
        requests.post(
            f"{url}/v2/workflows", data=text, headers={"Content-Type": "text/plain"}
        ).status_code
        == 201
    )
    ex = requests.post(f"{url}/v2/executions", json={"workflow_name": name}).json()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ex = requests.get(f"{url}/v2/executions/{ex['id']}").json()
        if ex["state"] != "RUNNING":
            return ex
        time.sleep(0.05)
    raise AssertionError(f"still running: {ex}")


def test_populate_registers_the_pack_action(server):
    assert server.populate_output == "Registered 15 system actions.\n"
    action = requests.get(f"{server.url}/v2/actions/demo.greet").json()
    assert (action["is_system"], action["input"]) == (True, 'who, punctuation="!"')
    assert action["description"] == "Greets someone by name."


def test_a_workflow_runs_the_pack_action(server):
    name = f"wf_{uuid.uuid4().hex[:8]}"
    ex = run(
        server.url,
        textwrap.dedent(f"""\
        version: '2.0'
        {name}:
          tasks:
            t:
              action: demo.greet who="Ann"
              publish: {{g: <% task().result %>}}
        """),
        name,
    )
    assert ex["state"] == "SUCCESS", ex["state_info"]
    assert json.loads(ex["output"]) == {"g": "Hello, Ann!"}


def test_a_workflow_runs_a_dynamic_action_from_a_code_source(server):
    source = f"cs_{uuid.uuid4().hex[:8]}"
    created = requests.post(
        f"{server.url}/v2/code_sources?name={source}",
        data=CODE_SOURCE,
        headers={"Content-Type": "text/plain"},
    )
    assert created.status_code == 201, created.text
    action = f"dyn_{uuid.uuid4().hex[:8]}"
    created = requests.post(
        f"{server.url}/v2/dynamic_actions",
        json={"name": action, "class_name": "Double", "code_source_name": source},
    )
    assert created.status_code == 201, created.text
    name = f"wf_{uuid.uuid4().hex[:8]}"
    ex = run(
        server.url,
        textwrap.dedent(f"""\
        version: '2.0'
        {name}:
          tasks:
            t:
              action: {action} n=21
              publish: {{d: <% task().result %>}}
        """),
        name,
    )
    assert ex["state"] == "SUCCESS", ex["state_info"]
    assert json.loads(ex["output"]) == {"d": 42}
