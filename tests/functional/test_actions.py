"""/v2/actions over real HTTP against a real server on each database backend."""

import uuid

import pytest

from mistral_engine.actions import catalogue

TWO = """---
version: '2.0'

{a}:
  description: My action one
  tags: [{tag}, t2]
  base: std.echo
  base-input:
    output: "<% $.a %> <% $.b %>"
  input:
    - a
    - b: "x"
    - c: null
    - d: 1
  output: <% $ %>

{b}:
  base: std.noop
"""

ONE = """---
version: '2.0'
{name}:
  description: {description}
  base: std.noop
"""

SYSTEM_INPUTS = {
    "std.noop": "",
    "std.echo": "output, delay=0",
    "std.fail": "error_data=null",
    "std.sleep": "seconds=1",
    "std.test_dict": 'size=0, key_prefix="", val=""',
    "std.javascript": "script, context=null",
    "std.ssh": 'cmd, host, username, password="", private_key_filename=null, '
    "private_key=null, return_result_on_error=false",
    "std.http": 'url, method="GET", params=null, body=null, json=null, headers=null, '
    "cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null",
    "std.wait_ssh": "host, username, password",
}


def unique(prefix="act"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def created(api):
    a, b, tag = unique(), unique(), unique("tag")
    text = TWO.format(a=a, b=b, tag=tag)
    resp = api.post_text("/v2/actions", text)
    assert resp.status_code == 201, resp.text
    yield resp.json()["actions"], a, b, tag, text
    api.delete(f"/v2/actions/{a}")
    api.delete(f"/v2/actions/{b}")


def test_system_actions_are_listed(api):
    resp = api.get("/v2/actions", params={"is_system": "true"})
    assert resp.status_code == 200
    actions = {a["name"]: a for a in resp.json()["actions"]}
    assert sorted(actions) == sorted(a.name for a in catalogue.ACTIONS)
    assert list(actions) == sorted(actions)  # sorted by name by default
    for name, signature in SYSTEM_INPUTS.items():
        assert actions[name]["input"] == signature, name
    echo = actions["std.echo"]
    assert echo["is_system"] is True
    assert echo["scope"] == "public"
    assert echo["namespace"] == ""
    assert echo["description"].startswith("Echo action.\n\nThis action just returns")
    assert echo["definition"] == ""
    assert echo["tags"] == []
    assert actions["std.wait_ssh"]["definition"].startswith("---\nversion: '2.0'\n\nstd.wait_ssh:")


def test_get_system_action_by_name_and_uuid(api):
    by_name = api.get("/v2/actions/std.echo")
    assert by_name.status_code == 200
    by_id = api.get(f"/v2/actions/{by_name.json()['id']}")
    assert by_id.status_code == 200
    assert by_id.json() == by_name.json()
    # System actions are found from any namespace.
    in_ns = api.get("/v2/actions/std.echo", params={"namespace": unique("ns")})
    assert in_ns.json() == by_name.json()


def test_get_missing_is_404(api):
    resp = api.get("/v2/actions/nope", params={"namespace": "x"})
    assert resp.status_code == 404
    assert resp.json() == {
        "faultcode": "Client",
        "faultstring": "Action not found [name=nope, namespace=x]",
        "debuginfo": None,
    }


def test_create_several_actions(api, created):
    actions, a, b, tag, text = created
    first, second = actions
    assert first["name"] == a
    assert first["is_system"] is False
    assert first["input"] == 'a, b="x", c=null, d=1'
    assert first["description"] == "My action one"
    assert first["tags"] == [tag, "t2"]
    assert first["definition"] == text
    assert first["scope"] == "private"
    assert first["project_id"] == "<default-project>"
    assert first["namespace"] == ""
    assert len(first["created_at"]) == 19
    assert "updated_at" not in first
    assert second["name"] == b
    assert second["input"] is None  # upload answers show a missing input as null
    assert second["description"] is None
    assert second["definition"] == text


def test_get_ad_hoc_by_name_and_uuid(api, created):
    actions, a, _, _, _ = created
    by_name = api.get(f"/v2/actions/{a}")
    assert by_name.status_code == 200
    body = by_name.json()
    assert body["id"] == actions[0]["id"]
    assert body["updated_at"] is None
    assert api.get(f"/v2/actions/{actions[0]['id']}").json() == body


def test_duplicate_create_is_409(api, created):
    _, a, _, _, text = created
    resp = api.post_text("/v2/actions", text)
    assert resp.status_code == 409
    assert resp.json() == {
        "faultstring": "Duplicate entry for Action ['name', 'namespace', 'project_id']: "
        f"{a}, , <default-project>"
    }


def test_create_with_a_system_name_is_400(api):
    resp = api.post_text("/v2/actions", ONE.format(name="std.echo", description="x"))
    assert resp.status_code == 400
    assert resp.json() == {"faultstring": "Attempt to modify a system action: std.echo"}


def test_list_filters(api, created):
    actions, a, b, tag, _ = created
    by_tag = api.get("/v2/actions", params={"tags": tag}).json()["actions"]
    assert [x["name"] for x in by_tag] == [a]
    by_name = api.get("/v2/actions", params={"name": f"in:{a},{b}", "is_system": "false"})
    assert sorted(x["name"] for x in by_name.json()["actions"]) == sorted([a, b])
    by_input = api.get("/v2/actions", params={"input": 'a, b="x", c=null, d=1'}).json()
    assert a in [x["name"] for x in by_input["actions"]]
    by_desc = api.get("/v2/actions", params={"description": "My action one", "name": a})
    assert [x["id"] for x in by_desc.json()["actions"]] == [actions[0]["id"]]
    other_ns = api.get("/v2/actions", params={"namespace": unique("ns")})
    assert other_ns.json() == {"actions": []}


def test_list_fields_and_limit(api, created):
    actions, a, _, tag, _ = created
    resp = api.get("/v2/actions", params={"tags": tag, "fields": "name,input"})
    assert resp.json() == {
        "actions": [{"id": actions[0]["id"], "name": a, "input": 'a, b="x", c=null, d=1'}]
    }
    page = api.get("/v2/actions", params={"limit": 2, "is_system": "true"}).json()
    assert [x["name"] for x in page["actions"]] == ["std.async_noop", "std.echo"]
    assert "limit=2" in page["next"]
    assert f"marker={page['actions'][1]['id']}" in page["next"]


def test_namespaces(api):
    name, namespace = unique(), unique("ns")
    resp = api.post_text(
        "/v2/actions", ONE.format(name=name, description="d"), params={"namespace": namespace}
    )
    assert resp.status_code == 201
    assert resp.json()["actions"][0]["namespace"] == namespace
    listed = api.get("/v2/actions", params={"namespace": namespace}).json()["actions"]
    assert [x["name"] for x in listed] == [name]
    assert api.get(f"/v2/actions/{name}").status_code == 404
    assert api.get(f"/v2/actions/{name}", params={"namespace": namespace}).ok
    assert api.delete(f"/v2/actions/{name}").status_code == 404
    deleted = api.delete(f"/v2/actions/{name}", params={"namespace": namespace})
    assert deleted.status_code == 204


def test_update_by_name(api, created):
    actions, a, _, _, _ = created
    text = ONE.format(name=a, description="changed")
    resp = api.put_text("/v2/actions", text)
    assert resp.status_code == 200, resp.text
    (body,) = resp.json()["actions"]
    assert body["id"] == actions[0]["id"]
    assert body["description"] == "changed"
    assert body["input"] is None
    assert body["definition"] == text
    assert len(body["updated_at"]) == 19


def test_update_by_identifier_renames(api, created):
    actions, _, b, _, _ = created
    new_name = unique()
    resp = api.put_text(
        f"/v2/actions/{actions[1]['id']}", ONE.format(name=new_name, description="r")
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["actions"][0]["name"] == new_name
    assert api.get(f"/v2/actions/{b}").status_code == 404
    assert api.delete(f"/v2/actions/{new_name}").status_code == 204


def test_update_errors(api, created):
    _, a, _, _, text = created
    several = api.put_text(f"/v2/actions/{a}", text)
    assert several.status_code == 400
    assert several.json() == {
        "faultstring": "More than one actions are not supported for update with identifier. "
        f"[identifier: {a}]"
    }
    system = api.put_text("/v2/actions", ONE.format(name="std.wait_ssh", description="x"))
    assert system.status_code == 400
    assert system.json() == {"faultstring": "Attempt to modify a system action: std.wait_ssh"}
    by_system_id = api.put_text("/v2/actions/std.echo", ONE.format(name=unique(), description="x"))
    assert by_system_id.status_code == 400
    assert by_system_id.json() == {"faultstring": "Attempt to modify a system action: std.echo"}
    missing_name = unique()
    missing = api.put_text("/v2/actions", ONE.format(name=missing_name, description="x"))
    assert missing.status_code == 404
    assert missing.json() == {
        "faultstring": f"Action definition not found [action_name={missing_name}, namespace=]"
    }


def test_delete(api, created):
    actions, a, _, _, _ = created
    resp = api.delete(f"/v2/actions/{actions[0]['id']}")
    assert resp.status_code == 204
    assert api.get(f"/v2/actions/{a}").status_code == 404
    missing = api.delete(f"/v2/actions/{a}")
    assert missing.status_code == 404
    assert missing.json()["faultstring"] == (
        f"Action definition not found [action_name={a}, namespace=]"
    )


def test_system_actions_cannot_be_deleted(api):
    resp = api.delete("/v2/actions/std.echo")
    assert resp.status_code == 400
    assert resp.json() == {
        "faultcode": "Client",
        "faultstring": "Attempt to delete a system action: std.echo",
        "debuginfo": None,
    }
    assert api.get("/v2/actions/std.echo").ok


def test_publicize_needs_admin(api):
    resp = api.post_text(
        "/v2/actions", ONE.format(name=unique(), description="x"), params={"scope": "public"}
    )
    assert resp.status_code == 403


def test_validate(api):
    good = api.post_text("/v2/actions/validate", ONE.format(name=unique(), description="x"))
    assert good.status_code == 200
    assert good.json() == {"valid": True}
    bad = api.post_text("/v2/actions/validate", "---\nversion: '2.0'\nwfs: 1\n")
    assert bad.status_code == 200
    assert bad.json()["valid"] is False
    assert bad.json()["error"].startswith("Invalid DSL: 1 is not of type 'object'")
