"""Ad-hoc actions: expanding a chain to its system base action, transforming the output."""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mistral_lib import actions as ml_actions

from mistral_engine import exceptions as exc
from mistral_engine.actions import inputs
from mistral_engine.lang.base import input_entries
from mistral_engine.lang.inline import parse_cmd_and_input

Evaluate = Callable[..., object]


@dataclass(frozen=True)
class _Level:
    name: str
    base: str
    base_input: dict
    input: list  # [(name, has_default, default)]
    output: object

    def input_string(self) -> str:
        return ", ".join(f"{n}={json.dumps(d)}" if has else n for n, has, d in self.input)


def _level(spec) -> _Level:
    """A lang.ActionSpec or its dict form (``base``, ``base-input``, ``input``, ``output``)."""
    if not isinstance(spec, Mapping):
        return _Level(
            spec.name, spec.base, dict(spec.base_input or {}), spec.input_params(), spec.output
        )
    base, params = parse_cmd_and_input(spec["base"])
    base_input = dict(spec.get("base-input", spec.get("base_input")) or {})
    base_input.update(params)
    return _Level(
        spec.get("name", ""), base, base_input, input_entries(spec.get("input")), spec.get("output")
    )


def _levels(chain: Sequence) -> list[_Level]:
    levels = [_level(s) for s in chain]
    if not levels:
        raise ValueError("An ad-hoc action chain needs at least one action")
    seen = {levels[0].name}
    # The links are resolved by the caller (workbook prefixes, namespaces); only cycles
    # are checked here.
    for lower in levels[1:]:
        if lower.name in seen:
            raise ValueError(
                f"Found a cycle in an ad-hoc action chain [action_name={levels[0].name}, "
                f"duplicate_action_name={lower.name}]"
            )
        seen.add(lower.name)
    return levels


def check_input(chain: Sequence, input_dict: dict | None) -> None:
    """Mistral's input check of the called ad-hoc action (its declared ``input``)."""
    top = _levels(chain)[0]
    inputs.check_input(top.name, inputs.ADHOC_CLASS, top.input_string(), input_dict)


def expand_adhoc(
    chain: Sequence,
    input_dict: dict | None,
    evaluate: Evaluate,
    context: Mapping | None = None,
) -> tuple[str, dict]:
    """Follow ``base``/``base-input`` from the called action down to its system base.

    ``chain`` lists the called ad-hoc action first, then the ad-hoc action it is based
    on, and so on; the last one's ``base`` is the system action returned. At each level
    missing inputs get their defaults and ``base-input`` is evaluated with ``$`` = that
    level's input layered over ``context`` (the task's data context, with ``__env``).
    Checks the called action's input first (InputException with Mistral's text).
    """
    levels = _levels(chain)
    check_input(chain, input_dict)
    current = dict(input_dict or {})
    for level in levels:
        for name, has_default, default in level.input:
            if has_default and name not in current:
                current[name] = default
        scope = dict(context or {})
        scope.update(current)
        current = evaluate(level.base_input, scope)
        if not isinstance(current, dict):
            raise exc.ActionException(f"base-input of {level.name} must evaluate to a dict")
    return levels[-1].base, current


def transform_output(chain: Sequence, result, evaluate: Evaluate):
    """Apply the chain's ``output`` expressions, innermost action first.

    ``result`` is a mistral-lib Result (returned as a new Result) or a plain value
    (returned as a plain value). Error results are returned unchanged.
    """
    is_result = isinstance(result, ml_actions.Result)
    if is_result and result.is_error():
        return result
    data = result.data if is_result else result
    for level in reversed(_levels(chain)):
        if level.output is not None:
            data = evaluate(level.output, data)
    if is_result:
        return ml_actions.Result(data=data, error=result.error, cancel=result.cancel)
    return data
