"""The Action resource: a system or ad-hoc action definition with its input signature."""

from wsme import types as wtypes

from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES

# python-mistralclient reads ``input`` and ``description`` of every action without a
# default, so they are always sent: reads show a missing ``input`` as "" (as Mistral lists
# it), the upload answers as null, and ``description`` is null when unset.
_EMPTY_AS_TEXT = ("input", "definition")
_ALWAYS_SENT = ("input", "description")


class Action(Resource):
    id = wtypes.text
    name = wtypes.text
    is_system = bool
    input = wtypes.text
    description = wtypes.text
    tags = [wtypes.text]
    definition = wtypes.text
    scope = SCOPE_TYPES
    project_id = wtypes.text
    created_at = wtypes.text
    updated_at = wtypes.text
    namespace = wtypes.text

    @classmethod
    def from_db_model(cls, row, fields=None):
        """For the create/update answers, which show a missing input as null (reads show
        it as "")."""
        obj = super().from_db_model(row, fields)
        if obj.definition is None:
            obj.definition = ""
        return obj

    @classmethod
    def add_computed(cls, row, wire, fields) -> None:
        for name in _EMPTY_AS_TEXT:
            if name in wire and wire[name] is None:
                wire[name] = ""

    def to_dict(self) -> dict:
        result = {}
        for attr in self._wsme_attributes:
            value = getattr(self, attr.name)
            if value is wtypes.Unset or (value is None and attr.name not in _ALWAYS_SENT):
                continue
            result[attr.name] = value
        return result


class Actions(ResourceList):
    _type = "actions"
    actions = [Action]
