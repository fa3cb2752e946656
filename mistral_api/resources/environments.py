"""The Environment resource: a named set of variables, sent and returned as a JSON string."""

import json

import wsme
from wsme import types as wtypes
from wsme.rest import json as restjson

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES


class VariablesType(types.JsonType):
    """Mistral's JSON field as environments parse it: anything but an object or a JSON
    text is a ValueError, which WSME reports as invalid input of the whole argument."""

    def frombasetype(self, value):
        if value is None or isinstance(value, dict):
            return value
        try:
            return json.loads(value)
        except TypeError as error:
            raise ValueError(str(error)) from error


variables_type = VariablesType()


class Environment(Resource):
    id = wtypes.text
    name = wtypes.text
    description = wtypes.text
    variables = variables_type
    scope = SCOPE_TYPES
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    created_at = wtypes.text
    updated_at = wtypes.text


class Environments(ResourceList):
    _type = "environments"
    environments = [Environment]


@restjson.fromjson.when_object(Environment)
def _environment_fromjson(datatype, value):
    # WSME would fail with a 500 on a body that is not an object.
    if not isinstance(value, dict):
        raise ValueError("The request body must be a JSON object.")
    return restjson.fromjson.default(datatype, value)
