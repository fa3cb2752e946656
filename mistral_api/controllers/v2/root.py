"""GET /v2 and the tree of /v2 resources."""

import pecan
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api.controllers.v2 import workflows
from mistral_api.resources.base import Resource


class RootResource(Resource):
    uri = wtypes.text


class Controller:
    workflows = workflows.WorkflowsController()

    @wsme_pecan.wsexpose(RootResource)
    def index(self):
        return RootResource(uri=f"{pecan.request.application_url}/v2")
