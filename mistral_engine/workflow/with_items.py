"""with-items: a task that runs its action or sub-workflow once per item (dsl-v2 §13).

Pure decisions, no DB: the iteration values and their checks, each iteration's data
context, which iterations to start next under ``concurrency``, and when and how the task
completes. The engine keeps the counters where Mistral keeps them, in the task's
``runtime_context``: ``concurrency`` (the evaluated policy, when set) and
``with_items: {"capacity": ..., "count": ...}``; each child execution carries its
``index``.
"""

import collections.abc
import copy
from dataclasses import dataclass

from mistral_engine import exceptions, expressions
from mistral_engine.workflow import data_flow, states

RUNTIME_KEY = "with_items"


@dataclass(frozen=True)
class Child:
    """One action or sub-workflow execution of the task, as the decisions need it."""

    index: int
    state: str
    accepted: bool


def iteration_values(with_items: dict, ctx: dict, functions=None) -> dict[str, list]:
    """``{"var": [items...]}`` from the task's ``with-items`` clause; every array must have
    the same length (Mistral's messages)."""
    evaluated = expressions.evaluate(with_items, ctx, functions)
    values: dict[str, list] = {}
    length = None
    for name, items in evaluated.items():
        if not isinstance(items, collections.abc.Iterable):
            raise exceptions.InputException(
                f"Wrong input format for: {values}. Iterable type is expected for each value."
            )
        values[name] = list(items)
        if length is None:
            length = len(values[name])
        elif len(values[name]) != length:
            raise exceptions.InputException(
                f"Wrong input format for: {evaluated}. All arrays must have the same length."
            )
    return values


def count_of(values: dict[str, list]) -> int:
    return len(next(iter(values.values()), []))


def item_layer(values: dict[str, list], index: int, in_context: dict) -> dict:
    """The extra context layer of one iteration: its item variables, under the task's
    inbound context (as in Mistral, a context variable of the same name wins)."""
    item = {name: items[index] for name, items in values.items()}
    return data_flow.merge_dicts(copy.deepcopy(item), in_context)


def initial_runtime(concurrency: int | None, count: int) -> dict:
    return {"capacity": concurrency or None, "count": count}


def next_indexes(count: int, capacity: int | None, children: list[Child]) -> list[int]:
    """The iterations to start now: those never started, in order, at most ``capacity``
    of them when a concurrency limit applies."""
    started = {child.index for child in children}
    pending = [i for i in range(count) if i not in started]
    return pending if capacity is None else pending[:capacity]


def released(runtime: dict, concurrency: int | None) -> dict:
    """The counters after one iteration completed: it gives its slot back."""
    if concurrency and (runtime.get("capacity") or 0) < concurrency:
        return {**runtime, "capacity": (runtime.get("capacity") or 0) + 1}
    return dict(runtime)


def taken(runtime: dict, started: int) -> dict:
    """The counters after ``started`` iterations were started."""
    if runtime.get("capacity") is None:
        return dict(runtime)
    return {**runtime, "capacity": runtime["capacity"] - started}


def completion(runtime: dict, concurrency: int | None, children: list[Child]):
    """``(state, state_info)`` once the task is complete, else None.

    A cancelled iteration completes the task at once; otherwise it completes when every
    iteration has an accepted result and every slot was given back.
    """
    accepted = [child for child in children if child.accepted]
    if any(child.state == states.CANCELLED for child in accepted):
        return states.CANCELLED, "One or more actions was cancelled."
    slots_back = not concurrency or runtime.get("capacity") == concurrency
    if len(accepted) != (runtime.get("count") or 1) or not slots_back:
        return None
    if any(child.state == states.ERROR for child in accepted):
        return states.ERROR, "One or more actions had failed."
    return states.SUCCESS, None
