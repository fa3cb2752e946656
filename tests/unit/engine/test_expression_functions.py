"""EngineFunctions: tasks() and executions() across executions, on a real SQLite database
made by the migrations (visibility by project, Mistral's id order, recursive, flat)."""

import dataclasses
import datetime

import pytest

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_db.query import Caller
from mistral_engine.engine import views
from mistral_engine.engine.expression_functions import EngineFunctions
from mistral_engine.lang import parse_workflows

P1 = Caller(project_id="p1")
P2 = Caller(project_id="p2")
ADMIN = Caller(project_id="p3", is_admin=True)
T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, 250000)

PARENT = """
parent:
  tasks:
    a: {action: std.echo output=1, on-complete: [b]}
    b: {workflow: sub, on-complete: [c]}
    c: {action: std.fail}
"""
SUB = """
sub:
  tasks:
    s: {workflow: subsub}
    r: {action: std.noop}
"""
SUBSUB = """
subsub:
  tasks:
    z: {action: std.echo output=9}
"""
OTHER = """
other:
  tasks:
    q: {action: std.noop}
"""


def parsed(text: str):
    return parse_workflows('version: "2.0"\n' + text).workflows[0]


def spec(text: str) -> dict:
    return dict(parsed(text).data)


def at(seconds: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


# (id, spec, project, scope, state, parent task, root, seconds)
EXECUTIONS = [
    ("e3-parent", PARENT, "p1", "private", "RUNNING", None, None, 0),
    ("e1-sub", SUB, "p1", "private", "SUCCESS", "t1-b", "e3-parent", 2),
    ("e4-subsub", SUBSUB, "p1", "private", "ERROR", "t5-s", "e3-parent", 3),
    ("e5-other", OTHER, "p2", "private", "SUCCESS", None, None, 4),
    ("e2-public", OTHER, "p2", "public", "SUCCESS", None, None, 5),
]
# (id, execution, name, type, state, seconds, action result or None)
TASKS = [
    ("t3-a", "e3-parent", "a", "ACTION", "SUCCESS", 0, 1),
    ("t1-b", "e3-parent", "b", "WORKFLOW", "SUCCESS", 1, None),
    ("t2-c", "e3-parent", "c", "ACTION", "ERROR", 6, None),
    ("t5-s", "e1-sub", "s", "WORKFLOW", "SUCCESS", 2, None),
    ("t4-r", "e1-sub", "r", "ACTION", "RUNNING", 3, None),
    ("t6-z", "e4-subsub", "z", "ACTION", "SUCCESS", 3, 9),
    ("t0-q", "e5-other", "q", "ACTION", "SUCCESS", 4, None),
    ("t7-q", "e2-public", "q", "ACTION", "SUCCESS", 5, None),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fn')}/fn.sqlite"
    migration.upgrade(url)
    db_session.configure(url)
    specs, task_specs = {}, {}
    with db_session.transaction() as session:
        for ex_id, text, project, scope, state, task_id, root, seconds in EXECUTIONS:
            specs[ex_id] = spec(text)
            task_specs[ex_id] = parsed(text).tasks
            session.add(
                models.WorkflowExecution(
                    id=ex_id,
                    name=specs[ex_id]["name"],
                    workflow_name=specs[ex_id]["name"],
                    spec=specs[ex_id],
                    project_id=project,
                    scope=scope,
                    state=state,
                    input={},
                    output={"x": ex_id} if state == "SUCCESS" else {},
                    params={"namespace": ""},
                    context={"__execution": {"id": ex_id}},
                    task_execution_id=task_id,
                    root_execution_id=root,
                    accepted=task_id is not None,
                    created_at=at(seconds),
                )
            )
        session.flush()
        for task_id, ex_id, name, type_, state, seconds, result in TASKS:
            project = next(e[2] for e in EXECUTIONS if e[0] == ex_id)
            session.add(
                models.TaskExecution(
                    id=task_id,
                    name=name,
                    workflow_execution_id=ex_id,
                    spec=dict(task_specs[ex_id][name].data),
                    type=type_,
                    state=state,
                    published={"p": name},
                    project_id=project,
                    created_at=at(seconds),
                    updated_at=at(seconds + 1) if state != "RUNNING" else None,
                )
            )
            if result is not None:
                session.add(
                    models.ActionExecution(
                        id=f"a-{task_id}",
                        task_execution_id=task_id,
                        state="SUCCESS",
                        accepted=True,
                        output={"result": result},
                        project_id=project,
                    )
                )
    yield url
    db_session.dispose_all()


def functions(session, caller=P1, current=None):
    wf_ex = session.get(models.WorkflowExecution, "e3-parent")
    wf = views.workflow_view(session, wf_ex)
    if current is not None:
        current = current(wf)
    return EngineFunctions(session, caller, wf, current)


def task_ids(caller=P1, current=None, **kw):
    with db_session.transaction(read_only=True) as session:
        return [t["id"] for t in functions(session, caller, current).tasks(**kw)]


def ex_ids(caller=P1, **kw):
    with db_session.transaction(read_only=True) as session:
        return [e["id"] for e in functions(session, caller).executions(**kw)]


def test_tasks_of_an_execution_are_ordered_by_id_as_in_mistral(db):
    assert task_ids(workflow_execution_id="e3-parent") == ["t1-b", "t2-c", "t3-a"]
    assert task_ids(workflow_execution_id="e1-sub") == ["t4-r", "t5-s"]
    assert task_ids(workflow_execution_id="nope") == []


def test_recursive_appends_sub_workflow_tasks_depth_first(db):
    assert task_ids(workflow_execution_id="e3-parent", recursive=True) == [
        "t1-b",
        "t2-c",
        "t3-a",
        "t4-r",
        "t5-s",
        "t6-z",
    ]


def test_recursive_with_state_filters_every_level(db):
    assert task_ids(workflow_execution_id="e3-parent", recursive=True, state="SUCCESS") == [
        "t1-b",
        "t3-a",
        "t5-s",
        "t6-z",
    ]
    assert task_ids(workflow_execution_id="e3-parent", recursive=True, state="RUNNING") == ["t4-r"]


def test_flat_drops_workflow_tasks_whose_sub_execution_has_their_state(db):
    # b and its sub-execution both SUCCESS: dropped; s is SUCCESS, its sub-execution ERROR.
    assert task_ids(workflow_execution_id="e3-parent", recursive=True, flat=True) == [
        "t2-c",
        "t3-a",
        "t4-r",
        "t5-s",
        "t6-z",
    ]
    assert task_ids(workflow_execution_id="e1-sub", flat=True, state="SUCCESS") == ["t5-s"]


def test_tasks_without_id_are_all_the_callers_project_sees(db):
    assert task_ids() == ["t1-b", "t2-c", "t3-a", "t4-r", "t5-s", "t6-z"]
    # Task rows are private even when their execution is public.
    assert task_ids(P2) == ["t0-q", "t7-q"]
    assert task_ids(ADMIN) == ["t0-q", "t1-b", "t2-c", "t3-a", "t4-r", "t5-s", "t6-z", "t7-q"]
    assert task_ids(state="ERROR") == ["t2-c"]
    # Without an id there is nothing to descend into: all tasks are already there.
    assert task_ids(recursive=True, state="RUNNING") == ["t4-r"]


def test_tasks_of_another_project_are_not_visible(db):
    assert task_ids(workflow_execution_id="e5-other") == []
    assert task_ids(P2, workflow_execution_id="e5-other") == ["t0-q"]


def test_a_task_of_another_execution_has_the_exact_task_dict(db):
    with db_session.transaction(read_only=True) as session:
        found = functions(session).tasks("e4-subsub")
    assert found == [
        {
            "id": "t6-z",
            "name": "z",
            "spec": {
                "action": "std.echo output=9",
                "type": "direct",
                "name": "z",
                "version": "2.0",
            },
            "state": "SUCCESS",
            "state_info": None,
            "result": 9,
            "published": {"p": "z"},
            "type": "ACTION",
            "workflow_execution_id": "e4-subsub",
            "created_at": "2026-03-01 12:00:03",
            "updated_at": "2026-03-01 12:00:04",
        }
    ]


def test_a_workflow_task_result_is_its_accepted_sub_execution_output(db):
    with db_session.transaction(read_only=True) as session:
        b = functions(session).tasks("e3-parent")[0]
    assert (b["name"], b["result"]) == ("b", {"x": "e1-sub"})


def test_the_current_execution_answers_from_its_snapshot(db):
    def newer_c(wf):
        return dataclasses.replace(wf.task_by_id("t2-c"), state="SUCCESS", published={})

    assert task_ids(current=newer_c, workflow_execution_id="e3-parent", state="SUCCESS") == [
        "t1-b",
        "t2-c",
        "t3-a",
    ]
    assert task_ids(current=newer_c, state="ERROR") == []
    with db_session.transaction(read_only=True) as session:
        fns = functions(session, current=newer_c)
        c = fns.tasks("e3-parent")[1]
        assert c == fns.task("c")
    assert (c["state"], c["published"], c["spec"]) == (
        "SUCCESS",
        {},
        {"action": "std.fail", "type": "direct", "name": "c", "version": "2.0"},
    )


def test_executions_are_the_visible_ones_ordered_by_id(db):
    assert ex_ids() == ["e1-sub", "e2-public", "e3-parent", "e4-subsub"]
    assert ex_ids(P2) == ["e2-public", "e5-other"]
    assert ex_ids(ADMIN) == ["e1-sub", "e2-public", "e3-parent", "e4-subsub", "e5-other"]


def test_executions_filters(db):
    assert ex_ids(id="e3-parent") == ["e3-parent"]
    assert ex_ids(id="e5-other") == []
    assert ex_ids(root_execution_id="e3-parent") == ["e1-sub", "e4-subsub"]
    assert ex_ids(state="SUCCESS") == ["e1-sub", "e2-public"]
    assert ex_ids(from_time="2026-03-01 12:00:03") == ["e2-public", "e4-subsub"]
    assert ex_ids(to_time="2026-03-01T12:00:03") == ["e1-sub", "e3-parent"]
    assert ex_ids(from_time="2026-03-01 12:00:02", to_time="2026-03-01 12:00:03.5") == [
        "e1-sub",
        "e4-subsub",
    ]
    assert ex_ids(from_time="2026-03-01T13:00:02+01:00") == ["e1-sub", "e2-public", "e4-subsub"]
    assert ex_ids(state="SUCCESS", root_execution_id="e3-parent") == ["e1-sub"]


def test_an_execution_has_every_column_in_mistrals_order(db):
    with db_session.transaction(read_only=True) as session:
        (found,) = functions(session).executions(id="e1-sub")
    assert list(found) == [
        "spec",
        "accepted",
        "input",
        "output",
        "params",
        "context",
        "id",
        "name",
        "description",
        "workflow_name",
        "workflow_namespace",
        "workflow_id",
        "state",
        "state_info",
        "tags",
        "runtime_context",
        "scope",
        "project_id",
        "created_at",
        "updated_at",
        "task_execution_id",
        "root_execution_id",
    ]
    assert found["spec"] == spec(SUB)
    assert {k: v for k, v in found.items() if k != "spec"} == {
        "accepted": True,
        "input": {},
        "output": {"x": "e1-sub"},
        "params": {"namespace": ""},
        "context": {"__execution": {"id": "e1-sub"}},
        "id": "e1-sub",
        "name": "sub",
        "description": None,
        "workflow_name": "sub",
        "workflow_namespace": None,
        "workflow_id": None,
        "state": "SUCCESS",
        "state_info": None,
        "tags": None,
        "runtime_context": None,
        "scope": "private",
        "project_id": "p1",
        "created_at": "2026-03-01T12:00:02.000000",
        "updated_at": None,
        "task_execution_id": "t1-b",
        "root_execution_id": "e3-parent",
    }
