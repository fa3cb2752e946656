"""The DynamicAction resource: an action name bound to a class of a code source."""

import wsme
from wsme import types as wtypes
from wsme.rest import json as restjson

from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES


class DynamicAction(Resource):
    id = wtypes.text
    name = wtypes.text
    namespace = wsme.wsattr(wtypes.text, default="")
    code_source_id = wtypes.text
    code_source_name = wtypes.text
    class_name = wtypes.text
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    scope = SCOPE_TYPES
    created_at = wtypes.text
    updated_at = wtypes.text


class DynamicActions(ResourceList):
    _type = "dynamic_actions"
    dynamic_actions = [DynamicAction]


@restjson.fromjson.when_object(DynamicAction)
def _dynamic_action_fromjson(datatype, value):
    # WSME would fail with a 500 on a body that is not an object.
    if not isinstance(value, dict):
        raise ValueError("The request body must be a JSON object.")
    return restjson.fromjson.default(datatype, value)
