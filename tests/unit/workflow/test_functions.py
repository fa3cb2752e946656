from mistral_engine.workflow.functions import SnapshotFunctions
from tests.unit.workflow.helpers import task, wf_view

WF = "wf:\n  tasks:\n    a: {action: std.noop, on-success: [b]}\n    b: {action: std.noop}\n"


def test_task_returns_the_last_execution_with_the_exact_keys():
    wf = wf_view(WF, tasks=[task("a", id="a1"), task("a", id="a2", result=7)])
    d = SnapshotFunctions(wf).task("a")
    assert d == {
        "id": "a2",
        "name": "a",
        "spec": {
            "action": "std.noop",
            "on-success": ["b"],
            "type": "direct",
            "name": "a",
            "version": "2.0",
        },
        "state": "SUCCESS",
        "state_info": None,
        "result": 7,
        "published": {},
        "type": "ACTION",
        "workflow_execution_id": "wf1",
        "created_at": None,
        "updated_at": None,
    }
    assert SnapshotFunctions(wf).task("zz") is None


def test_task_without_name_is_the_current_task():
    cur = task("a", id="a1", state="SUCCESS", result=1)
    wf = wf_view(WF, tasks=[task("a", id="a1", state="RUNNING"), task("a", id="a2")])
    assert SnapshotFunctions(wf, cur).task()["id"] == "a1"
    assert SnapshotFunctions(wf, cur).task("a")["state"] == "SUCCESS"


def test_execution_has_exactly_the_documented_keys():
    wf = wf_view(WF, input={"x": 1}, params={"namespace": ""}, created_at="2024-01-01 00:00:00")
    assert sorted(SnapshotFunctions(wf).execution()) == [
        "created_at",
        "id",
        "input",
        "name",
        "params",
        "root_execution_id",
        "spec",
        "updated_at",
    ]


def test_global_reads_the_execution_context():
    wf = wf_view(WF, context={"__execution": {"id": "wf1"}, "g": 1})
    assert SnapshotFunctions(wf).global_("g") == 1
    assert SnapshotFunctions(wf).global_("nope") is None


def test_tasks_filters_by_state():
    wf = wf_view(WF, tasks=[task("a"), task("b", "ERROR")])
    assert [t["name"] for t in SnapshotFunctions(wf).tasks(state="ERROR")] == ["b"]
