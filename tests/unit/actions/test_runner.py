"""run_action: context, results, exception texts, timeout."""

import time

from mistral_lib import actions as ml_actions

from mistral_engine.actions import build_context, run_action


class _Probe(ml_actions.Action):
    def __init__(self, behaviour):
        self.behaviour = behaviour

    def run(self, context):
        return self.behaviour(context)

    def __repr__(self):
        return "Probe"


def test_plain_value_becomes_result():
    res = run_action(_Probe(lambda c: [1, 2]), "ax")
    assert (res.data, res.error, res.cancel) == ([1, 2], None, False)


def test_result_passes_through():
    res = run_action(_Probe(lambda c: ml_actions.Result(error={"e": 1})), "ax")
    assert res.error == {"e": 1}


def test_exception_text():
    def boom(c):
        raise RuntimeError("it's broken")

    res = run_action(_Probe(boom), "ax-9")
    assert res.error == (
        "The action raised an exception [action=Probe, action_ex_id=ax-9, msg='it's broken']"
    )
    assert res.data is None


def test_system_exit_is_caught():
    def leave(c):
        raise SystemExit("bye")

    assert run_action(_Probe(leave), None).error == (
        "The action raised an exception [action=Probe, action_ex_id=None, msg='bye']"
    )


def test_context_built():
    info = {
        "security": {"auth_token": "t", "project_id": "p", "unknown": 1},
        "execution": {
            "workflow_execution_id": "we",
            "task_execution_id": "te",
            "action_execution_id": "ae",
            "workflow_name": "wf",
            "callback_url": "/v2/action_executions/ae",
            "extra": 2,
        },
    }
    seen = run_action(_Probe(lambda c: c), "ae", info).data
    assert seen.security.auth_token == "t"
    assert seen.security.project_id == "p"
    assert seen.execution.workflow_name == "wf"
    assert seen.execution.callback_url == "/v2/action_executions/ae"
    ctx = build_context(None)
    assert ctx.execution.workflow_execution_id is None


def test_timeout():
    start = time.monotonic()
    res = run_action(_Probe(lambda c: time.sleep(2)), "ax", timeout=0.2)
    assert time.monotonic() - start < 1.5
    assert res.error == (
        "The action raised an exception [action=Probe, action_ex_id=ax, "
        "msg='Timeout after 0.2 seconds']"
    )


def test_timeout_not_reached():
    assert run_action(_Probe(lambda c: 5), "ax", timeout=5).data == 5

    def boom(c):
        raise ValueError("v")

    assert run_action(_Probe(boom), "ax", timeout=5).error.endswith("msg='v']")


def test_context_info_adds_the_action_execution_and_the_callers_security():
    from mistral_engine.actions import runner
    from mistral_engine.context import RequestContext

    caller = RequestContext(project_id="p1", user_name="u1", auth_token="tok")
    info = runner.context_info(
        {"workflow_execution_id": "w1", "task_execution_id": "t1", "workflow_name": "wf"},
        "a1",
        caller,
    )
    ctx = build_context(info)
    assert (
        ctx.execution.workflow_execution_id,
        ctx.execution.task_execution_id,
        ctx.execution.workflow_name,
        ctx.execution.action_execution_id,
        ctx.execution.callback_url,
    ) == ("w1", "t1", "wf", "a1", "/v2/action_executions/a1")
    assert (ctx.security.project_id, ctx.security.user_name, ctx.security.auth_token) == (
        "p1",
        "u1",
        "tok",
    )


class _ReadsAppContext(ml_actions.Action):
    def run(self, context):
        from mistral_lib import utils

        app = utils.get_thread_local("MISTRAL_APP_CTX_THREAD_LOCAL")
        return [app.project_id, app.auth_token, app.service_catalog]


def test_the_callers_context_is_where_mistral_action_packs_read_it():
    from mistral_lib import utils

    from mistral_engine.actions import runner
    from mistral_engine.context import RequestContext

    info = runner.context_info({}, "a1", RequestContext(project_id="p9", auth_token="t9"))
    assert run_action(_ReadsAppContext(), "a1", info).data == ["p9", "t9", None]
    assert run_action(_ReadsAppContext(), "a1", info, timeout=5).data == ["p9", "t9", None]
    assert not utils.has_thread_local("MISTRAL_APP_CTX_THREAD_LOCAL")
