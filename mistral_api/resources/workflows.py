"""The Workflow resource: a stored workflow definition with its rendered input and
interface."""

import json

from wsme import types as wtypes

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList

SCOPE_TYPES = wtypes.Enum(str, "private", "public")


def render_input(params) -> str:
    """Mistral's ``input`` string: ``a, b="1", c="None"``."""
    parts = []
    for param in params or ():
        if isinstance(param, dict):
            parts.extend(f'{key}="{value}"' for key, value in param.items())
        else:
            parts.append(str(param))
    return ", ".join(parts)


def render_interface(spec: dict) -> dict:
    output = spec.get("output") or {}
    return {
        "input": spec.get("input") or [],
        "output": list(output) if isinstance(output, dict) else [],
    }


class Workflow(Resource):
    id = wtypes.text
    name = wtypes.text
    namespace = wtypes.text
    input = wtypes.text
    interface = types.jsontype
    definition = wtypes.text
    checksum = wtypes.text
    tags = [wtypes.text]
    scope = SCOPE_TYPES
    project_id = wtypes.text
    created_at = wtypes.text
    updated_at = wtypes.text

    @classmethod
    def from_db_model(cls, row, fields=None):
        obj = super().from_db_model(row, fields)
        spec = row.spec
        if spec is not None and (not fields or "input" in fields):
            obj.input = render_input(spec.get("input"))
        if spec is not None and (not fields or "interface" in fields):
            obj.interface = render_interface(spec)
        return obj

    @classmethod
    def add_computed(cls, row, wire, fields):
        spec = row.spec
        if spec is None:
            return
        if not fields or "input" in fields:
            wire["input"] = render_input(spec.get("input"))
        if not fields or "interface" in fields:
            wire["interface"] = json.dumps(render_interface(spec))


class Workflows(ResourceList):
    _type = "workflows"
    workflows = [Workflow]
