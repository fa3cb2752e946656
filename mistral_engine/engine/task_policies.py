"""Applies task policies (decisions in ``workflow.policies``) to the rows of one event.

``before_start`` runs when a task first starts (pause-before, wait-before, timeout,
concurrency) and ``after_complete`` when it completes (wait-after, fail-on, retry), in
Mistral's order.
Delays become scheduler jobs written in the event's transaction; their handlers are the
``continue_task``, ``complete_task`` and ``fail_task_if_incomplete`` events of
``engine.workflows``.
"""

from mistral_engine import expressions
from mistral_engine.engine import scheduler
from mistral_engine.workflow import data_flow, states
from mistral_engine.workflow import policies as decide

CONTINUE_TASK = "continue_task"
COMPLETE_TASK = "complete_task"
FAIL_IF_INCOMPLETE = "fail_task_if_incomplete"


def _schedule(run, wf_ex, delay: int, func_name: str, **func_args) -> None:
    scheduler.schedule(
        run.session,
        delay=delay,
        func_name=func_name,
        func_args={"ctx": run.ctx_values, **func_args},
        execution_id=wf_ex.id,
    )


def before_start(run, wf_ex, task_ex, task_spec, wf_view, ctx: dict, fns) -> bool:
    """Apply the start policies; False when the task must not run its action now."""
    wf_spec = wf_view.spec
    if not decide.has_policies(task_spec, wf_spec):
        return True
    values = decide.evaluate(task_spec, wf_spec, ctx, fns)
    runtime = dict(task_ex.runtime_context or {})
    if values.pause_before:
        task_ex.state, task_ex.state_info = states.IDLE, "Set by 'pause-before' policy"
        wf_ex.state, wf_ex.state_info = states.PAUSED, None
    if values.wait_before and task_ex.state != states.IDLE:
        runtime[decide.WAIT_BEFORE_KEY] = {"skip": True}
        task_ex.state = states.RUNNING_DELAYED
        task_ex.state_info = decide.delayed_info("wait-before", values.wait_before)
        _schedule(run, wf_ex, values.wait_before, CONTINUE_TASK, task_ex_id=task_ex.id)
    if values.timeout:
        _schedule(
            run,
            wf_ex,
            values.timeout,
            FAIL_IF_INCOMPLETE,
            task_ex_id=task_ex.id,
            timeout=values.timeout,
        )
    if values.concurrency:
        # Read by a with-items task; Mistral records it for any task.
        runtime["concurrency"] = values.concurrency
    task_ex.runtime_context = runtime
    return task_ex.state == states.RUNNING


def after_complete(run, wf_ex, task_ex) -> bool:
    """Apply the completion policies to a task that just completed (its publish done);
    False when it is delayed (wait-after, retry) and its transitions must wait. A skipped
    task has none."""
    if task_ex.state == states.SKIPPED:
        return True
    wf_spec = run.view_spec(wf_ex)
    task_spec = wf_spec.tasks[task_ex.name]
    if not decide.has_policies(task_spec, wf_spec):
        return True
    wf_view = run.view(wf_ex)
    task_view = wf_view.task_by_id(task_ex.id)
    fns = run.functions(wf_view, task_view)
    values = decide.evaluate(
        task_spec, wf_view.spec, data_flow.task_context(wf_view, task_view), fns
    )
    runtime = dict(task_ex.runtime_context or {})
    if values.wait_after and not (runtime.get(decide.WAIT_AFTER_KEY) or {}).get("skip"):
        runtime[decide.WAIT_AFTER_KEY] = {"skip": True}
        end_state, end_info = task_ex.state, task_ex.state_info
        task_ex.state = states.RUNNING_DELAYED
        task_ex.state_info = decide.delayed_info("wait-after", values.wait_after)
        _schedule(
            run,
            wf_ex,
            values.wait_after,
            COMPLETE_TASK,
            task_ex_id=task_ex.id,
            state=end_state,
            state_info=end_info,
        )
    outcome_ctx = data_flow.transition_context(wf_view, task_view)
    if (
        task_ex.state == states.SUCCESS
        and values.fail_on is not None
        and expressions.evaluate(values.fail_on, outcome_ctx, fns)
    ):
        task_ex.state, task_ex.state_info = states.ERROR, "Failed by 'fail-on' policy"
    retry = values.retry
    if (
        retry is not None
        and retry.count
        and states.is_completed(task_ex.state)
        and task_ex.state != states.CANCELLED
    ):
        # The last attempt's number stays (as Mistral 23 shows it) once retries end.
        policy_ctx = dict(runtime.get(decide.RETRY_KEY) or {})
        retry_no = policy_ctx.get("retry_no", 0)
        if decide.should_retry(retry, retry_no, task_ex.state, outcome_ctx, fns):
            # The failed attempt's result no longer counts (Mistral's invalidate_result).
            for child in run.children_of(wf_ex, task_ex):
                child.accepted = False
            policy_ctx["retry_no"] = retry_no + 1
            task_ex.state = states.RUNNING_DELAYED
            task_ex.state_info = decide.delayed_info("retry", retry.delay)
            _schedule(run, wf_ex, retry.delay, CONTINUE_TASK, task_ex_id=task_ex.id)
        runtime[decide.RETRY_KEY] = policy_ctx
    task_ex.runtime_context = runtime
    return task_ex.state != states.RUNNING_DELAYED
