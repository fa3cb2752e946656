"""The CodeSource resource: a stored Python module, its version and owner."""

import wsme
from wsme import types as wtypes

from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES


class CodeSource(Resource):
    id = wtypes.text
    name = wtypes.text
    namespace = wtypes.text
    content = wtypes.text
    version = wtypes.IntegerType(minimum=1)
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    scope = SCOPE_TYPES
    # Declared by Mistral but never filled by its server; kept for the field list.
    actions = [wtypes.text]
    created_at = wtypes.text
    updated_at = wtypes.text


class CodeSources(ResourceList):
    _type = "code_sources"
    code_sources = [CodeSource]
