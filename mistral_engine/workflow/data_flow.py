"""Data flow of a workflow execution: expression contexts, publishing and context merging (§14).

Contexts carry Mistral's ``__versions`` counters (``[context_versioning]
enabled``, the default): each published leaf key gets a counter incremented
along its path, and merging branches keeps, per key, the value with the
higher counter. ``__versions`` is stripped from workflow output.
"""

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from mistral_engine import expressions
from mistral_engine.workflow import states
from mistral_engine.workflow.functions import SnapshotFunctions
from mistral_engine.workflow.views import TaskView, WorkflowView

VERSIONS_KEY = "__versions"

_settings = {"merge_strategy": "replace", "versioning": True, "hash_version_keys": True}


def configure(
    merge_strategy: str = "replace", versioning: bool = True, hash_version_keys: bool = True
) -> None:
    """Operator switches: ``[engine] merge_strategy`` and ``[context_versioning]``."""
    _settings.update(
        merge_strategy=merge_strategy, versioning=versioning, hash_version_keys=hash_version_keys
    )


def evaluate(value: Any, ctx: dict, functions: Any = None) -> Any:
    return expressions.evaluate(value, ctx, functions)


def merge_dicts(left: dict, right: dict | None) -> dict:
    """Deep-merge ``right`` into ``left`` in place (right wins); returns ``left``."""
    for key, value in (right or {}).items():
        if isinstance(left.get(key), dict) and isinstance(value, dict):
            merge_dicts(left[key], value)
        else:
            left[key] = value
    return left


def layered(*layers: dict | None) -> dict:
    """One data context from layers in decreasing priority (the first hit wins).

    ``replace`` looks names up layer by layer (a shallow union); ``merge``
    deep-merges them, the lower layers losing.
    """
    res: dict = {}
    if _settings["merge_strategy"] == "merge":
        for layer in reversed([x for x in layers if x is not None]):
            merge_dicts(res, copy.deepcopy(layer))
        return res
    for layer in reversed([x for x in layers if x is not None]):
        res.update(layer)
    return res


def current_task_layer(task: TaskView) -> dict:
    return {"__task_execution": {"id": task.id, "name": task.name}}


def env_layer(wf: WorkflowView) -> dict:
    return {"__env": wf.env}


def task_context(wf: WorkflowView, task: TaskView, extra: dict | None = None) -> dict:
    """Context for a task's input, with-items, action, policies (§14.2)."""
    return layered(
        current_task_layer(task), env_layer(wf), extra, task.in_context, wf.context, wf.input
    )


def publish_context(wf: WorkflowView, task: TaskView) -> dict:
    return layered(current_task_layer(task), task.in_context, env_layer(wf), wf.context, wf.input)


def transition_context(wf: WorkflowView, task: TaskView) -> dict:
    return layered(
        current_task_layer(task), outbound_context(task), env_layer(wf), wf.context, wf.input
    )


def output_context(wf: WorkflowView, final_ctx: dict) -> dict:
    return layered(final_ctx, env_layer(wf), wf.context, wf.input)


# --- publishing ------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    """What a completed task publishes.

    ``published`` is the value to store in the task's ``published`` field
    (the old value when nothing applies; None in Mistral's quirk where a
    transition publish has no ``branch`` part: the task-level publish is then
    lost, observed on Mistral 23.0.0). ``global_vars`` are to be deep-merged
    into the execution context with ``merge_globals``.
    """

    published: dict | None
    global_vars: dict


def publication(wf: WorkflowView, task: TaskView, functions: Any = None) -> Publication:
    """Evaluate publish / publish-on-error / publish-on-skip and the clause publishes (§14.3).

    ``task`` must show the new state, the result and ``published = {}``.
    ``functions`` defaults to a ``SnapshotFunctions`` of ``wf`` with ``task`` current.
    """
    functions = functions if functions is not None else SnapshotFunctions(wf, task)
    if task.state not in (states.SUCCESS, states.ERROR, states.SKIPPED):
        return Publication(task.published, {})
    spec = _publish_spec(wf, task)
    if spec is None:
        return Publication(task.published, {})
    ctx = publish_context(wf, task)
    branch, global_ = spec
    published = evaluate(branch, ctx, functions) if branch is not None else None
    global_vars = evaluate(global_, ctx, functions) if global_ else {}
    return Publication(published, global_vars or {})


def _publish_spec(wf: WorkflowView, task: TaskView) -> tuple | None:
    """``(branch, global)`` in Mistral's merge order; a part may be None."""
    t_spec = wf.task_spec(task.name)
    own = {
        states.SUCCESS: t_spec.publish,
        states.ERROR: t_spec.publish_on_error,
        states.SKIPPED: t_spec.publish_on_skip,
    }[task.state]
    spec = [copy.deepcopy(own), None] if own else None
    on_complete = _clause_publish(t_spec.on_complete)
    if on_complete:
        spec = _merge_publish(spec, on_complete) if spec else on_complete
    clause_name = {states.SUCCESS: "on_success", states.ERROR: "on_error"}.get(
        task.state, "on_skip"
    )
    clause = _clause_publish(getattr(t_spec, clause_name))
    if clause:
        return tuple(_merge_publish(clause, spec) if spec else clause)
    return tuple(spec) if spec else None


