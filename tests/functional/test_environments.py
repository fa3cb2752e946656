"""/v2/environments over HTTP: create, read, list, update by name, delete."""

import re
import uuid

import pytest

ADMIN = {"X-Roles": "admin"}
TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
PROJECT = "<default-project>"


def fault(message: str) -> dict:
    return {"faultcode": "Client", "faultstring": message, "debuginfo": None}


@pytest.fixture
def name():
    return f"env_{uuid.uuid4().hex[:10]}"


def create(api, **body):
    resp = api.post("/v2/environments", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_create_renders_object_variables_as_json_string_and_omits_unset_fields(api, name):
    resp = api.post(
        "/v2/environments",
        json={"name": name, "description": "Env one", "variables": {"a": 1, "b": {"c": [1, 2]}}},
    )
    assert resp.status_code == 201
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert TS.match(body.pop("created_at"))
    assert uuid.UUID(body.pop("id"))
    assert body == {
        "name": name,
        "description": "Env one",
        "variables": '{"a": 1, "b": {"c": [1, 2]}}',
        "scope": "private",
        "project_id": PROJECT,
    }


def test_create_accepts_variables_as_json_string(api, name):
    body = create(api, name=name, variables='{"k": "v"}')
    assert body["variables"] == '{"k": "v"}'
    assert "description" not in body and "updated_at" not in body


def test_create_without_variables_has_no_variables(api, name):
    body = create(api, name=name)
    assert sorted(body) == ["created_at", "id", "name", "project_id", "scope"]


def test_create_duplicate_name_is_409(api, name):
    create(api, name=name)
    resp = api.post("/v2/environments", json={"name": name, "variables": {}})
    assert resp.status_code == 409
    assert resp.json() == fault(
        f"Duplicate entry for Environment ['name', 'project_id']: {name}, <default-project>"
    )


@pytest.mark.parametrize(
    "variables, message",
    [
        ([1, 2], "the JSON object must be str, bytes or bytearray, not list"),
        (5, "the JSON object must be str, bytes or bytearray, not int"),
        (
            "{not json",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_create_with_invalid_variables_is_400(api, variables, message):
    body = {"name": "env_bad", "variables": variables}
    resp = api.post("/v2/environments", json=body)
    assert resp.status_code == 400
    assert resp.json() == fault(
        f"Invalid input for field/attribute env. Value: '{body}'. {message}"
    )


def test_create_with_variables_not_an_object_is_400(api):
    resp = api.post("/v2/environments", json={"name": "env_bad", "variables": '"abc"'})
    assert resp.status_code == 400
    assert resp.json() == fault("JsonType field value must be a dictionary [actual=abc]")


@pytest.mark.parametrize("text, shown", [("[1]", "[1]"), ('"x"', "x"), ("null", "None")])
def test_create_with_body_not_an_object_is_400(api, text, shown):
    resp = api.post("/v2/environments", data=text, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert resp.json() == fault(
        f"Invalid input for field/attribute env. Value: '{shown}'. "
        "The request body must be a JSON object."
    )


def test_create_with_malformed_json_is_400(api):
    resp = api.post(
        "/v2/environments",
        data='{"name": "env_bad", ',
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 400
    assert resp.json()["faultcode"] == "Client"


@pytest.mark.parametrize(
    "body, message",
    [
        ({"name": "env_bad", "bogus": 1}, "Unknown attribute for argument env: bogus"),
        (
            {"name": "env_bad", "id": "abc"},
            "Please, check your environment definition. Only: "
            "['name', 'description', 'variables', 'scope'] are allowed as definition keys.",
        ),
        (
            {"name": "env_bad", "created_at": "2020-01-01 00:00:00"},
            "Please, check your environment definition. Only: "
            "['name', 'description', 'variables', 'scope'] are allowed as definition keys.",
        ),
        (
            {"name": "env_bad", "project_id": "abc"},
            "Invalid input for field/attribute project_id. Value: 'abc'. "
            "Cannot set read only field.",
        ),
        (
            {"name": 123},
            "Invalid input for field/attribute name. Value: '123'. "
            "Wrong type. Expected '<class 'str'>', got '<class 'int'>'",
        ),
        ({"description": "no name"}, "Name of the environment is not provided."),
    ],
)
def test_create_with_invalid_body_is_400(api, body, message):
    resp = api.post("/v2/environments", json=body)
    assert resp.status_code == 400
    assert resp.json() == fault(message)


def test_create_with_unknown_scope_is_400(api, name):
    resp = api.post("/v2/environments", json={"name": name, "scope": "shared"})
    assert resp.status_code == 400
    assert resp.json()["faultstring"].startswith(
        "Invalid input for field/attribute scope. Value: 'shared'. Value should be one of: "
    )


def test_public_scope_needs_admin(api, name):
    resp = api.post("/v2/environments", json={"name": name, "scope": "public"})
    assert resp.status_code == 403
    assert resp.json() == fault("Operation forbidden (insufficient permissions)")
    resp = api.post("/v2/environments", json={"name": name, "scope": "public"}, headers=ADMIN)
    assert resp.status_code == 201
    assert resp.json()["scope"] == "public"


def test_get_renders_empty_columns_as_null(api, name):
    created = create(api, name=name, variables={"x": [1]})
    resp = api.get(f"/v2/environments/{name}")
    assert resp.status_code == 200
    assert resp.json() == {
        "id": created["id"],
        "name": name,
        "description": None,
        "variables": '{"x": [1]}',
        "scope": "private",
        "project_id": PROJECT,
        "created_at": created["created_at"],
        "updated_at": None,
    }


def test_get_with_fields_adds_id(api, name):
    created = create(api, name=name, description="d")
    resp = api.get(f"/v2/environments/{name}", params={"fields": "description"})
    assert resp.status_code == 200
    assert resp.json() == {"id": created["id"], "description": "d"}


def test_get_unknown_is_404(api):
    resp = api.get("/v2/environments/env_missing")
    assert resp.status_code == 404
    assert resp.json() == fault("Environment not found [name=env_missing]")


def test_list_filters_fields_and_pages(api):
    tag = uuid.uuid4().hex[:8]
    a = create(api, name=f"lst_{tag}_a", description="first", variables={"k": 1})
    b = create(api, name=f"lst_{tag}_b", variables={"k": 2})
    c = api.post(
        "/v2/environments", json={"name": f"lst_{tag}_c", "scope": "public"}, headers=ADMIN
    ).json()

    def names(**params):
        resp = api.get("/v2/environments", params={"sort_keys": "name", **params})
        assert resp.status_code == 200, resp.text
        return [env["name"] for env in resp.json()["environments"]]

    assert names(name=f"has:lst_{tag}") == [a["name"], b["name"], c["name"]]
    assert names(name=b["name"]) == [b["name"]]
    assert names(name=f"in:{a['name']},{c['name']}") == [a["name"], c["name"]]
    assert names(name=f"has:lst_{tag}", description="first") == [a["name"]]
    assert names(name=f"has:lst_{tag}", variables='{"k": 2}') == [b["name"]]
    assert names(name=f"has:lst_{tag}", scope="public") == [c["name"]]
    assert names(name=f"has:lst_{tag}", created_at=f"gte:{a['created_at']}") == [
        a["name"],
        b["name"],
        c["name"],
    ]
    assert names(name=f"has:lst_{tag}", updated_at="gt:2000-01-01 00:00:00") == []

    resp = api.get(
        "/v2/environments",
        params={"name": f"has:lst_{tag}", "sort_keys": "name", "fields": "name,variables"},
    )
    assert resp.json() == {
        "environments": [
            {"id": a["id"], "name": a["name"], "variables": '{"k": 1}'},
            {"id": b["id"], "name": b["name"], "variables": '{"k": 2}'},
            {"id": c["id"], "name": c["name"], "variables": None},
        ]
    }

    resp = api.get(
        "/v2/environments", params={"name": f"has:lst_{tag}", "sort_keys": "name", "limit": 2}
    )
    body = resp.json()
    assert [env["name"] for env in body["environments"]] == [a["name"], b["name"]]
    assert body["next"] == (
        f"{api.base}/v2/environments?sort_keys=name,id&sort_dirs=asc,asc&name=has:lst_{tag}"
        f"&limit=2&marker={b['id']}"
    )
    resp = api.get(body["next"].replace(api.base, ""))
    assert [env["name"] for env in resp.json()["environments"]] == [c["name"]]


def test_list_with_unknown_field_is_400(api):
    resp = api.get("/v2/environments", params={"fields": "foo"})
    assert resp.status_code == 400
    assert resp.json() == fault(
        "Some fields do not exist  [foo], please choose from "
        "[id, name, description, variables, scope, project_id, created_at, updated_at]"
    )


def test_update_by_name_changes_given_fields_and_keeps_omitted_ones(api, name):
    created = create(api, name=name, description="one", variables={"a": 1})
    resp = api.put("/v2/environments", json={"name": name, "variables": {"a": 2}})
    assert resp.status_code == 200
    body = resp.json()
    assert TS.match(body.pop("updated_at"))
    assert body == {
        "id": created["id"],
        "name": name,
        "description": "one",
        "variables": '{"a": 2}',
        "scope": "private",
        "project_id": PROJECT,
        "created_at": created["created_at"],
    }
    resp = api.put("/v2/environments", json={"name": name, "description": None})
    assert resp.status_code == 200
    assert resp.json()["description"] is None
    assert resp.json()["variables"] == '{"a": 2}'
    got = api.get(f"/v2/environments/{name}").json()
    assert (got["description"], got["variables"]) == (None, '{"a": 2}')


def test_update_unchanged_keeps_updated_at_null(api, name):
    create(api, name=name, description="same")
    resp = api.put("/v2/environments", json={"name": name, "description": "same"})
    assert resp.status_code == 200
    assert resp.json()["updated_at"] is None


def test_update_errors(api, name):
    create(api, name=name)
    resp = api.put("/v2/environments", json={"variables": {}})
    assert (resp.status_code, resp.json()) == (
        400,
        fault("Name of the environment is not provided."),
    )
    resp = api.put("/v2/environments", json={"name": "env_missing", "variables": {}})
    assert (resp.status_code, resp.json()) == (
        404,
        fault("Environment not found [name=env_missing]"),
    )
    resp = api.put("/v2/environments", json={"name": name, "id": "x"})
    assert (resp.status_code, resp.json()) == (
        400,
        fault(
            "Please, check your environment definition. Only: "
            "['description', 'variables', 'scope'] are allowed as definition keys."
        ),
    )
    resp = api.put("/v2/environments", json={"name": name, "scope": "public"})
    assert (resp.status_code, resp.json()) == (
        403,
        fault("Operation forbidden (insufficient permissions)"),
    )
    resp = api.put("/v2/environments", json={"name": name, "scope": "public"}, headers=ADMIN)
    assert resp.status_code == 200
    assert resp.json()["scope"] == "public"


def test_delete_then_get_and_delete_again_are_404(api, name):
    create(api, name=name)
    resp = api.delete(f"/v2/environments/{name}")
    assert resp.status_code == 204
    assert resp.content == b""
    for resp in (api.get(f"/v2/environments/{name}"), api.delete(f"/v2/environments/{name}")):
        assert resp.status_code == 404
        assert resp.json() == fault(f"Environment not found [name={name}]")
