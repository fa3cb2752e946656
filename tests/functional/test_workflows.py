"""/v2/workflows over real HTTP against a real server on each database backend."""

import json
import uuid

import pytest

SIMPLE = """---
version: '2.0'

{name}:
  description: First workflow
  tags: [{tag}, shared]
  input:
    - a
    - b: 1
    - c: null
  output:
    res: <% $.a %>
  tasks:
    t1:
      action: std.echo output=<% $.a %>
      on-success: t2
    t2:
      action: std.noop
"""

TWO = """version: '2.0'
{a}:
  tasks:
    t:
      action: std.noop
{b}:
  type: reverse
  tasks:
    x:
      action: std.noop
"""


def unique(prefix="wf"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def created(api):
    name, tag = unique(), unique("tag")
    resp = api.post_text("/v2/workflows", SIMPLE.format(name=name, tag=tag))
    assert resp.status_code == 201, resp.text
    yield resp.json()["workflows"][0], name, tag
    api.delete(f"/v2/workflows/{name}")


def test_create_returns_the_stored_workflow(api, created):
    wf, name, tag = created
    text = SIMPLE.format(name=name, tag=tag)
    assert wf["name"] == name
    assert wf["namespace"] == ""
    assert wf["input"] == 'a, b="1", c="None"'
    assert wf["interface"] == {"input": ["a", {"b": 1}, {"c": None}], "output": ["res"]}
    assert wf["definition"] == text
    assert wf["tags"] == [tag, "shared"]
    assert wf["scope"] == "private"
    assert wf["project_id"] == "<default-project>"
    assert len(wf["checksum"]) == 32
    assert "updated_at" not in wf
    assert len(wf["created_at"]) == 19


def test_get_by_name_and_by_id_renders_interface_as_a_json_string(api, created):
    wf, name, _ = created
    by_name = api.get(f"/v2/workflows/{name}")
    by_id = api.get(f"/v2/workflows/{wf['id']}")
    assert by_name.status_code == 200
    assert by_name.json() == by_id.json()
    body = by_name.json()
    assert json.loads(body["interface"]) == {
        "input": ["a", {"b": 1}, {"c": None}],
        "output": ["res"],
    }
    assert body["updated_at"] is None
    assert body["checksum"] == wf["checksum"]


def test_duplicate_name_is_409_with_mistral_message(api, created):
    _, name, tag = created
    resp = api.post_text("/v2/workflows", SIMPLE.format(name=name, tag=tag))
    assert resp.status_code == 409
    assert resp.json() == {
        "faultstring": "Duplicate entry for WorkflowDefinition ['name', 'namespace', "
        f"'project_id']: {name}, , <default-project>"
    }


def test_same_name_in_another_namespace_is_separate(api, created):
    wf, name, tag = created
    resp = api.post_text("/v2/workflows?namespace=ns_x", SIMPLE.format(name=name, tag=tag))
    assert resp.status_code == 201
    other = resp.json()["workflows"][0]
    assert other["namespace"] == "ns_x"
    assert other["id"] != wf["id"]
    assert api.get(f"/v2/workflows/{name}?namespace=ns_x").json()["id"] == other["id"]
    assert api.delete(f"/v2/workflows/{name}?namespace=ns_x").status_code == 204
    assert api.get(f"/v2/workflows/{name}").json()["id"] == wf["id"]


def test_several_workflows_in_one_document(api):
    a, b = unique(), unique()
    resp = api.post_text("/v2/workflows", TWO.format(a=a, b=b))
    assert resp.status_code == 201
    items = resp.json()["workflows"]
    assert [w["name"] for w in items] == [a, b]
    assert items[0]["definition"] == (
        f"version: '2.0'\n{a}:\n  tasks:\n    t:\n      action: std.noop\n"
    )
    assert items[1]["definition"] == (
        f"version: '2.0'\n{b}:\n  type: reverse\n  tasks:\n    x:\n      action: std.noop\n"
    )
    for name in (a, b):
        assert api.delete(f"/v2/workflows/{name}").status_code == 204


def test_failing_document_creates_none_of_its_workflows(api, created):
    _, existing, _ = created
    fresh = unique()
    resp = api.post_text("/v2/workflows", TWO.format(a=fresh, b=existing))
    assert resp.status_code == 409
    assert api.get(f"/v2/workflows/{fresh}").status_code == 404


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "wf:\n  tasks:\n    t:\n      action: std.noop\n",
            "Invalid DSL: 'version' is a required property",
        ),
        (
            "version: '2.0'\nwf:\n  tasks:\n    t:\n      actoin: std.noop\n",
            "Invalid DSL: Additional properties are not allowed ('actoin' was unexpected)",
        ),
        (
            "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n"
            "      on-success: nope\n",
            "Task 'nope' not found.",
        ),
        (
            "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.echo output=<% $.a + %>\n",
            "Parse error: unexpected end of statement",
        ),
        ("version: '2.0'\n", "At least one item must be in the list [data={'version': '2.0'}]."),
        ("", "Invalid DSL: 'version' is a required property"),
    ],
)
def test_invalid_definition_is_400_and_writes_nothing(api, text, message):
    before = api.get("/v2/workflows").json()["workflows"]
    resp = api.post_text("/v2/workflows", text)
    assert resp.status_code == 400
    assert resp.json()["faultstring"].split("\n\nFailed validating")[0] == message
    assert api.get("/v2/workflows").json()["workflows"] == before


