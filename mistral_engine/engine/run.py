"""One transaction's worth of engine work on one execution tree, whose root is locked.

``Run`` carries out what the pure controllers decide: it creates task and action
executions, runs engine-local actions (std.noop, std.echo, std.fail) in place, writes the
messages for executors into the outbox, publishes, follows transitions and completes
workflows, sub-workflows included, all within the caller's transaction.
"""

import collections
import dataclasses
import functools
import logging
import traceback

from mistral_db import models
from mistral_engine import exceptions
from mistral_engine.actions import runner
from mistral_engine.engine import action_plan, iterations, outbox, task_children, task_policies
from mistral_engine.engine.expression_functions import EngineFunctions
from mistral_engine.engine.snapshot import Snapshot
from mistral_engine.engine.views import is_with_items
from mistral_engine.workflow import commands, completion, data_flow, direct, states
from mistral_engine.workflow import controller as controller_for

LOG = logging.getLogger(__name__)


class EngineFailure(Exception):
    """A task failed by the engine itself (§7): the workflow fails at once."""


def serialize_ctx(ctx) -> dict:
    values = dataclasses.asdict(ctx)
    values["roles"] = list(ctx.roles)
    return values


def action_result(result) -> dict:
    """A mistral-lib Result (or its dict form) as ``{"data", "error", "cancel"}``."""
    if isinstance(result, dict):
        return {
            "data": result.get("data"),
            "error": result.get("error"),
            "cancel": bool(result.get("cancel")),
        }
    return {"data": result.data, "error": result.error, "cancel": bool(result.cancel)}


def is_error(result: dict) -> bool:
    return result.get("error") is not None or result.get("cancel")


