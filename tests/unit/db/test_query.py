"""The list query: visibility, filter operators, sorting and marker pagination, on every
backend the tests select (schema made by the migrations)."""

import datetime

import pytest

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_db.query import Caller, ListQuery, list_rows
from mistral_engine import exceptions
from tests import backends

OWN = Caller(project_id="p1")
OTHER = Caller(project_id="p2")
ADMIN = Caller(project_id="p3", is_admin=True)
T0 = datetime.datetime(2026, 1, 1, 12, 0, 0)


@pytest.fixture(scope="module", params=backends.selected())
def db(request, tmp_path_factory):
    url = backends.create_database(request.param, str(tmp_path_factory.mktemp("q")))
    migration.upgrade(url)
    db_session.configure(url)
    rows = [
        ("a", "p1", "private", ["x", "y"], "", 0, None),
        ("b", "p1", "public", ["x"], "", 1, "2026-01-02"),
        ("c", "p2", "private", ["y"], "", 2, None),
        ("d", "p2", "public", [], "ns", 3, None),
        ("e", "p1", "private", None, "ns", 4, None),
    ]
    with db_session.transaction() as session:
        for name, project, scope, tags, ns, minutes, updated in rows:
            session.add(
                models.WorkflowDefinition(
                    id=f"00000000-0000-0000-0000-00000000000{minutes}",
                    name=name,
                    project_id=project,
                    scope=scope,
                    tags=tags,
                    namespace=ns,
                    spec={},
                    definition=name,
                    created_at=T0 + datetime.timedelta(minutes=minutes),
                    updated_at=datetime.datetime.fromisoformat(updated) if updated else None,
                )
            )
    yield url
    db_session.dispose_all()
    backends.drop_database(url)


def names(caller, **kw):
    query = ListQuery(**kw)
    query.sort_keys = kw.get("sort_keys", ["created_at", "id"])
    query.sort_dirs = kw.get("sort_dirs", ["asc", "asc"])
    with db_session.transaction(read_only=True) as session:
        return [r.name for r in list_rows(session, models.WorkflowDefinition, query, caller)]


def test_a_project_sees_its_own_rows_and_public_ones(db):
    assert names(OWN) == ["a", "b", "d", "e"]
    assert names(OTHER) == ["b", "c", "d"]


def test_admin_and_all_projects_see_everything(db):
    assert names(ADMIN) == ["a", "b", "c", "d", "e"]
    assert names(OTHER, all_projects=True) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"name": ("eq", "b")}, ["b"]),
        ({"name": ("neq", "b")}, ["a", "c", "d", "e"]),
        ({"name": ("in", ["a", "d", "zz"])}, ["a", "d"]),
        ({"name": ("nin", ["a", "d"])}, ["b", "c", "e"]),
        ({"created_at": ("gt", T0 + datetime.timedelta(minutes=2))}, ["d", "e"]),
        ({"created_at": ("gte", T0 + datetime.timedelta(minutes=2))}, ["c", "d", "e"]),
        ({"created_at": ("lt", T0 + datetime.timedelta(minutes=1))}, ["a"]),
        ({"created_at": ("lte", T0 + datetime.timedelta(minutes=1))}, ["a", "b"]),
        ({"definition": ("has", "c")}, ["c"]),
        ({"namespace": ("eq", "ns")}, ["d", "e"]),
        ({"tags": ("eq", "x")}, ["a", "b"]),
        ({"tags": ("eq", "x,y")}, ["a"]),
        ({"tags": ("eq", "y"), "scope": ("eq", "private")}, ["a", "c"]),
    ],
)
def test_filter_operators(db, filters, expected):
    assert names(ADMIN, filters=filters) == expected


def test_nulls_filter_on_a_column(db):
    assert names(ADMIN, nulls=["updated_at"]) == ["a", "c", "d", "e"]


def test_sorting_by_several_keys(db):
    assert names(ADMIN, sort_keys=["namespace", "name"], sort_dirs=["desc", "asc"]) == [
        "d",
        "e",
        "a",
        "b",
        "c",
    ]