def test_invalid_yaml_is_400(api):
    resp = api.post_text("/v2/workflows", "version: '2.0'\nwf: [unclosed\n")
    assert resp.status_code == 400
    assert resp.json()["faultstring"].startswith(
        "Definition could not be parsed: while parsing a flow sequence"
    )


def test_yaml_alias_is_plain_text_not_an_expansion(api):
    bomb = "version: '2.0'\na: &a [x, x]\nb: [*a, *a]\n"
    resp = api.post_text("/v2/workflows", bomb)
    assert resp.status_code == 400
    assert resp.json() == {"faultstring": "Invalid DSL: ['*a', '*a'] is not of type 'object'"}


def test_oversized_body_is_413(api):
    resp = api.post_text("/v2/workflows", "version: '2.0'\n#" + "x" * (1024 * 1024 + 10))
    assert resp.status_code == 413
    assert resp.json()["faultstring"].startswith("Request body is too large")


def test_wrong_content_type_is_415(api):
    resp = api.post("/v2/workflows", data=b"\x89PNG", headers={"Content-Type": "image/png"})
    assert resp.status_code == 415
    assert resp.json() == {
        "faultstring": "Unsupported Content-Type 'image/png': definitions are sent as YAML "
        "text (Content-Type: text/plain)."
    }


def test_bad_scope_and_public_scope(api):
    text = SIMPLE.format(name=unique(), tag="t")
    resp = api.post_text("/v2/workflows?scope=weird", text)
    assert resp.status_code == 400
    assert resp.json()["faultstring"] == (
        "Scope must be one of the following: private, public; actual: weird"
    )
    resp = api.post_text("/v2/workflows?scope=public", text)
    assert resp.status_code == 403
    assert resp.json() == {"faultstring": "Operation forbidden (insufficient permissions)"}


def test_update_by_document_and_by_id(api, created):
    wf, name, tag = created
    changed = SIMPLE.format(name=name, tag=tag).replace("First workflow", "Changed")
    resp = api.put_text("/v2/workflows", changed)
    assert resp.status_code == 200
    body = resp.json()["workflows"][0]
    assert body["id"] == wf["id"]
    assert body["definition"] == changed
    assert body["checksum"] != wf["checksum"]
    assert body["updated_at"] is not None
    resp = api.put_text(f"/v2/workflows/{wf['id']}", changed.replace("Changed", "Again"))
    assert resp.status_code == 200
    assert resp.json()["id"] == wf["id"]
    assert "Again" in api.get(f"/v2/workflows/{name}").json()["definition"]


