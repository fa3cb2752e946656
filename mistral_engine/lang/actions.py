"""Ad-hoc action specifications."""

import json
from dataclasses import dataclass, field

from mistral_engine.lang import schemas
from mistral_engine.lang.base import check_expressions, check_schema, input_entries
from mistral_engine.lang.inline import parse_cmd_and_input


@dataclass(frozen=True)
class ActionSpec:
    """An ad-hoc action: ``base`` run with ``base_input`` (inline params merged in)."""

    name: str
    base: str
    base_input: dict
    input: list
    output: object
    description: str | None
    tags: list
    data: dict = field(repr=False)

    def input_params(self) -> list[tuple[str, bool, object]]:
        return input_entries(self.input)

    def input_string(self) -> str | None:
        """The API ``input`` field: defaults JSON-encoded (``n=1, s="x", c=null``).

        None when the action declares no input, as Mistral stores it.
        """
        parts = [f"{n}={json.dumps(d)}" if has else n for n, has, d in self.input_params()]
        return ", ".join(parts) if parts else None


def parse_action(data: dict, validate: bool = True) -> ActionSpec:
    """Build an action from its dict (``name`` and ``version`` already injected)."""
    check_schema(data, schemas.ACTION, validate)
    base, params = parse_cmd_and_input(data["base"])
    check_expressions(params, validate)
    check_expressions(data.get("base-input"), validate)
    output = data.get("output")
    check_expressions(output, validate)
    base_input = dict(data.get("base-input") or {})
    base_input.update(params)
    return ActionSpec(
        name=data["name"],
        base=base,
        base_input=base_input,
        input=list(data.get("input", [])),
        output=output,
        description=data.get("description"),
        tags=list(data.get("tags", [])),
        data=data,
    )
