"""/v2/code_sources over HTTP: raw-text upload, versioned replace, read, list, delete."""

import re
import uuid

import pytest

ADMIN = {"X-Roles": "admin"}
TEXT = {"Content-Type": "text/plain"}
TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
PROJECT = "<default-project>"
CODE = "class Hello:\n    def run(self, context):\n        return 'hello'\n"
FORBIDDEN = "Operation forbidden (insufficient permissions)"


def fault(message: str) -> dict:
    return {"faultcode": "Client", "faultstring": message, "debuginfo": None}


@pytest.fixture
def name():
    return f"cs_{uuid.uuid4().hex[:10]}"


def upload(api, params, text=CODE, headers=TEXT, method="post"):
    send = api.post if method == "post" else api.put
    return send("/v2/code_sources", params=params, data=text.encode(), headers={**headers, **ADMIN})


def create(api, name, text=CODE, **params):
    resp = upload(api, {"name": name, **params}, text)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_code_sources_are_admin_only(api, name):
    resp = api.get("/v2/code_sources")
    assert (resp.status_code, resp.json()) == (403, fault(FORBIDDEN))
    resp = api.post("/v2/code_sources", params={"name": name}, data=CODE, headers=TEXT)
    assert (resp.status_code, resp.json()) == (403, {"faultstring": FORBIDDEN})
    resp = api.put("/v2/code_sources", params={"identifier": name}, data=CODE, headers=TEXT)
    assert (resp.status_code, resp.json()) == (403, {"faultstring": FORBIDDEN})
    assert api.get(f"/v2/code_sources/{name}").status_code == 403
    assert api.delete(f"/v2/code_sources/{name}").status_code == 403


def test_create_answers_the_resource_with_version_1(api, name):
    resp = upload(api, {"name": name})
    assert resp.status_code == 201
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert TS.match(body.pop("created_at"))
    assert uuid.UUID(body.pop("id"))
    assert body == {
        "name": name,
        "namespace": "",
        "content": CODE,
        "version": 1,
        "project_id": PROJECT,
        "scope": "private",
    }


def test_create_in_namespace_and_public(api, name):
    body = create(api, name, "x = 1\n", namespace="ns1", scope="public")
    assert (body["namespace"], body["scope"], body["content"]) == ("ns1", "public", "x = 1\n")
    # The same name in another namespace is another code source.
    assert create(api, name)["namespace"] == ""


def test_content_is_not_validated_and_any_content_type_is_accepted(api, name):
    assert create(api, name, "def broken(:\n")["content"] == "def broken(:\n"
    resp = upload(api, {"name": name + "_j"}, "class C: pass", {"Content-Type": "application/json"})
    assert resp.status_code == 201
    assert resp.json()["content"] == "class C: pass"


def test_create_errors(api, name):
    create(api, name)
    resp = upload(api, {"name": name})
    assert (resp.status_code, resp.json()) == (
        409,
        {
            "faultstring": "Duplicate entry for CodeSource ['name', 'namespace', 'project_id']: "
            f"{name}, , <default-project>"
        },
    )
    resp = upload(api, {})
    assert (resp.status_code, resp.json()) == (
        400,
        {"faultstring": "Name of the code source is not provided (query parameter 'name')."},
    )
    resp = upload(api, {"name": name + "_s", "scope": "shared"})
    assert (resp.status_code, resp.json()) == (
        400,
        {"faultstring": "Scope must be one of the following: private, public; actual: shared"},
    )


def test_get_by_name_id_and_namespace(api, name):
    created = create(api, name)
    in_ns = create(api, name, "y = 2\n", namespace="ns2")
    expected = {**created, "updated_at": None}
    for path, params in (
        (f"/v2/code_sources/{name}", {}),
        (f"/v2/code_sources/{created['id']}", {}),
    ):
        resp = api.get(path, params=params, headers=ADMIN)
        assert (resp.status_code, resp.json()) == (200, expected)
    resp = api.get(f"/v2/code_sources/{name}", params={"namespace": "ns2"}, headers=ADMIN)
    assert resp.json() == {**in_ns, "updated_at": None}
    resp = api.get(f"/v2/code_sources/{name}", params={"fields": "version"}, headers=ADMIN)
    assert resp.json() == {"id": created["id"], "version": 1}


def test_get_unknown_is_404(api):
    resp = api.get("/v2/code_sources/cs_missing", params={"namespace": "ns9"}, headers=ADMIN)
    assert (resp.status_code, resp.json()) == (
        404,
        fault("Code Source not found [name=cs_missing,namespace=ns9]"),
    )