def test_update_unknown_workflow_is_404(api):
    name = unique()
    resp = api.put_text("/v2/workflows", SIMPLE.format(name=name, tag="t"))
    assert resp.status_code == 404
    assert resp.json() == {
        "faultstring": f"Workflow not found [workflow_identifier={name}, namespace=]"
    }


def test_update_by_id_with_two_workflows_is_400(api, created):
    wf, _, _ = created
    resp = api.put_text(f"/v2/workflows/{wf['id']}", TWO.format(a=unique(), b=unique()))
    assert resp.status_code == 400
    assert resp.json()["faultstring"] == (
        "More than one workflows are not supported for update with identifier. "
        f"[identifier: {wf['id']}]"
    )


def test_delete_then_get_is_404(api, created):
    wf, name, _ = created
    assert api.delete(f"/v2/workflows/{wf['id']}").status_code == 204
    resp = api.get(f"/v2/workflows/{name}")
    assert resp.status_code == 404
    assert resp.json() == {
        "faultcode": "Client",
        "faultstring": f"Workflow not found [workflow_identifier={name}, namespace=]",
        "debuginfo": None,
    }
    assert api.delete(f"/v2/workflows/{name}").status_code == 404


def test_validate_endpoint(api):
    ok = api.post_text("/v2/workflows/validate", SIMPLE.format(name=unique(), tag="t"))
    assert ok.status_code == 200
    assert ok.json() == {"valid": True}
    bad = api.post_text("/v2/workflows/validate", "version: '2.0'\nwf:\n  tasks: {}\n")
    assert bad.status_code == 200
    assert bad.json()["valid"] is False
    assert bad.json()["error"].startswith("Invalid DSL: {} should be non-empty")


