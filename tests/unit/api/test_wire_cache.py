"""The rendered-definition cache behind GET and list: a hit skips the row load, a changed
row (new updated_at) is rendered again, rows written here are cached as written."""

import pytest

from mistral_api import listing, wire_cache
from mistral_api.resources.workflows import Workflow, Workflows
from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine import conf as _conf  # noqa: F401  registers the options
from mistral_engine.context import RequestContext
from mistral_engine.services import workflows as wf_service

CTX = RequestContext(project_id="p1")
TEXT = "---\nversion: '2.0'\nwf1:\n  description: {}\n  tasks:\n    t1:\n      action: std.noop\n"


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/w.sqlite"
    migration.upgrade(url)
    db_session.configure(url)
    wire_cache.clear()
    yield url
    wire_cache.clear()
    db_session.dispose_all()


class CountingLoad:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return wf_service.get_workflow(CTX, "wf1", "")


def get(load):
    return listing.get_definition(Workflow, models.WorkflowDefinition, CTX, "wf1", "", load)


def test_second_get_of_an_unchanged_row_does_not_load_it(db):
    (row,) = wf_service.create_workflows(CTX, TEXT.format("one"))
    load = CountingLoad()
    first = get(load)
    second = get(load)
    assert load.calls == 1
    assert second is first
    assert (first["id"], first["name"], first["updated_at"]) == (row.id, "wf1", None)
    assert "description: one" in first["definition"]


def test_an_updated_row_is_rendered_again(db):
    wf_service.create_workflows(CTX, TEXT.format("one"))
    load = CountingLoad()
    get(load)
    (updated,) = wf_service.update_workflows(CTX, TEXT.format("two"))
    wire = get(load)
    assert load.calls == 2
    assert "description: two" in wire["definition"]
    assert wire["updated_at"] == updated.updated_at.strftime("%Y-%m-%d %H:%M:%S")


def test_remembered_rows_are_served_without_a_load(db):
    rows = wf_service.create_workflows(CTX, TEXT.format("one"))
    wire_cache.remember(Workflow, rows)
    load = CountingLoad()
    assert get(load) == Workflow.wire_from_db(rows[0])
    assert load.calls == 0


def test_an_invisible_or_missing_definition_goes_to_load_for_its_error(db):
    wf_service.create_workflows(RequestContext(project_id="p2"), TEXT.format("theirs"))

    def load():
        raise LookupError("not found")

    with pytest.raises(LookupError):
        get(load)


def test_a_list_page_renders_only_rows_it_has_not_seen(db, monkeypatch):
    wf_service.create_workflows(CTX, TEXT.format("one"))
    rendered = []
    original = Workflow.wire_from_db.__func__

    def counting(cls, row, fields=None):
        rendered.append(row.name)
        return original(cls, row, fields)

    monkeypatch.setattr(Workflow, "wire_from_db", classmethod(counting))

    def page():
        return listing.get_all(Workflows, Workflow, models.WorkflowDefinition, CTX)["workflows"]

    assert [w["name"] for w in page()] == ["wf1"]
    assert [w["name"] for w in page()] == ["wf1"]
    assert rendered == ["wf1"]
