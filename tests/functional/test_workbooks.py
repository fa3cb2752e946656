"""/v2/workbooks over real HTTP against a real server on each database backend."""

import uuid

import pytest

WORKBOOK = """---
version: '2.0'
name: {name}
description: My workbook
tags: [{tag}]

actions:
  act_a:
    # a comment
    base: std.echo
    base-input:
      output: <% $.x %>
    input:
      - x
      - y: 2

workflows:
  wf_a:
    type: direct
    tags: [wftag]
    input:
      - p
      - q: "v"
    tasks:
      t1:
        action: {name}.act_a x=1

  wf_b:
    tasks:
      t1:
        action: std.noop
"""

WF_A_FRAGMENT = """wf_a:
  type: direct
  tags: [wftag]
  input:
    - p
    - q: "v"
  tasks:
    t1:
      action: {name}.act_a x=1
"""

ACT_A_FRAGMENT = """act_a:
  # a comment
  base: std.echo
  base-input:
    output: <% $.x %>
  input:
    - x
    - y: 2
"""

# The update drops wf_b and changes wf_a.
UPDATED = """---
version: '2.0'
name: {name}
tags: [{tag}, second]

workflows:
  wf_a:
    tasks:
      t2:
        action: std.noop
"""


def unique(prefix="wb"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def _cleanup(api, name, namespace=""):
    api.delete(f"/v2/workbooks/{name}", params={"namespace": namespace})
    for wf in ("wf_a", "wf_b"):
        api.delete(f"/v2/workflows/{name}.{wf}", params={"namespace": namespace})
    api.delete(f"/v2/actions/{name}.act_a", params={"namespace": namespace})


@pytest.fixture
def created(api):
    name, tag, namespace = unique(), unique("tag"), unique("ns")
    text = WORKBOOK.format(name=name, tag=tag)
    resp = api.post_text("/v2/workbooks", text, params={"namespace": namespace})
    assert resp.status_code == 201, resp.text
    yield resp.json(), name, tag, namespace, text
    _cleanup(api, name, namespace)


def test_create_returns_the_workbook(api, created):
    wb, name, tag, namespace, text = created
    assert set(wb) == {
        "id", "name", "namespace", "definition", "tags", "scope", "project_id", "created_at"
    }  # fmt: skip
    assert wb["name"] == name
    assert wb["namespace"] == namespace
    assert wb["definition"] == text
    assert wb["tags"] == [tag]
    assert wb["scope"] == "private"
    assert wb["project_id"] == "<default-project>"
    assert len(wb["created_at"]) == 19


def test_create_registers_workflows_with_their_fragments(api, created):
    _, name, _, namespace, _ = created
    resp = api.get("/v2/workflows", params={"name": f"in:{name}.wf_a,{name}.wf_b"})
    assert resp.status_code == 200
    wfs = {wf["name"]: wf for wf in resp.json()["workflows"]}
    assert set(wfs) == {f"{name}.wf_a", f"{name}.wf_b"}
    wf_a = wfs[f"{name}.wf_a"]
    assert wf_a["definition"] == WF_A_FRAGMENT.format(name=name)
    assert wf_a["namespace"] == namespace
    assert wf_a["input"] == 'p, q="v"'
    assert wf_a["tags"] == ["wftag"]
    assert wf_a["scope"] == "private"
    assert wfs[f"{name}.wf_b"]["definition"] == "wf_b:\n  tasks:\n    t1:\n      action: std.noop\n"


def test_create_registers_actions_with_their_fragments(api, created):
    _, name, _, namespace, _ = created
    resp = api.get(f"/v2/actions/{name}.act_a", params={"namespace": namespace})
    assert resp.status_code == 200, resp.text
    act = resp.json()
    assert act["name"] == f"{name}.act_a"
    assert act["namespace"] == namespace
    assert act["is_system"] is False
    assert act["input"] == "x, y=2"
    assert act["description"] is None
    assert act["definition"] == ACT_A_FRAGMENT
    assert act["tags"] == []
    assert act["scope"] == "private"


def test_get_by_name_needs_the_exact_namespace(api, created):
    wb, name, _, namespace, _ = created
    resp = api.get(f"/v2/workbooks/{name}", params={"namespace": namespace})
    assert resp.status_code == 200
    body = resp.json()
    assert body["id"] == wb["id"]
    assert body["updated_at"] is None
    missing = api.get(f"/v2/workbooks/{name}")
    assert missing.status_code == 404
    assert missing.json() == {
        "faultcode": "Client",
        "faultstring": f"Workbook not found [name={name}, namespace=]",
        "debuginfo": None,
    }


def test_get_with_fields(api, created):
    wb, name, tag, namespace, _ = created
    resp = api.get(f"/v2/workbooks/{name}", params={"namespace": namespace, "fields": "tags"})
    assert resp.status_code == 200
    assert resp.json() == {"id": wb["id"], "tags": [tag]}


def test_list_filters_and_fields(api, created):
    wb, name, tag, namespace, _ = created
    resp = api.get("/v2/workbooks", params={"tags": tag, "fields": "name,namespace"})
    assert resp.status_code == 200
    assert resp.json() == {"workbooks": [{"id": wb["id"], "name": name, "namespace": namespace}]}
    by_ns = api.get("/v2/workbooks", params={"namespace": namespace}).json()["workbooks"]
    assert [w["name"] for w in by_ns] == [name]
    assert api.get("/v2/workbooks", params={"name": name, "namespace": ""}).json() == {
        "workbooks": []
    }
    listed = api.get("/v2/workbooks", params={"name": f"has:{name}"}).json()["workbooks"]
    assert listed[0]["definition"] == wb["definition"]


def test_list_rejects_unknown_fields(api):
    resp = api.get("/v2/workbooks", params={"fields": "name,nope"})
    assert resp.status_code == 400
    assert resp.json()["faultstring"].startswith("Some fields do not exist  [nope]")


def test_duplicate_create_is_409(api, created):
    _, name, tag, namespace, text = created
    resp = api.post_text("/v2/workbooks", text, params={"namespace": namespace})
    assert resp.status_code == 409
    assert resp.json() == {
        "faultstring": "Duplicate entry for WorkbookDefinition "
        f"['name', 'namespace', 'project_id']: {name}, {namespace}, <default-project>"
    }


def test_update_rewrites_items_and_keeps_removed_ones(api, created):
    wb, name, tag, namespace, _ = created
    text = UPDATED.format(name=name, tag=tag)
    resp = api.put_text("/v2/workbooks", text, params={"namespace": namespace})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["id"] == wb["id"]
    assert body["definition"] == text
    assert body["tags"] == [tag, "second"]
    assert len(body["updated_at"]) == 19
    wf_a = api.get(f"/v2/workflows/{name}.wf_a", params={"namespace": namespace}).json()
    assert wf_a["definition"] == "wf_a:\n  tasks:\n    t2:\n      action: std.noop\n"
    assert wf_a["tags"] == []
    # Items no longer in the workbook stay registered, as in Mistral.
    assert api.get(f"/v2/workflows/{name}.wf_b", params={"namespace": namespace}).ok
    assert api.get(f"/v2/actions/{name}.act_a", params={"namespace": namespace}).ok


def test_update_of_a_missing_workbook_is_404(api):
    name = unique()
    resp = api.put_text("/v2/workbooks", UPDATED.format(name=name, tag="t"))
    assert resp.status_code == 404
    assert resp.json() == {"faultstring": f"Workbook not found [name={name}, namespace=]"}


def test_delete_leaves_the_items_registered(api, created):
    _, name, _, namespace, _ = created
    resp = api.delete(f"/v2/workbooks/{name}", params={"namespace": namespace})
    assert resp.status_code == 204
    assert resp.text == ""
    assert api.get(f"/v2/workbooks/{name}", params={"namespace": namespace}).status_code == 404
    assert api.get(f"/v2/workflows/{name}.wf_a", params={"namespace": namespace}).ok
    assert api.get(f"/v2/actions/{name}.act_a", params={"namespace": namespace}).ok
    again = api.delete(f"/v2/workbooks/{name}", params={"namespace": namespace})
    assert again.status_code == 404
    assert again.json()["faultstring"] == (
        f"Workbook not found [workbook_name={name}, namespace={namespace}]"
    )


def test_a_failing_item_writes_nothing(api):
    # Workbook "std" with action "echo" would overwrite the system action std.echo.
    text = WORKBOOK.format(name="std", tag="t").replace("act_a:", "echo:")
    namespace = unique("ns")
    resp = api.post_text("/v2/workbooks", text, params={"namespace": namespace})
    assert resp.status_code == 400
    assert resp.json() == {"faultstring": "Attempt to modify a system action: std.echo"}
    assert api.get("/v2/workbooks/std", params={"namespace": namespace}).status_code == 404
    assert api.get("/v2/workflows/std.wf_a", params={"namespace": namespace}).status_code == 404


def test_invalid_definition_is_400(api):
    resp = api.post_text("/v2/workbooks", "---\nversion: '2.0'\nwfs: 1\n")
    assert resp.status_code == 400
    assert resp.json()["faultstring"].startswith("Invalid DSL: ")


def test_bad_scope_is_400(api):
    resp = api.post_text("/v2/workbooks", WORKBOOK.format(name=unique(), tag="t"), params={
        "scope": "bad"
    })  # fmt: skip
    assert resp.status_code == 400
    assert "actual: bad" in resp.json()["faultstring"]


def test_publicize_needs_admin(api):
    resp = api.post_text(
        "/v2/workbooks", WORKBOOK.format(name=unique(), tag="t"), params={"scope": "public"}
    )
    assert resp.status_code == 403


def test_validate(api):
    good = api.post_text("/v2/workbooks/validate", WORKBOOK.format(name=unique(), tag="t"))
    assert good.status_code == 200
    assert good.json() == {"valid": True}
    bad = api.post_text("/v2/workbooks/validate", "---\nversion: '2.0'\nwfs: 1\n")
    assert bad.status_code == 200
    assert bad.json()["valid"] is False
    assert bad.json()["error"].startswith("Invalid DSL: ")