def test_every_update_replaces_content_and_scope_and_bumps_the_version(api, name):
    created = create(api, name, scope="public")
    new = "class Hello:\n    pass\n"
    resp = upload(api, {"identifier": name}, new, method="put")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert TS.match(body.pop("updated_at"))
    assert body == {**created, "content": new, "version": 2, "scope": "private"}
    # Unchanged content still makes a new version; the id works as identifier too.
    resp = upload(api, {"identifier": name}, new, method="put")
    assert resp.json()["version"] == 3
    resp = upload(api, {"identifier": created["id"], "scope": "public"}, CODE, method="put")
    assert (resp.json()["version"], resp.json()["scope"], resp.json()["content"]) == (
        4,
        "public",
        CODE,
    )
    assert api.get(f"/v2/code_sources/{name}", headers=ADMIN).json()["version"] == 4


def test_update_in_namespace_touches_only_that_one(api, name):
    create(api, name)
    create(api, name, "z = 1\n", namespace="ns3")
    resp = upload(api, {"identifier": name, "namespace": "ns3"}, "z = 2\n", method="put")
    assert (resp.json()["namespace"], resp.json()["version"]) == ("ns3", 2)
    assert api.get(f"/v2/code_sources/{name}", headers=ADMIN).json()["version"] == 1


def test_update_errors(api):
    resp = upload(api, {"identifier": "cs_missing"}, method="put")
    assert (resp.status_code, resp.json()) == (
        404,
        {"faultstring": "Code Source not found [name=cs_missing,namespace=]"},
    )
    resp = upload(api, {}, method="put")
    assert (resp.status_code, resp.json()) == (
        400,
        {
            "faultstring": "Identifier of the code source is not provided "
            "(query parameter 'identifier')."
        },
    )


def test_list_filters_fields_and_pages(api):
    tag = uuid.uuid4().hex[:8]
    a = create(api, f"lcs_{tag}_a")
    b = create(api, f"lcs_{tag}_b", namespace="nsl")
    c = create(api, f"lcs_{tag}_c", scope="public")

    def names(**params):
        resp = api.get(
            "/v2/code_sources",
            params={"name": f"has:lcs_{tag}", "sort_keys": "name", **params},
            headers=ADMIN,
        )
        assert resp.status_code == 200, resp.text
        return [cs["name"] for cs in resp.json()["code_sources"]]

    assert names() == [a["name"], b["name"], c["name"]]
    assert names(namespace="nsl") == [b["name"]]
    assert names(scope="public") == [c["name"]]
    assert names(created_at=f"gte:{a['created_at']}") == [a["name"], b["name"], c["name"]]
    assert names(tags="t1") == []

    resp = api.get(
        "/v2/code_sources",
        params={"name": f"has:lcs_{tag}", "sort_keys": "name", "fields": "name,version"},
        headers=ADMIN,
    )
    assert resp.json() == {
        "code_sources": [{"id": row["id"], "name": row["name"], "version": 1} for row in (a, b, c)]
    }
    resp = api.get(
        "/v2/code_sources",
        params={"name": f"has:lcs_{tag}", "sort_keys": "name", "limit": 1},
        headers=ADMIN,
    )
    body = resp.json()
    assert body == {
        "code_sources": [{**a, "updated_at": None}],
        "next": f"{api.base}/v2/code_sources?sort_keys=name,id&sort_dirs=asc,asc"
        f"&name=has:lcs_{tag}&limit=1&marker={a['id']}",
    }


def test_list_project_id_filter_takes_a_uuid(api):
    resp = api.get("/v2/code_sources", params={"project_id": PROJECT}, headers=ADMIN)
    assert (resp.status_code, resp.json()) == (
        400,
        fault(
            f"Invalid input for field/attribute project_id. Value: '{PROJECT}'. "
            f"unable to convert to uuid. Error: Expected a uuid but received {PROJECT}."
        ),
    )


def test_delete_then_get_and_delete_again_are_404(api, name):
    create(api, name)
    resp = api.delete(f"/v2/code_sources/{name}", headers=ADMIN)
    assert (resp.status_code, resp.content) == (204, b"")
    for resp in (
        api.get(f"/v2/code_sources/{name}", headers=ADMIN),
        api.delete(f"/v2/code_sources/{name}", headers=ADMIN),
    ):
        assert (resp.status_code, resp.json()) == (
            404,
            fault(f"Code Source not found [name={name},namespace=]"),
        )
