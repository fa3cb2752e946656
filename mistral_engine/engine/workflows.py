"""The engine's event handlers: start a workflow, complete an action, pause, resume, stop,
rerun. Each runs in ONE transaction that locks the root execution, then sends what the
transaction wrote to the outbox."""

import copy

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, expressions
from mistral_engine.engine import locking, lookup, scheduler, task_policies, views
from mistral_engine.engine.run import Run, action_result
from mistral_engine.rpc.serializer import ContextSerializer
from mistral_engine.workflow import policies, states

EXECUTION_FIELDS = (
    "id",
    "name",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "description",
    "state",
    "state_info",
    "input",
    "output",
    "params",
    "task_execution_id",
    "root_execution_id",
    "project_id",
    "tags",
    "created_at",
    "updated_at",
)


def execution_dict(wf_ex) -> dict:
    values = {f: getattr(wf_ex, f) for f in EXECUTION_FIELDS}
    values["created_at"] = views.fmt_time(wf_ex.created_at)
    values["updated_at"] = views.fmt_time(wf_ex.updated_at)
    return values


def _root_id(wf_ex) -> str:
    return wf_ex.root_execution_id or wf_ex.id


def validate_input(wf_spec, wf_input: dict) -> dict:
    """Mistral's "Invalid input" check, then the defaults filled in."""
    declared = wf_spec.input_params()
    names = [name for name, _, _ in declared]
    missing = [
        name for name, has_default, _ in declared if not has_default and name not in wf_input
    ]
    unexpected = [name for name in wf_input if name not in names]
    if missing or unexpected:
        spec_class = "ReverseWorkflowSpec" if wf_spec.type == "reverse" else "DirectWorkflowSpec"
        msg = f"Invalid input [name={wf_spec.name}, class={spec_class}"
        if missing:
            msg += f", missing={missing}"
        if unexpected:
            msg += f", unexpected={unexpected}"
        raise exceptions.InputException(msg + "]")
    result = dict(wf_input)
    for name, has_default, default in declared:
        if has_default and name not in result:
            result[name] = copy.deepcopy(default)
    return result


def _resolve_env(session, ctx, params: dict) -> dict:
    """The execution's env: a dict, or an environment's variables by name (Mistral's
    messages), evaluated against itself unless ``evaluate_env`` is false."""
    env = params.get("env")
    if isinstance(env, str) and env:
        row = db_api.find_one(session, models.Environment, ctx.caller, name=env)
        if row is None:
            raise exceptions.InputException(f"Environment is not found: {env}")
        env = row.variables
    elif env and not isinstance(env, dict):
        raise exceptions.InputException(
            f"Unexpected value type for environment [env={env}, type={type(env)}]"
        )
    env = copy.deepcopy(env or {})
    if env and params.get("evaluate_env", True):
        env = expressions.evaluate(env, {"__env": env})
    return env


def new_execution(
    session,
    ctx,
    wf_def,
    wf_input: dict,
    params: dict,
    description: str,
    wf_ex_id: str | None = None,
    parent=None,
):
    """A RUNNING workflow execution row (validated input, resolved env, evaluated vars)."""
    wf_spec = lookup.workflow_spec(wf_def.spec, (wf_def.id, str(wf_def.updated_at)))
    wf_input = validate_input(wf_spec, wf_input or {})
    params = dict(params or {})
    if parent is None:
        params["env"] = _resolve_env(session, ctx, params)
    params.setdefault("namespace", wf_def.namespace or "")
    wf_ex = models.WorkflowExecution(
        id=wf_ex_id or models.new_id(),
        name=wf_def.name,
        workflow_name=wf_def.name,
        workflow_namespace=wf_def.namespace or "",
        workflow_id=wf_def.id,
        description=description or "",
        spec=dict(wf_spec.data),
        state=states.RUNNING,
        input=wf_input,
        params=params,
        output={},
        runtime_context={"index": params.get("index", 0)},
        tags=list(wf_spec.tags or []),
        project_id=ctx.project_id,
    )
    # Mistral's start updates the row it just inserted, so both times are set.
    wf_ex.created_at = wf_ex.updated_at = models.utcnow()
    if parent is not None:
        parent_ex, task_ex = parent
        wf_ex.task_execution_id = task_ex.id
        wf_ex.root_execution_id = _root_id(parent_ex)
    context = {"__execution": {"id": wf_ex.id}}
    if wf_spec.vars:
        scope = {**wf_input, "__env": params.get("env") or {}, **context}
        context.update(expressions.evaluate(wf_spec.vars, scope) or {})
    wf_ex.context = context
    session.add(wf_ex)
    return wf_ex


