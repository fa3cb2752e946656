"""Workflow completion: when an execution ends, its state, state_info and output (§18)."""

import traceback
from dataclasses import dataclass
from typing import Any

from mistral_engine import exceptions as exc
from mistral_engine.workflow import data_flow, reverse, states
from mistral_engine.workflow.functions import SnapshotFunctions
from mistral_engine.workflow.views import WorkflowView

_BATCH = 20  # Mistral merges the final context in batches of 20 end tasks


@dataclass(frozen=True)
class WorkflowResult:
    state: str
    state_info: str | None
    output: dict


def check_completion(wf: WorkflowView, functions: Any = None) -> WorkflowResult | None:
    """The execution's end, or None while it goes on (or is paused / already over).

    ``functions`` is the ExpressionFunctions for the output expressions.
    """
    if states.is_paused_or_completed(wf.state):
        return None
    if any(t.state in states.INCOMPLETE_STATES for t in wf.tasks):
        return None
    cancelled = sorted(t.name for t in wf.tasks if t.state == states.CANCELLED)
    if cancelled:
        return cancel_result(f"Cancelled tasks: {', '.join(cancelled)}")
    if not unhandled_errors(wf, listed_only=False):
        try:
            return succeed_result(wf, None, functions)
        except exc.MistralException as e:
            msg = (
                f"Failed to check and complete [wf_ex_id={wf.id}, wf_name={wf.name}]: "
                f"{e}\n{traceback.format_exc()}"
            )
            return WorkflowResult(states.ERROR, msg, {"result": msg})
    return fail_result(wf, failure_message(wf), functions)


def unhandled_errors(wf: WorkflowView, listed_only: bool = True) -> list:
    """ERROR tasks that make the workflow fail.

    ``listed_only=False``: every ERROR task without ``error_handled`` (the
    completion test). ``True``: those the failure message lists, i.e. ERROR
    tasks whose on-error clause (task or task-defaults) is empty, by name.
    """
    errors = [t for t in wf.tasks if t.state == states.ERROR]
    if wf.spec.type == "reverse":
        return sorted(errors, key=lambda t: t.name)
    if not listed_only:
        return [t for t in errors if not t.error_handled]
    return sorted(
        (t for t in errors if not wf.spec.clause(t.name, "on-error")), key=lambda t: t.name
    )


def failure_message(wf: WorkflowView) -> str:
    """``Failure caused by error in tasks: ...`` exactly as Mistral lays it out."""
    failed = unhandled_errors(wf)
    msg = f"Failure caused by error in tasks: {', '.join(t.name for t in failed)}\n"
    for t in failed:
        msg += f"\n  {t.name} [task_ex_id={t.id}] -> {t.state_info}\n"
        actions = [e for e in t.executions if not e.is_workflow]
        workflows = [e for e in t.executions if e.is_workflow]
        for kind, execs in (("action_ex_id", actions), ("wf_ex_id", workflows)):
            for i, ex in enumerate(execs):
                if ex.state == states.ERROR:
                    result = (ex.output or {}).get("result", "Unknown")
                    msg += f"    [{kind}={ex.id}, idx={i}]: {result}\n"
    return msg


def final_context(wf: WorkflowView) -> dict:
    """Merged outbound contexts of the completed tasks that fired nothing (with ``__versions``)."""
    if wf.spec.type == "reverse":
        return reverse.final_context(wf)
    ends = [t for t in wf.tasks if states.is_completed(t.state) and not t.next_tasks]
    ctx: dict = {}
    for i in range(0, len(ends), _BATCH):
        batch = ends[i : i + _BATCH]
        if data_flow._settings["versioning"]:
            ctx = data_flow.upstream_context(batch, base=ctx)
        else:
            for t in batch:
                data_flow.merge_dicts(ctx, data_flow.outbound_context(t))
    return ctx


def evaluate_output(wf: WorkflowView, output_spec: dict, ctx: dict, functions: Any = None):
    """``output_spec`` evaluated on the final context; the context itself if that is empty."""
    functions = functions if functions is not None else SnapshotFunctions(wf)
    out = data_flow.evaluate(output_spec, data_flow.output_context(wf, ctx), functions)
    return out or data_flow.strip_internal(ctx)


def succeed_result(wf: WorkflowView, msg: str | None = None, functions: Any = None):
    """SUCCESS (normal end, ``succeed`` command, forced by the API); raises on output errors."""
    return WorkflowResult(
        states.SUCCESS, msg, evaluate_output(wf, wf.spec.output, final_context(wf), functions)
    )


def fail_result(wf: WorkflowView, msg: str | None, functions: Any = None) -> WorkflowResult:
    """ERROR with ``{"result": msg}`` plus output-on-error (or the final context)."""
    spec = wf.spec.output_on_error
    try:
        extra = evaluate_output(wf, spec, final_context(wf), functions)
    except exc.MistralException as e:
        msg = (
            "Failed to evaluate expression in output-on-error! "
            f"(output-on-error: '{spec}', exception: '{e}' Cause: '{msg}'"
        )
        extra = {}
    return WorkflowResult(states.ERROR, msg, data_flow.merge_dicts({"result": msg}, extra))


def cancel_result(msg: str | None) -> WorkflowResult:
    return WorkflowResult(states.CANCELLED, msg, {"result": msg})