def test_marker_pages_through_every_row_exactly_once(db):
    seen, marker = [], None
    while True:
        page = ListQuery(
            limit=2,
            marker=marker,
            sort_keys=["scope", "name", "id"],
            sort_dirs=["desc", "asc", "asc"],
        )
        with db_session.transaction(read_only=True) as session:
            rows = list_rows(session, models.WorkflowDefinition, page, ADMIN)
        seen += [r.name for r in rows]
        if len(rows) < 2:
            break
        marker = rows[-1].id
    assert seen == ["b", "d", "a", "c", "e"]


def test_marker_on_nullable_sort_key(db):
    query = ListQuery(limit=2, sort_keys=["updated_at", "id"], sort_dirs=["asc", "asc"])
    with db_session.transaction(read_only=True) as session:
        first = list_rows(session, models.WorkflowDefinition, query, ADMIN)
        query.marker = first[-1].id
        second = list_rows(session, models.WorkflowDefinition, query, ADMIN)
        query.marker = second[-1].id
        third = list_rows(session, models.WorkflowDefinition, query, ADMIN)
    assert [r.name for r in first + second + third] == ["a", "c", "d", "e", "b"]


def test_marker_on_nullable_sort_key_descending(db):
    query = ListQuery(limit=2, sort_keys=["updated_at", "id"], sort_dirs=["desc", "asc"])
    pages = []
    with db_session.transaction(read_only=True) as session:
        while True:
            page = list_rows(session, models.WorkflowDefinition, query, ADMIN)
            pages.append([r.name for r in page])
            if len(page) < 2:
                break
            query.marker = page[-1].id
    assert pages == [["b", "a"], ["c", "d"], ["e"]]


def test_a_marker_on_the_last_row_gives_an_empty_page(db):
    query = ListQuery(sort_keys=["name", "id"], sort_dirs=["asc", "asc"], marker=_id_of("e"))
    with db_session.transaction(read_only=True) as session:
        assert list_rows(session, models.WorkflowDefinition, query, ADMIN) == []


def test_a_marker_the_caller_cannot_see_is_not_found(db):
    query = ListQuery(marker=_id_of("c"))  # p2's private workflow
    with db_session.transaction(read_only=True) as session:
        with pytest.raises(exceptions.DBEntityNotFoundError) as error:
            list_rows(session, models.WorkflowDefinition, query, OWN)
    assert str(error.value) == f"WorkflowDefinition not found [id={_id_of('c')}]"


def _id_of(name: str) -> str:
    with db_session.transaction(read_only=True) as session:
        query = ListQuery(filters={"name": ("eq", name)})
        (row,) = list_rows(session, models.WorkflowDefinition, query, ADMIN)
        return row.id


def test_unknown_marker_is_not_found(db):
    query = ListQuery(
        marker="00000000-0000-0000-0000-00000000009f",
        marker_not_found="Workflow not found [workflow_id={id}]",
    )
    with db_session.transaction(read_only=True) as session:
        with pytest.raises(exceptions.DBEntityNotFoundError) as error:
            list_rows(session, models.WorkflowDefinition, query, ADMIN)
    assert str(error.value) == (
        "Workflow not found [workflow_id=00000000-0000-0000-0000-00000000009f]"
    )


def test_unknown_sort_key_and_filter_are_bad_requests(db):
    with db_session.transaction(read_only=True) as session:
        with pytest.raises(exceptions.BadRequest) as error:
            list_rows(
                session,
                models.WorkflowDefinition,
                ListQuery(sort_keys=["bogus"], sort_dirs=["asc"]),
                ADMIN,
            )
        assert str(error.value) == "Unknown sort key: bogus"
        with pytest.raises(exceptions.BadRequest) as error:
            list_rows(
                session, models.WorkflowDefinition, ListQuery(filters={"bogus": ("eq", 1)}), ADMIN
            )
        assert str(error.value) == "Unknown filter field: bogus"