def start_workflow(
    engine, ctx, wf_identifier, wf_namespace, wf_ex_id, wf_input, description, params
) -> dict:
    with db_session.transaction() as session:
        if wf_ex_id:
            existing = session.get(models.WorkflowExecution, wf_ex_id)
            if existing is not None:
                return execution_dict(existing)
        wf_def = lookup.workflow_definition(session, ctx.caller, wf_identifier, wf_namespace)
        wf_ex = new_execution(session, ctx, wf_def, wf_input, params, description, wf_ex_id)
        run = Run(session, ctx, engine)
        run.start_workflow(wf_ex)
        # The answer shows the execution as its start left it (RUNNING), as in Mistral; the
        # engine-local actions then run in the same transaction.
        result = execution_dict(wf_ex)
        run.drain()
    engine.send_after_commit(run.messages)
    return result


def _root_of_action(session, action_ex_id: str):
    row = session.execute(
        sa.select(models.WorkflowExecution)
        .join(
            models.TaskExecution,
            models.TaskExecution.workflow_execution_id == models.WorkflowExecution.id,
        )
        .join(
            models.ActionExecution,
            models.ActionExecution.task_execution_id == models.TaskExecution.id,
        )
        .where(models.ActionExecution.id == action_ex_id)
    ).scalar_one_or_none()
    return _root_id(row) if row is not None else None


def on_action_complete(engine, ctx, action_ex_id, result, wf_action=False) -> dict:
    """Store an action's result and move its workflow on; a second completion of the same
    action execution changes nothing."""
    result = action_result(result)
    with db_session.transaction() as session:
        root_id = _root_of_action(session, action_ex_id)
        run = Run(session, ctx, engine)
        if root_id is None:
            action_ex = session.get(models.ActionExecution, action_ex_id)
            if action_ex is None:
                raise exceptions.DBEntityNotFoundError(
                    f"ActionExecution not found [id={action_ex_id}]"
                )
            run.complete_action(action_ex, result)
        else:
            with locking.locked_execution(session, root_id):
                action_ex = session.get(models.ActionExecution, action_ex_id)
                run.complete_action(action_ex, result)
                run.drain()
        answer = {"id": action_ex.id, "state": action_ex.state, "output": action_ex.output}
    engine.send_after_commit(run.messages)
    return answer


def _locked_wf_ex(session, wf_ex_id: str):
    wf_ex = session.get(models.WorkflowExecution, wf_ex_id)
    if wf_ex is None:
        raise exceptions.DBEntityNotFoundError(f"WorkflowExecution not found [id={wf_ex_id}]")
    return wf_ex


def _update_env(wf_ex, env) -> None:
    """Merge ``env`` (from a resume or a rerun) into the execution's environment."""
    if env:
        params = dict(wf_ex.params or {})
        params["env"] = {**(params.get("env") or {}), **env}
        wf_ex.params = params


