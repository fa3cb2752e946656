"""The fast read lane answers plain GETs byte for byte as pecan and WSME do, and leaves
everything else (errors, odd parameters, other paths) to them."""

import pytest
import webob
from oslo_config import cfg

from mistral_api import app as api_app
from mistral_api import wire_cache
from mistral_db import migration
from mistral_db import session as db_session
from mistral_engine import conf as _conf  # noqa: F401  registers the options
from mistral_engine.context import RequestContext
from mistral_engine.services import environments, workbooks
from mistral_engine.services import workflows as wf_service

CTX = RequestContext()
WORKFLOWS = """---
version: '2.0'
wf1:
  tags: [t1]
  input: [a, b: 2]
  tasks:
    t1:
      action: std.noop
wf with space:
  tasks:
    t1:
      action: std.echo output=1
wf-ü:
  tasks:
    t1:
      action: std.noop
"""
WORKBOOK = """---
version: '2.0'
name: wb1
workflows:
  inner:
    tasks:
      t1:
        action: std.noop
"""

ORDINARY = [
    "/v2/workflows",
    "/v2/workflows?limit=1",
    "/v2/workflows?limit=1&sort_keys=name&sort_dirs=desc",
    "/v2/workflows?name=has:wf&sort_keys=name",
    "/v2/workflows?fields=name,tags",
    "/v2/workflows?tags=t1",
    "/v2/workflows?fields=",
    "/v2/workflows/wf1",
    "/v2/workflows/wf1?fields=name,input",
    "/v2/workflows/wf%20with%20space",
    "/v2/workflows/wf-%C3%BC",
    "/v2/workbooks",
    "/v2/workbooks/wb1",
    "/v2/actions?limit=2&sort_keys=name",
    "/v2/actions/std.noop",
    "/v2/environments",
    "/v2/environments/env1",
    "/v2/executions",
    "/v2/tasks?limit=5",
    "/v2/action_executions",
]
LEFT_TO_PECAN = [
    "/v2/workflows?limit=abc",
    "/v2/workflows?limit=0",
    "/v2/workflows?foo=1",
    "/v2/workflows?limit=1&limit=2",
    "/v2/workflows?sort_dirs=sideways",
    "/v2/workflows?marker=not-a-uuid",
    "/v2/workflows?marker=00000000-0000-0000-0000-000000000000",
    "/v2/workflows?fields=nope",
    "/v2/workflows/nope",
    "/v2/workflows/wf1?identifier=x",
    "/v2/workflows/",
    "/v2/workflows/validate",
    "/v2/executions/00000000-0000-0000-0000-000000000000",
    "/v2/executions/not-a-uuid",
    "/v2/tasks/%ZZ",
    "/v2/members",
    "/v2",
    "/",
]


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fast')}/f.sqlite"
    migration.upgrade(url)
    conf = cfg.CONF  # the policy enforcer reads the global one
    conf([], project="mistral", default_config_files=[])
    conf.set_override("connection", url, group="database")
    conf.set_override("auth_enable", False, group="pecan")
    db_session.configure_from_conf(conf)
    from mistral_engine.services import populate

    populate.populate_system_actions()
    wf_service.create_workflows(CTX, WORKFLOWS)
    workbooks.create_workbook(CTX, WORKBOOK)
    environments.create_environment(CTX, {"name": "env1", "variables": {"k": "v"}})
    plain = api_app.setup_app(conf, rpc_clients=(None, None), fast_read_lane=False)
    fast = api_app.setup_app(conf, configure_db=False, rpc_clients=(None, None))
    lane = fast.app
    calls = []
    inner = lane.app

    def counting(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    lane.app = counting
    yield plain, fast, calls
    conf.clear_override("connection", group="database")
    conf.clear_override("auth_enable", group="pecan")
    wire_cache.clear()
    db_session.dispose_all()


def answer(app, path):
    response = webob.Request.blank(path).get_response(app)
    return response.status, response.headerlist, response.body


@pytest.mark.parametrize("path", ORDINARY)
def test_the_lane_answers_plain_gets_as_pecan_does(apps, path):
    plain, fast, calls = apps
    before = len(calls)
    expected = answer(plain, path)
    assert expected[0] == "200 OK"
    assert answer(fast, path) == expected
    assert len(calls) == before, "the lane handed an ordinary GET to pecan"


@pytest.mark.parametrize("path", LEFT_TO_PECAN)
def test_everything_else_is_answered_by_pecan(apps, path):
    plain, fast, calls = apps
    before = len(calls)
    assert answer(fast, path) == answer(plain, path)
    assert len(calls) == before + 1


def test_a_marker_page_and_its_next_link(apps):
    plain, fast, _ = apps
    first = webob.Request.blank("/v2/workflows?limit=1&sort_keys=name").get_response(fast)
    marker = first.json["workflows"][0]["id"]
    assert first.json["next"] == (
        f"http://localhost/v2/workflows?sort_keys=name,id&sort_dirs=asc,asc&limit=1&marker={marker}"
    )
    path = f"/v2/workflows?limit=1&sort_keys=name&marker={marker}"
    assert answer(fast, path) == answer(plain, path)
    # "wb1.inner" (the workbook's workflow) sorts first, then "wf with space".
    assert first.json["workflows"][0]["name"] == "wb1.inner"
    second = webob.Request.blank(path).get_response(fast).json["workflows"]
    assert [w["name"] for w in second] == ["wf with space"]


def test_warm_up_reads_a_page_and_the_page_after_it_of_every_collection(apps):
    from mistral_db import models
    from mistral_db import query as db_query

    _, fast, calls = apps
    db_query._statements.clear()
    before = len(calls)
    fast.warm_up()
    assert len(calls) == before
    built = {(key[0], key[1]) for key in db_query._statements}
    for model in (models.WorkflowDefinition, models.ActionDefinition, models.WorkflowExecution):
        assert ("list", model) in built
    # Only collections with a first row have a page after it.
    assert ("marker", models.ActionDefinition) in built
    assert ("marker", models.WorkflowExecution) not in built
