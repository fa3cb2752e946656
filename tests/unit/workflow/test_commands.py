from mistral_engine.workflow.commands import (
    FailWorkflow,
    Noop,
    PauseWorkflow,
    RunTask,
    arrange_commands,
)


def test_noop_is_dropped_and_joins_come_last_sorted_by_key():
    a, b = RunTask("a"), RunTask("b")
    j2 = RunTask("j2", is_join=True, unique_key="k2")
    j1 = RunTask("j1", is_join=True, unique_key="k1")
    assert arrange_commands([j2, a, Noop(), j1, b]) == [a, b, j1, j2]


def test_fail_first_is_dispatched_alone():
    fail = FailWorkflow("m")
    assert arrange_commands([fail, RunTask("a")]) == [fail]


def test_tasks_after_fail_are_dropped_before_it_kept():
    a, fail = RunTask("a"), FailWorkflow("m")
    assert arrange_commands([a, fail, RunTask("b")]) == [a, fail]


def test_tasks_after_pause_are_kept_for_the_backlog():
    pause, b = PauseWorkflow(None), RunTask("b")
    assert arrange_commands([pause, b]) == [pause, b]


def test_triggered_by_list_is_the_runtime_context_form():
    cmd = RunTask("b", {}, (("a-id", "on-success"),))
    assert cmd.triggered_by_list() == [{"task_id": "a-id", "event": "on-success"}]
