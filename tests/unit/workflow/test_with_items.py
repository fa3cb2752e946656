"""with-items decisions: iteration values, item contexts, concurrency slots, completion."""

import pytest

from mistral_engine import exceptions
from mistral_engine.workflow import with_items
from mistral_engine.workflow.with_items import Child

from .helpers import spec


def test_values_from_expressions_and_literal_lists():
    clause = (
        spec(
            """
wf:
  tasks:
    t:
      with-items:
        - x in <% $.xs %>
        - y in [10, 20]
      action: std.noop
"""
        )
        .tasks["t"]
        .with_items
    )
    assert with_items.iteration_values(clause, {"xs": ["a", "b"]}) == {
        "x": ["a", "b"],
        "y": [10, 20],
    }


def test_a_string_is_iterated_by_character():
    assert with_items.iteration_values({"c": "<% $.s %>"}, {"s": "ab"}) == {"c": ["a", "b"]}


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(exceptions.InputException) as error:
        with_items.iteration_values({"x": [1, 2, 3], "y": [1, 2]}, {})
    assert str(error.value) == (
        "Wrong input format for: {'x': [1, 2, 3], 'y': [1, 2]}. "
        "All arrays must have the same length."
    )


def test_a_value_that_is_not_iterable_is_refused():
    with pytest.raises(exceptions.InputException) as error:
        with_items.iteration_values({"x": [1], "y": "<% 5 %>"}, {})
    assert str(error.value) == (
        "Wrong input format for: {'x': [1]}. Iterable type is expected for each value."
    )


def test_count_is_the_length_of_the_arrays():
    assert with_items.count_of({"x": [1, 2, 3]}) == 3
    assert with_items.count_of({"x": []}) == 0


def test_item_layer_puts_the_inbound_context_over_the_item():
    values = {"n": [1, 2], "d": [{"a": 1}, {"a": 2}]}
    layer = with_items.item_layer(values, 1, {"n": "ctx", "d": {"b": 3}})
    assert layer == {"n": "ctx", "d": {"a": 2, "b": 3}}
    assert values == {"n": [1, 2], "d": [{"a": 1}, {"a": 2}]}


def test_next_indexes_without_and_with_a_limit():
    started = [Child(0, "RUNNING", False), Child(2, "SUCCESS", True)]
    assert with_items.next_indexes(5, None, started) == [1, 3, 4]
    assert with_items.next_indexes(5, 2, started) == [1, 3]
    assert with_items.next_indexes(5, 0, started) == []


def test_slots_are_taken_and_given_back():
    runtime = with_items.initial_runtime(2, 5)
    assert runtime == {"capacity": 2, "count": 5}
    runtime = with_items.taken(runtime, 2)
    assert runtime == {"capacity": 0, "count": 5}
    assert with_items.released(runtime, 2) == {"capacity": 1, "count": 5}
    assert with_items.released({"capacity": 2, "count": 5}, 2) == {"capacity": 2, "count": 5}
    unlimited = with_items.initial_runtime(None, 3)
    assert unlimited == {"capacity": None, "count": 3}
    assert with_items.taken(unlimited, 3) == unlimited
    assert with_items.released(unlimited, None) == unlimited


def test_completion_waits_for_every_iteration():
    runtime = {"capacity": None, "count": 3}
    two_done = [Child(0, "SUCCESS", True), Child(1, "ERROR", True), Child(2, "RUNNING", False)]
    assert with_items.completion(runtime, None, two_done) is None
    all_done = two_done[:2] + [Child(2, "SUCCESS", True)]
    assert with_items.completion(runtime, None, all_done) == (
        "ERROR",
        "One or more actions had failed.",
    )
    assert with_items.completion(runtime, None, [Child(i, "SUCCESS", True) for i in range(3)]) == (
        "SUCCESS",
        None,
    )


def test_completion_under_concurrency_waits_for_every_slot():
    done = [Child(i, "SUCCESS", True) for i in range(2)]
    assert with_items.completion({"capacity": 1, "count": 2}, 2, done) is None
    assert with_items.completion({"capacity": 2, "count": 2}, 2, done) == ("SUCCESS", None)


def test_a_cancelled_iteration_completes_the_task_at_once():
    children = [Child(0, "CANCELLED", True), Child(1, "RUNNING", False)]
    assert with_items.completion({"capacity": None, "count": 2}, None, children) == (
        "CANCELLED",
        "One or more actions was cancelled.",
    )
