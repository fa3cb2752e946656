"""Starts what a task runs: its action execution (run inside the engine, or sent to an
executor through the outbox) or its sub-workflow execution. A with-items iteration passes
its index, its evaluated input and its context."""

from mistral_db import models
from mistral_engine import exceptions, expressions
from mistral_engine.actions import inputs, registry
from mistral_engine.engine import action_plan, lookup, outbox
from mistral_engine.workflow import states


def start_action(
    run,
    wf_ex,
    task_ex,
    task_spec,
    ctx,
    fns,
    env,
    *,
    index=0,
    action_input=None,
    input_ctx=None,
) -> None:
    """Create the task's action execution and run it here or send it to an executor.
    A with-items iteration passes its index, its evaluated input and its context."""
    action_name = expressions.evaluate(task_spec.action, ctx, fns)
    input_ctx = ctx if input_ctx is None else input_ctx
    if action_input is None:
        action_input = expressions.evaluate(task_spec.input, input_ctx, fns) or {}
    if not isinstance(action_input, dict):
        raise exceptions.InputException(
            f"Wrong dynamic input for task: {task_ex.name}. Dict type is expected. "
            f"Actual type: {type(action_input).__name__}. Actual value: {action_input}"
        )
    defaults = ((env or {}).get("__actions") or {}).get(action_name) or {}
    action_input = {**defaults, **action_input}
    namespace = wf_ex.workflow_namespace or ""
    plan = action_plan.plan(
        run.session, run.ctx.caller, action_name, action_input, namespace, input_ctx, fns
    )
    action_ex = models.ActionExecution(
        id=models.new_id(),
        name=action_name,
        task_execution_id=task_ex.id,
        workflow_name=wf_ex.workflow_name,
        workflow_namespace=namespace,
        state=states.RUNNING,
        input=action_input,
        accepted=False,
        is_sync=True,
        runtime_context={"index": index},
        spec={"base": plan.base, "adhoc": bool(plan.adhoc_chain)},
        project_id=wf_ex.project_id,
        created_at=models.utcnow(),
    )
    run.session.add(action_ex)
    run.snapshot.add_action(wf_ex, action_ex)
    if action_plan.is_engine_local(plan):
        action = inputs.instantiate(
            registry.get_system_action_class(plan.base), plan.input, plan.base
        )
        # Run it once every command of this dispatch exists: completing it right here
        # could complete the workflow before its sibling branches are created.
        run.local_runs.append((action, plan, action_ex, task_ex, wf_ex))
        return
    run.messages.append(
        outbox.add(
            run.session,
            topic=run.engine.conf.executor.topic,
            method="run_action",
            execution_id=wf_ex.id,
            payload={
                "ctx": run.ctx_values,
                "action_ex_id": action_ex.id,
                "action": plan.message(),
                "safe_rerun": bool(task_spec.safe_rerun),
                "exec_ctx": exec_info(wf_ex, task_ex),
                "target": expressions.evaluate(task_spec.target, input_ctx, fns)
                if task_spec.target
                else None,
                # Mistral gives the executor the task's own timeout, not task-defaults'.
                "timeout": int(expressions.evaluate(task_spec.timeout, ctx, fns) or 0) or None,
            },
        )
    )


def exec_info(wf_ex, task_ex) -> dict:
    return {
        "workflow_execution_id": wf_ex.id,
        "task_execution_id": task_ex.id,
        "workflow_name": wf_ex.name,
        "task_name": task_ex.name,
        "root_execution_id": wf_ex.root_execution_id or wf_ex.id,
    }


def start_subworkflow(run, wf_ex, task_ex, task_spec, ctx, fns, *, index=0, wf_input=None) -> None:
    from mistral_engine.engine import workflows

    name = expressions.evaluate(task_spec.workflow, ctx, fns)
    if wf_input is None:
        wf_input = expressions.evaluate(task_spec.input, ctx, fns) or {}
    parent_spec = run.view_spec(wf_ex)
    wf_def = lookup.subworkflow_definition(
        run.session,
        run.ctx.caller,
        wf_ex.workflow_name or wf_ex.name,
        parent_spec.name,
        wf_ex.workflow_namespace or "",
        name,
    )
    # Mistral's parameters of a sub-workflow execution, in its order.
    params = {
        "root_execution_id": wf_ex.root_execution_id or wf_ex.id,
        "task_execution_id": task_ex.id,
        "index": index,
        "namespace": wf_ex.workflow_namespace or "",
        "env": (wf_ex.params or {}).get("env") or {},
    }
    sub = workflows.new_execution(
        run.session,
        run.ctx,
        wf_def,
        wf_input,
        params,
        description="",
        parent=(wf_ex, task_ex),
    )
    run.snapshot.add_subflow(wf_ex, sub)
    run.start_workflow(sub)