class Run:
    def __init__(self, session, ctx, engine):
        self.session = session
        self.ctx = ctx
        self.engine = engine
        self.messages: list[outbox.Message] = []
        self.local_runs: collections.deque = collections.deque()
        self.snapshot = Snapshot(session)

    @functools.cached_property
    def ctx_values(self) -> dict:
        """The caller's context as messages and actions carry it (made once per event)."""
        return serialize_ctx(self.ctx)

    def drain(self) -> None:
        """Run the engine-local actions queued so far, and those their completion queues.

        A loop, not recursion: a chain of a thousand std.noop tasks runs in constant stack.
        """
        while self.local_runs:
            action, plan, action_ex, task_ex, wf_ex = self.local_runs.popleft()
            if action_ex.state != states.RUNNING:
                continue
            info = runner.context_info(
                task_children.exec_info(wf_ex, task_ex), action_ex.id, self.ctx_values
            )
            result = runner.run_action(action, action_ex.id, info)
            try:
                result = action_plan.transform_output(plan, result)
            except exceptions.MistralException as error:
                result = {"data": None, "error": str(error), "cancel": False}
            self.complete_action(action_ex, action_result(result), task_ex=task_ex, wf_ex=wf_ex)

    # --- snapshots ---------------------------------------------------------

    def view(self, wf_ex):
        return self.snapshot.view(wf_ex)

    def functions(self, wf_view, task_view=None):
        return EngineFunctions(self.session, self.ctx.caller, wf_view, task_view)

    def tasks_of(self, wf_ex):
        return self.snapshot.task_rows(wf_ex)

    # --- workflow start ----------------------------------------------------

    def start_workflow(self, wf_ex) -> None:
        self.snapshot.add_new_execution(wf_ex)
        wf_view = self.view(wf_ex)
        self.dispatch(wf_ex, controller_for(wf_view).start_commands(wf_view))
        self.check_completion(wf_ex)

    # --- commands -----------------------------------------------------------

    def dispatch(self, wf_ex, cmds) -> None:
        for cmd in commands.arrange_commands(list(cmds)):
            if wf_ex.state == states.PAUSED and isinstance(cmd, commands.RunTask):
                self._backlog(wf_ex, cmd)
                continue
            if wf_ex.state != states.RUNNING and wf_ex.state != states.PAUSED:
                return
            if isinstance(cmd, commands.RunTask):
                self.run_task_command(wf_ex, cmd)
            elif isinstance(cmd, commands.RunExistingTask):
                self.start_task(wf_ex, self.snapshot.find_task(wf_ex, cmd.task_ex_id))
            elif isinstance(cmd, commands.SET_STATE_COMMANDS):
                self.apply_engine_command(wf_ex, cmd)

    def _backlog(self, wf_ex, cmd) -> None:
        runtime = dict(wf_ex.runtime_context or {})
        backlog = list(runtime.get("backlog", []))
        backlog.append(
            {
                "task_name": cmd.task_name,
                "in_context": cmd.in_context,
                "triggered_by": [list(t) for t in cmd.triggered_by],
                "is_join": cmd.is_join,
                "unique_key": cmd.unique_key,
            }
        )
        runtime["backlog"] = backlog
        wf_ex.runtime_context = runtime

    def take_backlog(self, wf_ex) -> list:
        runtime = dict(wf_ex.runtime_context or {})
        backlog = runtime.pop("backlog", [])
        wf_ex.runtime_context = runtime
        return [
            commands.RunTask(
                b["task_name"],
                b["in_context"],
                tuple(tuple(t) for t in b["triggered_by"]),
                is_join=b["is_join"],
                unique_key=b["unique_key"],
            )
            for b in backlog
        ]

    def apply_engine_command(self, wf_ex, cmd) -> None:
        wf_view = self.view(wf_ex)
        fns = self.functions(wf_view)
        if isinstance(cmd, commands.FailWorkflow):
            self.finish_workflow(wf_ex, completion.fail_result(wf_view, cmd.msg, fns))
        elif isinstance(cmd, commands.SucceedWorkflow):
            self.finish_workflow(wf_ex, completion.succeed_result(wf_view, cmd.msg, fns))
        elif isinstance(cmd, commands.PauseWorkflow):
            wf_ex.state = states.PAUSED
            wf_ex.state_info = cmd.msg

    # --- tasks --------------------------------------------------------------

    def new_task(
        self,
        wf_ex,
        name: str,
        state: str,
        in_context: dict,
        triggered_by,
        unique_key=None,
        state_info=None,
    ):
        task_spec = self.view_spec(wf_ex).tasks[name]
        task_ex = models.TaskExecution(
            id=models.new_id(),
            name=name,
            workflow_execution_id=wf_ex.id,
            workflow_name=wf_ex.workflow_name,
            workflow_namespace=wf_ex.workflow_namespace,
            workflow_id=wf_ex.workflow_id,
            spec=dict(task_spec.data),
            state=state,
            state_info=state_info,
            in_context=in_context,
            published={},
            runtime_context={"triggered_by": triggered_by} if triggered_by else {},
            type=task_spec.type,
            tags=list(task_spec.tags or []),
            unique_key=unique_key,
            started_at=models.utcnow(),
            project_id=wf_ex.project_id,
            created_at=models.utcnow(),
        )
        self.session.add(task_ex)
        self.snapshot.add_task(wf_ex, task_ex)
        return task_ex

    def children_of(self, wf_ex, task_ex) -> list:
        """The task's action and sub-workflow executions."""
        rows = self.snapshot.rows(wf_ex)
        return list(rows.actions.get(task_ex.id, ())) + list(rows.subflows.get(task_ex.id, ()))

    def view_spec(self, wf_ex):
        from mistral_engine.engine import lookup

        return lookup.workflow_spec(wf_ex.spec, ("wf_ex", wf_ex.id))

    def run_task_command(self, wf_ex, cmd: commands.RunTask) -> None:
        if not cmd.is_join:
            task_ex = self.new_task(
                wf_ex, cmd.task_name, states.RUNNING, cmd.in_context, cmd.triggered_by_list()
            )
            self.start_task(wf_ex, task_ex)
            return
        task_ex = self.snapshot.find_join(wf_ex, cmd.unique_key)
        if task_ex is None:
            task_ex = self.new_task(
                wf_ex,
                cmd.task_name,
                states.WAITING,
                cmd.in_context,
                cmd.triggered_by_list(),
                cmd.unique_key,
                direct.WAITING_INFO,
            )
        self.refresh_join(wf_ex, task_ex)

    def refresh_join(self, wf_ex, task_ex) -> None:
        if task_ex.state != states.WAITING:
            return
        wf_view = self.view(wf_ex)
        join = direct.join_state(wf_view, wf_view.task_by_id(task_ex.id))
        if join.state == states.RUNNING:
            task_ex.state, task_ex.state_info = states.RUNNING, None
            task_ex.in_context = join.in_context
            task_ex.runtime_context = {
                **(task_ex.runtime_context or {}),
                "triggered_by": join.triggered_by,
            }
            self.start_task(wf_ex, task_ex)
        elif join.state == states.ERROR:
            self.complete_task(wf_ex, task_ex, states.ERROR, join.state_info)

    def start_task(self, wf_ex, task_ex, *, first_run=True) -> None:
        """Run the task's action(s) or sub-workflow(s). A first run applies the start
        policies, which may delay it; a task continued later (after a wait, a retry, or
        on resume) runs at once, as in Mistral."""
        task_ex.state = states.RUNNING
        if not first_run:
            task_ex.state_info = None
        try:
            task_spec = self.view_spec(wf_ex).tasks[task_ex.name]
            wf_view = self.view(wf_ex)
            task_view = wf_view.task_by_id(task_ex.id)
            fns = self.functions(wf_view, task_view)
            ctx = data_flow.task_context(wf_view, task_view)
            if first_run and not task_policies.before_start(
                self, wf_ex, task_ex, task_spec, wf_view, ctx, fns
            ):
                return
            if task_spec.with_items:
                iterations.start(self, wf_ex, task_ex, task_spec, wf_view, task_view, ctx, fns)
            elif task_spec.workflow:
                task_children.start_subworkflow(self, wf_ex, task_ex, task_spec, ctx, fns)
            else:
                task_children.start_action(self, wf_ex, task_ex, task_spec, ctx, fns, wf_view.env)
        except (
            exceptions.MistralException,
            KeyError,
            AttributeError,
            TypeError,
            ValueError,
        ) as error:
            self.fail_by_engine(
                wf_ex,
                task_ex,
                f"Failed to run task [error={error}, wf={wf_ex.name}, task={task_ex.name}]:\n"
                f"{traceback.format_exc()}",
            )

    # --- completion ---------------------------------------------------------

    def complete_action(self, action_ex, result: dict, task_ex=None, wf_ex=None) -> None:
        """Store an action's result and move its task and workflow on (no-op when the
        action execution is already complete)."""
        if action_ex.state != states.RUNNING:
            return
        if result.get("cancel"):
            action_ex.state = states.CANCELLED
        else:
            action_ex.state = states.ERROR if result.get("error") is not None else states.SUCCESS
        value = result.get("error") if action_ex.state == states.ERROR else result.get("data")
        action_ex.output = {"result": value}
        action_ex.accepted = True
        action_ex.updated_at = models.utcnow()
        if action_ex.task_execution_id is None:
            return
        task_ex = task_ex or self.session.get(models.TaskExecution, action_ex.task_execution_id)
        wf_ex = wf_ex or self.session.get(models.WorkflowExecution, task_ex.workflow_execution_id)
        if states.is_completed(task_ex.state):
            return
        if is_with_items(task_ex):
            self.complete_iteration(wf_ex, task_ex, f"action={action_ex.name}")
        elif action_ex.state == states.SUCCESS:
            self.complete_task(wf_ex, task_ex, states.SUCCESS, None)
        elif action_ex.state == states.CANCELLED:
            self.complete_task(wf_ex, task_ex, states.CANCELLED, None)
        else:
            error = result.get("error")
            self.complete_task(
                wf_ex, task_ex, states.ERROR, str(error) if error not in (None, "") else None
            )

    def complete_iteration(self, wf_ex, task_ex, child: str) -> None:
        try:
            iterations.on_child_complete(self, wf_ex, task_ex)
        except (exceptions.MistralException, KeyError, TypeError, ValueError) as error:
            self.fail_by_engine(
                wf_ex,
                task_ex,
                f"Failed to handle action completion [error={error}, wf={wf_ex.name}, "
                f"task={task_ex.name}, {child}]:\n{traceback.format_exc()}",
            )

    def complete_task(self, wf_ex, task_ex, state: str, state_info) -> None:
        task_ex.state, task_ex.state_info = state, state_info
        task_ex.finished_at = task_ex.updated_at = models.utcnow()
        wf_view = self.view(wf_ex)
        task_view = dataclasses.replace(wf_view.task_by_id(task_ex.id), published={})
        try:
            pub = data_flow.publication(wf_view, task_view, self.functions(wf_view, task_view))
        except exceptions.MistralException as error:
            action = (task_ex.spec or {}).get("action")
            self.fail_by_engine(
                wf_ex,
                task_ex,
                f"Failed to handle action completion [error={error}, wf={wf_ex.name}, "
                f"task={task_ex.name}, action={action}]:\n{traceback.format_exc()}",
            )
            return
        task_ex.published = pub.published
        if pub.global_vars:
            wf_ex.context = data_flow.merge_globals(wf_ex.context or {}, pub.global_vars)
        if not task_policies.after_complete(self, wf_ex, task_ex):
            return  # delayed by wait-after or retry
        if wf_ex.state != states.RUNNING:
            return  # paused: the transitions are followed on resume
        self.follow_transitions(wf_ex, task_ex)
        self.check_completion(wf_ex)

    def follow_transitions(self, wf_ex, task_ex) -> None:
        wf_view = self.view(wf_ex)
        task_view = wf_view.task_by_id(task_ex.id)
        decision = controller_for(wf_view).on_task_completed(wf_view, task_view, self.functions)
        task_ex.processed = True
        task_ex.error_handled = decision.error_handled
        task_ex.has_next_tasks = bool(decision.next_tasks)
        task_ex.next_tasks = [list(t) for t in decision.next_tasks]
        self.dispatch(wf_ex, decision.commands)
        if wf_view.spec.type != "reverse" and self._has_joins(wf_view.spec):
            for join in direct.joins_to_refresh(self.view(wf_ex), task_ex.name):
                self.refresh_join(wf_ex, self.snapshot.find_task(wf_ex, join.id))

    @staticmethod
    def _has_joins(wf_spec) -> bool:
        return any(t.join is not None for t in wf_spec.tasks.values())

    def fail_by_engine(self, wf_ex, task_ex, message: str) -> None:
        LOG.warning("%s", message.splitlines()[0])
        task_ex.state, task_ex.state_info = states.ERROR, message
        task_ex.finished_at = models.utcnow()
        task_ex.processed = True
        wf_view = self.view(wf_ex)
        self.finish_workflow(
            wf_ex, completion.fail_result(wf_view, message, self.functions(wf_view))
        )

    def check_completion(self, wf_ex) -> None:
        if wf_ex.state != states.RUNNING:
            return
        wf_view = self.view(wf_ex)
        result = completion.check_completion(wf_view, self.functions(wf_view))
        if result is not None:
            self.finish_workflow(wf_ex, result)

    def finish_workflow(self, wf_ex, result: completion.WorkflowResult) -> None:
        if states.is_completed(wf_ex.state):
            return
        wf_ex.state, wf_ex.state_info = result.state, result.state_info
        wf_ex.accepted = True  # as Mistral: a completed execution's result is accepted
        wf_ex.output = data_flow.strip_internal(result.output or {})
        if wf_ex.task_execution_id:
            self.report_to_parent(wf_ex)

    def report_to_parent(self, sub_ex) -> None:
        task_ex = self.session.get(models.TaskExecution, sub_ex.task_execution_id)
        parent = self.session.get(models.WorkflowExecution, task_ex.workflow_execution_id)
        sub_ex.accepted = True
        if states.is_completed(task_ex.state):
            return
        if is_with_items(task_ex):
            self.complete_iteration(parent, task_ex, f"workflow={sub_ex.name}")
        elif sub_ex.state == states.SUCCESS:
            self.complete_task(parent, task_ex, states.SUCCESS, None)
        elif sub_ex.state == states.CANCELLED:
            self.complete_task(parent, task_ex, states.CANCELLED, sub_ex.state_info)
        else:
            self.complete_task(parent, task_ex, states.ERROR, sub_ex.state_info)