def pause_workflow(engine, ctx, wf_ex_id) -> dict:
    with db_session.transaction() as session:
        wf_ex = _locked_wf_ex(session, wf_ex_id)
        with locking.locked_execution(session, _root_id(wf_ex)):
            session.refresh(wf_ex)
            if wf_ex.state == states.RUNNING:
                wf_ex.state = states.PAUSED
            elif wf_ex.state != states.PAUSED:
                raise exceptions.InvalidStateTransitionException(
                    f"Can't change workflow execution state from {wf_ex.state} to PAUSED. "
                    f"[workflow={wf_ex.name}, execution_id={wf_ex.id}]"
                )
        return execution_dict(wf_ex)


def resume_workflow(engine, ctx, wf_ex_id, env=None) -> dict:
    with db_session.transaction() as session:
        wf_ex = _locked_wf_ex(session, wf_ex_id)
        run = Run(session, ctx, engine)
        with locking.locked_execution(session, _root_id(wf_ex)):
            session.refresh(wf_ex)
            if wf_ex.state in (states.RUNNING, states.CANCELLED):
                return execution_dict(wf_ex)
            if wf_ex.state != states.PAUSED:
                raise exceptions.InvalidStateTransitionException(
                    f"Can't change workflow execution state from {wf_ex.state} to RUNNING. "
                    f"[workflow={wf_ex.name}, execution_id={wf_ex.id}]"
                )
            _update_env(wf_ex, env)
            wf_ex.state, wf_ex.state_info = states.RUNNING, None
            backlog = run.take_backlog(wf_ex)
            wf_view = run.view(wf_ex)
            pending = [t for t in wf_view.tasks if states.is_completed(t.state) and not t.processed]
            run.dispatch(wf_ex, backlog)
            for task in pending:
                run.follow_transitions(wf_ex, session.get(models.TaskExecution, task.id))
            idle = [t for t in run.tasks_of(wf_ex) if t.state == states.IDLE]
            for task_ex in idle:
                run.start_task(wf_ex, task_ex, first_run=False)
            run.check_completion(wf_ex)
            result = execution_dict(wf_ex)
            run.drain()
    engine.send_after_commit(run.messages)
    return result


def stop_workflow(engine, ctx, wf_ex_id, state, message=None) -> dict:
    """Force a final state: SUCCESS, ERROR or CANCELLED (running actions are left alone)."""
    with db_session.transaction() as session:
        wf_ex = _locked_wf_ex(session, wf_ex_id)
        run = Run(session, ctx, engine)
        with locking.locked_execution(session, _root_id(wf_ex)):
            session.refresh(wf_ex)
            if states.is_completed(wf_ex.state):
                return execution_dict(wf_ex)
            from mistral_engine.workflow import completion

            wf_view = run.view(wf_ex)
            fns = run.functions(wf_view)
            if state == states.SUCCESS:
                result = completion.succeed_result(wf_view, message, fns)
            elif state == states.ERROR:
                result = completion.fail_result(wf_view, message, fns)
            else:
                result = completion.cancel_result(message)
            wf_ex.state = states.RUNNING  # finish_workflow applies the final state
            run.finish_workflow(wf_ex, result)
        answer = execution_dict(wf_ex)
    engine.send_after_commit(run.messages)
    return answer


def _scheduled_task_event(engine, job_id, ctx, task_ex_id, apply) -> None:
    """Apply a scheduler job to its task: in one transaction that locks the root
    execution and deletes the job (nothing happens if another scheduler ran it)."""
    ctx = ContextSerializer().deserialize_context(ctx)
    with db_session.transaction() as session:
        task_ex = session.get(models.TaskExecution, task_ex_id)
        if task_ex is None:
            scheduler.take(session, job_id)
            return
        wf_ex = session.get(models.WorkflowExecution, task_ex.workflow_execution_id)
        run = Run(session, ctx, engine)
        with locking.locked_execution(session, _root_id(wf_ex)):
            if not scheduler.take(session, job_id):
                return
            session.refresh(task_ex)
            session.refresh(wf_ex)
            if not states.is_completed(wf_ex.state):
                apply(run, wf_ex, task_ex)
                run.drain()
    engine.send_after_commit(run.messages)


