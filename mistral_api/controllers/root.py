"""GET / (the versions document) and the /v2 mount point."""

import pecan
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api.controllers.v2 import root as v2_root
from mistral_api.resources.base import Resource


class Link(Resource):
    href = wtypes.text
    target = wtypes.text
    rel = wtypes.text


class APIVersion(Resource):
    id = wtypes.text
    status = wtypes.text
    links = [Link]


class APIVersions(Resource):
    versions = [APIVersion]


class RootController:
    v2 = v2_root.Controller()

    @wsme_pecan.wsexpose(APIVersions)
    def index(self):
        host_url = pecan.request.application_url
        link = Link(href=f"{host_url}/v2", target="v2", rel="self")
        return APIVersions(versions=[APIVersion(id="v2.0", status="CURRENT", links=[link])])