def _clause_publish(clause: Any) -> list | None:
    if clause is None or clause.publish is None:
        return None
    p = clause.publish
    return [copy.deepcopy(p.branch) or None, copy.deepcopy(p.global_) or None]


def _merge_publish(into: list, other: list | None) -> list:
    # Mistral merges part by part only into a part that exists: a missing
    # part of ``into`` stays missing and ``other``'s values for it are lost.
    for i in (0, 1):
        if other and other[i] and into[i] is not None:
            merge_dicts(into[i], other[i])
    return into


def merge_globals(context: dict, global_vars: dict) -> dict:
    """The execution context with the global publishes deep-merged in (a new dict)."""
    return merge_dicts(copy.deepcopy(context), copy.deepcopy(global_vars))


def published_global(wf_context: dict, wf_vars: dict) -> dict:
    """The API's ``published_global``: context minus internal keys and declared vars."""
    exclude = {"__execution", "openstack", *wf_vars}
    return {k: v for k, v in wf_context.items() if k not in exclude}


# --- contexts between tasks -------------------------------------------------


def outbound_context(task: TaskView) -> dict:
    """The task's inbound context plus what it published, with bumped versions."""
    ctx = copy.deepcopy(task.in_context or {})
    published = task.published or {}
    if _settings["versioning"]:
        versions = ctx.setdefault(VERSIONS_KEY, {})
        for key in _leaf_keys(published):
            versions[key] = versions.get(key, 0) + 1
    if _settings["merge_strategy"] == "merge":
        return merge_dicts(ctx, copy.deepcopy(published))
    ctx.update(copy.deepcopy(published))
    return ctx


def _version_key(path: str) -> str:
    if _settings["hash_version_keys"]:
        return hashlib.md5(path.encode("utf-8"), usedforsecurity=False).hexdigest()
    return path


def _leaf_keys(published: dict, prefix: str | None = None) -> list[str]:
    keys = []
    for key, value in published.items():
        path = key if not prefix else f"{prefix}.{key}"
        if isinstance(value, dict):
            keys.extend(_leaf_keys(value, path))
        else:
            keys.append(_version_key(path))
    return keys


def upstream_context(upstream: list[TaskView], base: dict | None = None) -> dict:
    """Merge the outbound contexts of ``upstream`` tasks (a join's inbound context, §14.4).

    With versioning, as Mistral: the last task's context is the base (or
    ``base`` when given and non-empty) and the others are merged into it in
    order; on equal versions the base keeps its value. Without versioning:
    merged in order, later wins, then all published values re-applied.
    """
    upstream = list(upstream)
    if not _settings["versioning"]:
        ctx: dict = {}
        published: dict = {}
        for t in upstream:
            merge_dicts(published, copy.deepcopy(t.published or {}))
            merge_dicts(ctx, outbound_context(t))
        return merge_dicts(ctx, published)
    if not upstream:
        return base or {}
    ctx = base if base else outbound_context(upstream.pop())
    for t in upstream:
        ctx = merge_by_version(ctx, outbound_context(t))
    return ctx


def merge_by_version(left: dict, right: dict) -> dict:
    """Merge ``right`` into ``left`` keeping, per leaf key, the higher version."""
    ver_left = dict(left.pop(VERSIONS_KEY, {}))
    ver_right = dict(right.pop(VERSIONS_KEY, {}))
    left.pop("__task_execution", None)
    right.pop("__task_execution", None)
    _merge_ctx(left, ver_left, right, ver_right)
    for key, value in ver_right.items():
        ver_left[key] = max(ver_left.get(key, value), value)
    left[VERSIONS_KEY] = ver_left
    return left


def _merge_ctx(left: dict, ver_left: dict, right: dict, ver_right: dict, prefix=None) -> None:
    for key, value in right.items():
        if key not in left:
            left[key] = value
            continue
        path = key if not prefix else f"{prefix}.{key}"
        if isinstance(left[key], dict) and isinstance(value, dict):
            _merge_ctx(left[key], ver_left, value, ver_right, path)
        else:
            vkey = _version_key(path)
            if ver_right.get(vkey, 0) > ver_left.get(vkey, 0):
                left[key] = value


def strip_internal(ctx: dict) -> dict:
    """A copy of ``ctx`` without ``__versions`` (the final context as output)."""
    return {k: v for k, v in ctx.items() if k != VERSIONS_KEY}
