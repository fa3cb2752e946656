"""Action executions started directly through the API (POST /v2/action_executions).

``run_sync`` runs the action now and answers with its output; otherwise, with
``save_result`` (or for an asynchronous action), a RUNNING action execution is stored and
the action is handed to an executor, whose result completes it later.
"""

from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.actions import inputs, registry, runner
from mistral_engine.engine import action_plan, outbox, views
from mistral_engine.engine.run import action_result, serialize_ctx
from mistral_engine.workflow import states

ACTION_EX_FIELDS = (
    "id",
    "name",
    "description",
    "state",
    "state_info",
    "input",
    "output",
    "is_sync",
    "accepted",
    "workflow_name",
    "workflow_namespace",
    "task_execution_id",
    "project_id",
    "tags",
)


def action_ex_dict(row) -> dict:
    values = {f: getattr(row, f) for f in ACTION_EX_FIELDS}
    values["created_at"] = views.fmt_time(row.created_at)
    values["updated_at"] = views.fmt_time(row.updated_at)
    return values


def _is_sync(plan) -> bool:
    if plan.dynamic is not None:
        return True
    cls = registry.get_system_action_class(plan.base)
    return inputs.instantiate(cls, plan.input, plan.base).is_sync()


def _output(result: dict) -> tuple[str, dict]:
    if result.get("error") is not None:
        return states.ERROR, {"result": result["error"]}
    return states.SUCCESS, {"result": result.get("data")}


def start_action(engine, ctx, action_name, action_input, description, namespace, params):
    sync, save = params.get("run_sync"), params.get("save_result")
    timeout, target = params.get("timeout"), params.get("target")
    messages = []
    with db_session.transaction() as session:
        try:
            plan = action_plan.plan(session, ctx.caller, action_name, action_input or {}, namespace)
        except exceptions.InvalidActionException as error:
            if not str(error).startswith("Failed to find action"):
                raise
            # Mistral names no namespace when the API runs an action directly.
            raise exceptions.InvalidActionException(
                f"Failed to find action [action_name={action_name}]"
            ) from None
        is_sync = _is_sync(plan)
        if sync and not is_sync:
            raise exceptions.InputException("Action does not support synchronous execution.")
        if not sync and (save or not is_sync):
            row = models.ActionExecution(
                id=models.new_id(),
                name=action_name,
                description=description or "",
                state=states.RUNNING,
                input=action_input or {},
                is_sync=is_sync,
                accepted=False,
                workflow_namespace=namespace or "",
                spec={"base": plan.base, "adhoc": bool(plan.adhoc_chain)},
                runtime_context={"index": 0},
                project_id=ctx.project_id,
                created_at=models.utcnow(),
            )
            session.add(row)
            messages.append(
                outbox.add(
                    session,
                    topic=engine.conf.executor.topic,
                    method="run_action",
                    execution_id=None,
                    payload={
                        "ctx": serialize_ctx(ctx),
                        "action_ex_id": row.id,
                        "action": plan.message(),
                        "exec_ctx": {},
                        "target": target,
                    },
                )
            )
            answer = action_ex_dict(row)
    if messages:
        engine.send_after_commit(messages)
        return answer
    result = _run_now(engine, ctx, plan, timeout, target)
    state, output = _output(result)
    if not save:
        return {
            "id": None,
            "name": action_name,
            "description": description,
            "state": state,
            "input": action_input or {},
            "output": output,
            "workflow_namespace": namespace or "",
        }
    with db_session.transaction() as session:
        row = models.ActionExecution(
            id=models.new_id(),
            name=action_name,
            description=description or "",
            state=state,
            input=action_input or {},
            output=output,
            is_sync=is_sync,
            accepted=True,
            workflow_namespace=namespace or "",
            project_id=ctx.project_id,
            created_at=models.utcnow(),
        )
        session.add(row)
        return action_ex_dict(row)


def _run_now(engine, ctx, plan, timeout, target) -> dict:
    if action_plan.is_engine_local(plan):
        action = inputs.instantiate(
            registry.get_system_action_class(plan.base), plan.input, plan.base
        )
        info = runner.context_info({}, None, ctx)
        result = runner.run_action(action, None, info, timeout=timeout)
        return action_result(action_plan.transform_output(plan, result))
    result = engine.executor_client.run_action(
        serialize_ctx(ctx),
        None,
        plan.message(),
        async_=False,
        target=target,
        timeout=timeout,
    )
    result = action_result(result or {})
    if plan.adhoc_chain and result.get("error") is None:
        result["data"] = action_plan.transform_output(plan, result["data"])
    return result
