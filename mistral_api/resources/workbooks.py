"""The Workbook resource: a stored workbook definition."""

from wsme import types as wtypes

from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES


class Workbook(Resource):
    id = wtypes.text
    name = wtypes.text
    namespace = wtypes.text
    definition = wtypes.text
    tags = [wtypes.text]
    scope = SCOPE_TYPES
    project_id = wtypes.text
    created_at = wtypes.text
    updated_at = wtypes.text


class Workbooks(ResourceList):
    _type = "workbooks"
    workbooks = [Workbook]
