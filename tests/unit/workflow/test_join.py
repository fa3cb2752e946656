import hashlib

from mistral_engine.workflow import direct, states
from mistral_engine.workflow.commands import RunTask
from tests.unit.workflow.helpers import task, wf_view


def h(key: str) -> str:
    return hashlib.md5(key.encode()).hexdigest()


JOIN = """
wf:
  tasks:
    a: {action: std.echo output=1, publish: {va: 1}, on-success: [c]}
    b: {action: std.echo output=2, publish: {vb: 2}, on-success: [c]}
    c: {join: JOIN, action: std.noop}
"""


def view(join="all", tasks=()):
    return wf_view(JOIN.replace("JOIN", str(join)), tasks=tasks)


def a_done(**kw):
    return task("a", published={"va": 1}, next_tasks=(("c", "on-success"),), **kw)


def test_join_target_command_carries_the_unique_key():
    d = direct.on_task_completed(view(), a_done())
    assert d.commands == [
        RunTask(
            "c",
            {"va": 1, "__versions": {h("va"): 1}},
            (("a-id", "on-success"),),
            is_join=True,
            unique_key="join-task-wf1-c",
        )
    ]


def test_join_all_waits_with_task_is_waiting():
    c = task("c", states.WAITING, state_info="Task is waiting.")
    wf = view(tasks=[a_done(), task("b", states.RUNNING), c])
    assert direct.join_state(wf, c) == direct.JoinState("WAITING", "Task is waiting.")


def test_join_all_runs_with_merged_context_when_every_inbound_fired():
    # dsl-v2 §25.5
    c = task("c", states.WAITING, in_context={"va": 1, "__versions": {h("va"): 1}})
    b = task("b", published={"vb": 2}, next_tasks=(("c", "on-success"),))
    wf = view(tasks=[a_done(), b, c])
    assert direct.join_state(wf, c) == direct.JoinState(
        "RUNNING",
        None,
        [{"task_id": "a-id", "event": "on-success"}, {"task_id": "b-id", "event": "on-success"}],
        {"va": 1, "vb": 2, "__versions": {h("va"): 1, h("vb"): 1}},
    )


def test_join_all_fails_when_an_inbound_task_did_not_fire_it():
    c = task("c", states.WAITING)
    wf = view(tasks=[a_done(), task("b", states.ERROR), c])
    assert direct.join_state(wf, c) == direct.JoinState("ERROR", "Failed by tasks: ['b']")


def test_join_fails_when_an_inbound_task_can_no_longer_run():
    text = (
        "wf:\n  tasks:\n    s: {action: std.noop, on-success: [a, x]}\n"
        "    x: {action: std.fail, on-success: [b]}\n"
        "    a: {action: std.noop, on-success: [c]}\n    b: {action: std.noop, on-success: [c]}\n"
        "    c: {join: all, action: std.noop}\n"
    )
    c = task("c", states.WAITING)
    s = task("s", next_tasks=(("a", "on-success"), ("x", "on-success")))
    wf = wf_view(text, tasks=[s, a_done(), task("x", states.ERROR), c])
    assert direct.join_state(wf, c).state_info == "Failed by tasks: ['b']"
    running_x = wf_view(text, tasks=[s, a_done(), task("x", states.RUNNING), c])
    assert direct.join_state(running_x, c).state == "WAITING"


def test_join_one_runs_on_first_arrival_and_fails_only_when_all_failed():
    c = task("c", states.WAITING)
    wf = view("one", [a_done(), task("b", states.RUNNING), c])
    assert direct.join_state(wf, c).state == "RUNNING"
    both_failed = view("one", [task("a", states.ERROR), task("b", states.ERROR), c])
    assert direct.join_state(both_failed, c).state_info == "Failed by tasks: ['a', 'b']"
    one_failed = view("one", [task("a", states.ERROR), task("b", states.RUNNING), c])
    assert direct.join_state(one_failed, c).state == "WAITING"


def test_join_n_counts_fired_transitions():
    c = task("c", states.WAITING)
    assert direct.join_state(view(2, [a_done(), task("b", states.RUNNING), c]), c).state == (
        "WAITING"
    )


def test_waiting_joins_downstream_are_refreshed():
    c = task("c", states.WAITING)
    wf = view(tasks=[a_done(), task("b", states.ERROR), c])
    assert direct.joins_to_refresh(wf, "b") == [c]
    done = view(tasks=[a_done(), task("b", states.ERROR), task("c", states.ERROR)])
    assert direct.joins_to_refresh(done, "b") == []
