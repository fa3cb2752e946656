"""oslo.policy rules: Mistral's defaults in code, overridden by an operator's policy file."""

import os
import uuid

import pytest
import requests

from tests import backends
from tests.server import ServerProcess

WF = "version: '2.0'\n{name}:\n  tasks:\n    t:\n      action: std.noop\n"
TEXT = {"Content-Type": "text/plain"}


@pytest.fixture(scope="module")
def overridden(tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp("policy"))
    policy_path = os.path.join(work_dir, "policy.yaml")
    with open(policy_path, "w") as policy:
        policy.write('"workflows:delete": "!"\n"workflows:publicize": ""\n')
    srv = ServerProcess(
        backends.create_database("sqlite", work_dir),
        work_dir,
        extra_conf=f"[oslo_policy]\npolicy_file = {policy_path}\n",
    )
    srv.db_manage("upgrade", "head")
    srv.start()
    yield srv
    srv.stop()


def test_policy_file_denies_and_allows_what_it_says(overridden):
    name = f"wf_{uuid.uuid4().hex[:8]}"
    created = requests.post(
        f"{overridden.url}/v2/workflows?scope=public", data=WF.format(name=name), headers=TEXT
    )
    assert created.status_code == 201
    assert created.json()["workflows"][0]["scope"] == "public"
    denied = requests.delete(f"{overridden.url}/v2/workflows/{name}")
    assert denied.status_code == 403
    assert denied.json()["faultstring"] == "Operation forbidden (insufficient permissions)"
    assert requests.get(f"{overridden.url}/v2/workflows/{name}").status_code == 200


def test_default_rules_keep_publicize_admin_only(api):
    name = f"wf_{uuid.uuid4().hex[:8]}"
    text = WF.format(name=name)
    assert api.post_text("/v2/workflows?scope=public", text).status_code == 403
    admin = api.post(
        "/v2/workflows?scope=public",
        data=text.encode(),
        headers={"Content-Type": "text/plain", "X-Roles": "admin"},
    )
    assert admin.status_code == 201
    assert admin.json()["workflows"][0]["scope"] == "public"
    assert api.delete(f"/v2/workflows/{name}").status_code == 204
