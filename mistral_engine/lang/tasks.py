"""Task specifications of direct and reverse workflows."""

import json
import re
from dataclasses import dataclass, field

from mistral_engine import exceptions as exc
from mistral_engine.expressions import PATTERNS
from mistral_engine.lang import schemas
from mistral_engine.lang.base import check_expressions, check_schema
from mistral_engine.lang.inline import parse_cmd_and_input
from mistral_engine.lang.policies import PoliciesSpec
from mistral_engine.lang.transitions import OnClause, parse_on_clause

ACTION_TASK_TYPE = "ACTION"
WORKFLOW_TASK_TYPE = "WORKFLOW"
DEFAULT_ACTION = "std.noop"

MAX_LENGTH_TASK_NAME = 255
# "join-task-<36-char execution id>-<task name>" must fit in 255 characters.
MAX_LENGTH_JOIN_TASK_NAME = MAX_LENGTH_TASK_NAME - 47

_ANY_EXPRESSION = "|".join(PATTERNS[n] for n in sorted(PATTERNS))
WITH_ITEMS_PTRN = re.compile(r"\s*([\w\d_\-]+)\s*in\s*(\[.+\]|" + _ANY_EXPRESSION + ")")


@dataclass(frozen=True)
class TaskSpec:
    """One task. ``input`` already holds the inline parameters of ``action``/``workflow``.

    ``wf_type`` is the owning workflow's type. Direct-only attributes are
    empty/None for reverse tasks and ``requires`` is empty for direct ones.
    """

    name: str
    wf_type: str
    description: str | None
    tags: tuple
    action: str | None
    workflow: str | None
    input: dict | str
    with_items: dict
    publish: dict
    publish_on_error: dict
    publish_on_skip: dict
    policies: PoliciesSpec
    target: str | None
    keep_result: bool | str
    safe_rerun: bool | str | None
    join: str | int | None = None
    on_success: OnClause | None = None
    on_error: OnClause | None = None
    on_complete: OnClause | None = None
    on_skip: OnClause | None = None
    requires: tuple = ()
    data: dict = field(default_factory=dict, repr=False)

    @property
    def type(self) -> str:
        """``WORKFLOW`` for sub-workflow tasks, else ``ACTION`` (the API's task type)."""
        return WORKFLOW_TASK_TYPE if self.workflow else ACTION_TASK_TYPE

    # Policy shortcuts, so the engine can read ``task.retry`` etc.
    retry = property(lambda self: self.policies.retry)
    wait_before = property(lambda self: self.policies.wait_before)
    wait_after = property(lambda self: self.policies.wait_after)
    timeout = property(lambda self: self.policies.timeout)
    pause_before = property(lambda self: self.policies.pause_before)
    concurrency = property(lambda self: self.policies.concurrency)
    fail_on = property(lambda self: self.policies.fail_on)

    @property
    def join_count(self) -> int | str | None:
        """``'all'``, an integer (``'one'`` -> 1) or None when not a join task."""
        return 1 if self.join == "one" else self.join

    def on_clause(self, clause: str) -> OnClause | None:
        """Clause by DSL name: ``'on-success'``, ``'on-error'``, ..."""
        return getattr(self, clause.replace("-", "_"))


def _parse_with_items(data: dict, validate: bool) -> dict:
    raw = data.get("with-items", [])
    items = [raw] if isinstance(raw, str) else raw
    result = {}
    for item in items:
        if not isinstance(item, str):
            raise exc.InvalidModelException(f"'with-items' elements should be strings: {data}")
        match = WITH_ITEMS_PTRN.match(item)
        if not match:
            raise exc.InvalidModelException(
                "Wrong format of 'with-items' property. Please use format "
                f"'var in {{[some, list] | <% $.array %> }}: {data}"
            )
        var, array = match.groups()[0], match.groups()[1]
        check_expressions(array, validate)
        if array.startswith("["):
            try:
                array = json.loads(array)
            except ValueError as e:
                raise exc.InvalidModelException(
                    f"Invalid array in 'with-items' clause: {array}, error: {e}"
                ) from None
        result[var] = array
    return result


def _check_name(name: str, limit: int, what: str) -> None:
    if len(name) > limit:
        raise exc.InvalidModelException(
            f"The length of a '{name}' {what} name must not exceed {limit} symbols"
        )


def _action_and_input(data: dict, validate: bool) -> tuple[str | None, str | None, object]:
    action, workflow = data.get("action"), data.get("workflow")
    task_input = data.get("input", {})
    task_input = dict(task_input) if isinstance(task_input, dict) else task_input
    if action or workflow:
        name, params = parse_cmd_and_input(action or workflow)
        check_expressions([name, params], validate)
        if isinstance(task_input, dict):
            task_input.update(params)
        if action:
            action = name
        else:
            workflow = name
    else:
        action = DEFAULT_ACTION
    return action, workflow, task_input


def parse_task(data: dict, validate: bool) -> TaskSpec:
    """Build a task from its dict, which carries the injected type/name/version."""
    wf_type = data.get("type", "direct")
    check_schema(data, schemas.TASK[wf_type], validate)
    name = data["name"]
    if validate:
        _check_name(name, MAX_LENGTH_TASK_NAME, "task")
        for key in ("input", "publish", "publish-on-error", "publish-on-skip"):
            check_expressions(data.get(key), validate)
        for key in ("keep-result", "safe-rerun", "target"):
            check_expressions(data.get(key), validate)
    with_items = _parse_with_items(data, validate)
    policies = PoliciesSpec.parse(data, validate)
    action, workflow, task_input = _action_and_input(data, validate)
    requires = data.get("requires", [])
    spec = TaskSpec(
        name=name,
        wf_type=wf_type,
        description=data.get("description"),
        tags=tuple(data.get("tags", [])),
        action=action,
        workflow=workflow,
        input=task_input,
        with_items=with_items,
        publish=data.get("publish", {}),
        publish_on_error=data.get("publish-on-error", {}),
        publish_on_skip=data.get("publish-on-skip", {}),
        policies=policies,
        target=data.get("target"),
        keep_result=data.get("keep-result", True),
        safe_rerun=data.get("safe-rerun"),
        join=data.get("join"),
        on_success=parse_on_clause(data.get("on-success"), validate),
        on_error=parse_on_clause(data.get("on-error"), validate),
        on_complete=parse_on_clause(data.get("on-complete"), validate),
        on_skip=parse_on_clause(data.get("on-skip"), validate),
        requires=tuple([requires] if isinstance(requires, str) else requires),
        data=data,
    )
    if validate and spec.join:
        _check_name(name, MAX_LENGTH_JOIN_TASK_NAME, "join task")
    return spec
