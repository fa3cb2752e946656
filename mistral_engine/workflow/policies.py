"""Task policies (dsl-v2 §11): which values apply to a task and what they decide.

Pure: the engine evaluates the values in the task's context, keeps the policies' state in
the task's ``runtime_context`` under Mistral's keys (``wait_before_policy``,
``wait_after_policy``, ``retry_task_policy``) and schedules the delayed steps.
"""

from dataclasses import dataclass

from mistral_engine import expressions
from mistral_engine.workflow import states

WAIT_BEFORE_KEY = "wait_before_policy"
WAIT_AFTER_KEY = "wait_after_policy"
RETRY_KEY = "retry_task_policy"


@dataclass(frozen=True)
class Retry:
    count: int
    delay: int
    break_on: object
    continue_on: object


@dataclass(frozen=True)
class Policies:
    """The evaluated policies of one task: zero and False mean "not set"."""

    pause_before: bool = False
    wait_before: int = 0
    wait_after: int = 0
    fail_on: object = None
    retry: Retry | None = None
    timeout: int = 0
    concurrency: int = 0


def _is_set(value) -> bool:
    # Mistral builds a policy when its value is an expression or a positive number/True.
    return isinstance(value, str) or bool(value)


def _raw(task_spec, wf_spec, key: str):
    value = task_spec.policies.get(key)
    if not _is_set(value) and wf_spec.task_defaults is not None:
        value = wf_spec.task_defaults.policies.get(key)
    return value if _is_set(value) else None


def has_policies(task_spec, wf_spec) -> bool:
    keys = (
        "pause-before",
        "wait-before",
        "wait-after",
        "fail-on",
        "retry",
        "timeout",
        "concurrency",
    )
    return any(_raw(task_spec, wf_spec, key) is not None for key in keys)


def _number(value, ctx, functions) -> int:
    value = expressions.evaluate(value, ctx, functions)
    return int(value or 0)


def evaluate(task_spec, wf_spec, ctx: dict, functions=None) -> Policies:
    """The task's policies (the task's own value, else task-defaults'), evaluated in its
    context. ``fail-on`` and the retry clauses stay expressions: they are evaluated against
    the task's outcome."""
    raw = {key: _raw(task_spec, wf_spec, key) for key in task_spec.policies.__dataclass_fields__}
    retry = raw["retry"]
    return Policies(
        pause_before=bool(expressions.evaluate(raw["pause_before"], ctx, functions)),
        wait_before=_number(raw["wait_before"], ctx, functions),
        wait_after=_number(raw["wait_after"], ctx, functions),
        fail_on=raw["fail_on"],
        retry=Retry(
            count=_number(retry.count, ctx, functions),
            delay=_number(retry.delay, ctx, functions),
            break_on=retry.break_on,
            continue_on=retry.continue_on,
        )
        if retry is not None
        else None,
        timeout=_number(raw["timeout"], ctx, functions),
        concurrency=_number(raw["concurrency"], ctx, functions),
    )


def should_retry(retry: Retry, retry_no: int, state: str, outcome_ctx: dict, functions) -> bool:
    """Mistral's retry rule: while attempts remain, an ERROR is retried unless ``break-on``
    holds; a SUCCESS is retried only while ``continue-on`` holds."""
    if retry is None or retry.count == 0:
        return False
    if not states.is_completed(state) or state == states.CANCELLED:
        return False
    continue_on = expressions.evaluate(retry.continue_on, outcome_ctx, functions)
    break_on = expressions.evaluate(retry.break_on, outcome_ctx, functions)
    if retry_no >= retry.count:
        return False
    if state == states.ERROR and break_on:
        return False
    if state == states.SUCCESS and not retry.continue_on:
        return False
    return not (retry.continue_on and not continue_on)


def delayed_info(policy: str, delay: int) -> str:
    return f"Delayed by '{policy}' policy [delay={delay}]"


def timed_out_info(timeout: int) -> str:
    return f"Task timed out [timeout(s)={timeout}]."
