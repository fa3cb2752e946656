"""Runs with-items tasks: starts their iterations and moves the task on as each one
completes. The decisions are ``workflow.with_items``'s; this module applies them to the
rows of one engine event (``Run``)."""

from mistral_engine import expressions
from mistral_engine.engine import task_children
from mistral_engine.workflow import data_flow, states
from mistral_engine.workflow import with_items as decide


def _children(run, wf_ex, task_ex) -> list[decide.Child]:
    """The iterations of the current attempt: a retry leaves the earlier attempts'
    executions completed but no longer accepted."""
    return [
        decide.Child(
            index=(ex.runtime_context or {}).get("index", 0),
            state=ex.state,
            accepted=bool(ex.accepted),
        )
        for ex in run.children_of(wf_ex, task_ex)
        if ex.accepted or not states.is_completed(ex.state)
    ]


def start(run, wf_ex, task_ex, task_spec, wf_view, task_view, ctx: dict, fns) -> None:
    """Evaluate the items and start the first iterations (all of them without a
    concurrency limit); a task over no items succeeds at once with ``[]``."""
    runtime = dict(task_ex.runtime_context or {})
    concurrency = runtime.get("concurrency")  # the policy's value (task_policies)
    values = decide.iteration_values(task_spec.with_items, ctx, fns)
    count = decide.count_of(values)
    task_ex.runtime_context = {
        **runtime,
        decide.RUNTIME_KEY: decide.initial_runtime(concurrency, count),
    }
    if count == 0:
        run.complete_task(wf_ex, task_ex, states.SUCCESS, None)
        return
    _start_next(run, wf_ex, task_ex, task_spec, wf_view, task_view, ctx, fns, values)


def _start_next(run, wf_ex, task_ex, task_spec, wf_view, task_view, ctx, fns, values) -> None:
    runtime = task_ex.runtime_context[decide.RUNTIME_KEY]
    indexes = decide.next_indexes(
        runtime["count"], runtime["capacity"], _children(run, wf_ex, task_ex)
    )
    # Every input is evaluated before any iteration starts: a failing item starts none.
    iterations = []
    for index in indexes:
        layer = decide.item_layer(values, index, task_view.in_context)
        item_ctx = data_flow.task_context(wf_view, task_view, layer)
        item_input = expressions.evaluate(task_spec.input, item_ctx, fns) or {}
        iterations.append((index, item_ctx, item_input))
    for index, item_ctx, item_input in iterations:
        if task_spec.workflow:
            task_children.start_subworkflow(
                run, wf_ex, task_ex, task_spec, ctx, fns, index=index, wf_input=item_input
            )
        else:
            task_children.start_action(
                run,
                wf_ex,
                task_ex,
                task_spec,
                ctx,
                fns,
                wf_view.env,
                index=index,
                action_input=item_input,
                input_ctx=item_ctx,
            )
    task_ex.runtime_context = {
        **task_ex.runtime_context,
        decide.RUNTIME_KEY: decide.taken(runtime, len(iterations)),
    }


def on_child_complete(run, wf_ex, task_ex) -> None:
    """One iteration completed: give its slot back, then complete the task or start the
    iterations the freed slots allow."""
    runtime = dict(task_ex.runtime_context or {})
    concurrency = runtime.get("concurrency")
    counters = decide.released(runtime.get(decide.RUNTIME_KEY) or {}, concurrency)
    task_ex.runtime_context = {**runtime, decide.RUNTIME_KEY: counters}
    children = _children(run, wf_ex, task_ex)
    done = decide.completion(counters, concurrency, children)
    if done is not None:
        run.complete_task(wf_ex, task_ex, *done)
        return
    if not concurrency or not decide.next_indexes(counters["count"], None, children):
        return
    task_spec = run.view_spec(wf_ex).tasks[task_ex.name]
    wf_view = run.view(wf_ex)
    task_view = wf_view.task_by_id(task_ex.id)
    fns = run.functions(wf_view, task_view)
    ctx = data_flow.task_context(wf_view, task_view)
    values = decide.iteration_values(task_spec.with_items, ctx, fns)
    _start_next(run, wf_ex, task_ex, task_spec, wf_view, task_view, ctx, fns, values)