class TestList:
    @pytest.fixture(scope="class")
    @classmethod
    def three(cls, server):
        from tests.functional.conftest import Api

        api = Api(server.url)
        prefix = unique("ls")
        names = [f"{prefix}_{i}" for i in range(3)]
        for i, name in enumerate(names):
            text = SIMPLE.format(name=name, tag=f"{prefix}_t{i % 2}")
            assert api.post_text("/v2/workflows", text).status_code == 201
        yield prefix, names
        for name in names:
            api.delete(f"/v2/workflows/{name}")

    def test_has_filter_and_sort(self, api, three):
        prefix, names = three
        body = api.get(f"/v2/workflows?name=has:{prefix}&sort_keys=name&sort_dirs=desc").json()
        assert [w["name"] for w in body["workflows"]] == names[::-1]
        assert "next" not in body

    def test_pages_follow_the_next_link(self, api, three):
        prefix, names = three
        page = api.get(f"/v2/workflows?name=has:{prefix}&sort_keys=name&limit=2").json()
        assert [w["name"] for w in page["workflows"]] == names[:2]
        marker = page["workflows"][1]["id"]
        assert page["next"] == (
            f"{api.base}/v2/workflows?sort_keys=name,id&sort_dirs=asc,asc&name=has:{prefix}&"
            f"limit=2&marker={marker}"
        )
        rest = api.http.get(page["next"]).json()
        assert [w["name"] for w in rest["workflows"]] == names[2:]
        assert "next" not in rest

    def test_in_nin_eq_neq_and_tags(self, api, three):
        prefix, names = three

        def listed(query):
            resp = api.get(f"/v2/workflows?sort_keys=name&{query}")
            assert resp.status_code == 200, resp.text
            return [w["name"] for w in resp.json()["workflows"]]

        assert listed(f"name=in:{names[0]},{names[2]}") == [names[0], names[2]]
        assert listed(f"name=has:{prefix}&tags={prefix}_t0") == [names[0], names[2]]
        assert listed(f"name=has:{prefix}&tags={prefix}_t1,shared") == [names[1]]
        assert listed(f"name=eq:{names[1]}") == [names[1]]
        assert listed(f"name=has:{prefix}&name=neq:{names[1]}") in ([], [names[0], names[2]])
        assert listed(f"namespace=nin:x,y&name=has:{prefix}") == names

    def test_created_at_filters(self, api, three):
        prefix, names = three
        first = api.get(f"/v2/workflows/{names[0]}").json()["created_at"]
        resp = api.get(f"/v2/workflows?name=has:{prefix}&created_at=gte:{first}&sort_keys=name")
        assert [w["name"] for w in resp.json()["workflows"]] == names
        resp = api.get(f"/v2/workflows?name=has:{prefix}&created_at=lt:2000-01-01 00:00:00")
        assert resp.json() == {"workflows": []}

    def test_fields_projection_puts_id_first(self, api, three):
        prefix, names = three
        body = api.get(f"/v2/workflows?name=has:{prefix}&sort_keys=name&fields=NAME,tags").json()
        assert body["workflows"][0] == {
            "id": body["workflows"][0]["id"],
            "name": names[0],
            "tags": [f"{prefix}_t0", "shared"],
        }

    @pytest.mark.parametrize(
        "query, status, message",
        [
            ("limit=0", 400, "Limit must be positive."),
            ("sort_dirs=up", 400, "Unknown sort direction, must be 'desc' or 'asc'."),
            (
                "sort_keys=name&sort_dirs=asc,desc",
                400,
                "Length of sort_keys must be equal or greater than sort_dirs.",
            ),
            ("sort_keys=bogus", 400, "Unknown sort key: bogus"),
            (
                "fields=name,bogus",
                400,
                "Some fields do not exist  [bogus], please choose from [id, name, namespace, "
                "input, interface, definition, checksum, tags, scope, project_id, created_at, "
                "updated_at]",
            ),
            (
                "marker=not-a-uuid",
                400,
                "Invalid input for field/attribute marker. Value: 'not-a-uuid'. unable to convert "
                "to uuid. Error: Expected a uuid but received not-a-uuid.",
            ),
            (
                "marker=00000000-0000-0000-0000-000000000000",
                404,
                "Workflow not found [workflow_id=00000000-0000-0000-0000-000000000000]",
            ),
            ("bogus_filter=1", 400, 'Unknown argument: "bogus_filter"'),
        ],
    )
    def test_bad_list_parameters(self, api, query, status, message):
        resp = api.get(f"/v2/workflows?{query}")
        assert resp.status_code == status
        assert resp.json() == {"faultcode": "Client", "faultstring": message, "debuginfo": None}


def test_limit_is_capped_by_max_limit(api):
    body = api.get("/v2/workflows?limit=5000").json()
    assert isinstance(body["workflows"], list)


def test_root_and_version_documents(api):
    root = api.get("/").json()
    assert root == {
        "versions": [
            {
                "id": "v2.0",
                "status": "CURRENT",
                "links": [{"href": f"{api.base}/v2", "target": "v2", "rel": "self"}],
            }
        ]
    }
    assert api.get("/v2").json() == {"uri": f"{api.base}/v2"}
    assert api.get("/v2/").json() == {"uri": f"{api.base}/v2"}


def test_members_need_auth(api, created):
    wf, _, _ = created
    resp = api.get(f"/v2/workflows/{wf['id']}/members")
    assert resp.status_code == 400
    assert resp.json()["faultstring"] == (
        "Resource sharing feature can only be supported with authentication enabled."
    )


def test_all_projects_is_a_real_boolean(api):
    assert api.get("/v2/workflows?all_projects=false").status_code == 200
    denied = api.get("/v2/workflows?all_projects=true")
    assert denied.status_code == 403
    assert denied.json()["faultstring"] == "Operation forbidden (insufficient permissions)"
    admin = api.get("/v2/workflows?all_projects=true", headers={"X-Roles": "admin"})
    assert admin.status_code == 200