@scheduler.handler(task_policies.CONTINUE_TASK)
def continue_task(engine, job_id, ctx, task_ex_id) -> None:
    """A task delayed by wait-before or by a retry runs now."""

    def apply(run, wf_ex, task_ex):
        if task_ex.state == states.RUNNING_DELAYED:
            run.start_task(wf_ex, task_ex, first_run=False)

    _scheduled_task_event(engine, job_id, ctx, task_ex_id, apply)


@scheduler.handler(task_policies.COMPLETE_TASK)
def complete_delayed_task(engine, job_id, ctx, task_ex_id, state, state_info) -> None:
    """A task delayed by wait-after completes now, with the state it had."""

    def apply(run, wf_ex, task_ex):
        if task_ex.state == states.RUNNING_DELAYED:
            run.complete_task(wf_ex, task_ex, state, state_info)

    _scheduled_task_event(engine, job_id, ctx, task_ex_id, apply)


@scheduler.handler(task_policies.FAIL_IF_INCOMPLETE)
def fail_task_if_incomplete(engine, job_id, ctx, task_ex_id, timeout) -> None:
    """The timeout policy: a task still running fails."""

    def apply(run, wf_ex, task_ex):
        if not states.is_completed(task_ex.state):
            run.complete_task(wf_ex, task_ex, states.ERROR, policies.timed_out_info(timeout))

    _scheduled_task_event(engine, job_id, ctx, task_ex_id, apply)


def _rerun_parents(session, wf_ex) -> None:
    """A rerun brings the execution and every parent task and execution up to it back to
    RUNNING, so the sub-workflow's new result reaches them."""
    wf_ex.state, wf_ex.state_info = states.RUNNING, None
    if wf_ex.task_execution_id:
        parent_task = session.get(models.TaskExecution, wf_ex.task_execution_id)
        parent_task.state, parent_task.state_info = states.RUNNING, None
        parent_task.processed = False
        _rerun_parents(
            session, session.get(models.WorkflowExecution, parent_task.workflow_execution_id)
        )


def rerun_workflow(engine, ctx, task_ex_id, reset=True, skip=False, env=None) -> dict:
    """Run a task in ERROR again (``reset``: none of its earlier results count; without
    it, only a with-items task's failed items run again), or skip it (SKIPPED, then its
    ``on-skip`` transitions), and carry the workflow on from there."""
    with db_session.transaction() as session:
        task_ex = session.get(models.TaskExecution, task_ex_id)
        if task_ex is None:
            raise exceptions.DBEntityNotFoundError(f"Task execution not found [id={task_ex_id}]")
        wf_ex = _locked_wf_ex(session, task_ex.workflow_execution_id)
        run = Run(session, ctx, engine)
        with locking.locked_execution(session, _root_id(wf_ex)):
            session.refresh(task_ex)
            session.refresh(wf_ex)
            if wf_ex.state == states.PAUSED:
                return execution_dict(wf_ex)
            if task_ex.state != states.ERROR:
                raise exceptions.WorkflowException(
                    "The current task execution must be in ERROR for rerun. "
                    "Only updating task to rerun is supported."
                )
            _update_env(wf_ex, env)
            _rerun_parents(session, wf_ex)
            task_ex.runtime_context = {}
            if skip:
                run.complete_task(wf_ex, task_ex, states.SKIPPED, "Task was skipped.")
            else:
                for child in run.children_of(wf_ex, task_ex):
                    if reset or (
                        child.accepted and child.state in (states.ERROR, states.CANCELLED)
                    ):
                        child.accepted = False
                task_ex.processed = False
                task_ex.finished_at = None
                run.start_task(wf_ex, task_ex)
            run.check_completion(wf_ex)
            result = execution_dict(wf_ex)
            run.drain()
    engine.send_after_commit(run.messages)
    return result
