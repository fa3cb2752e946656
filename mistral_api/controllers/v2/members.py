"""/v2/workflows/{id}/members: sharing a private workflow with other projects.

Only meaningful with authentication on; without it every call answers Mistral's 400.
"""

from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api.hooks import ctx
from mistral_db.api import is_uuid
from mistral_engine import exceptions


def check_sharing_allowed(resource_id: str) -> None:
    if not ctx().auth_enabled:
        raise exceptions.BadRequest(
            "Resource sharing feature can only be supported with authentication enabled."
        )
    if not is_uuid(resource_id):
        raise exceptions.BadRequest(
            "Only support UUID as resource identifier in resource sharing feature."
        )


class MembersController(rest.RestController):
    def __init__(self, resource_type: str, resource_id: str):
        super().__init__()
        self.resource_type = resource_type
        self.resource_id = resource_id

    @wsme_pecan.wsexpose(wtypes.text)
    def get_all(self):
        check_sharing_allowed(self.resource_id)
        raise exceptions.NotAllowedException("Resource sharing is not implemented yet.")

    @wsme_pecan.wsexpose(wtypes.text, wtypes.text)
    def get(self, member_id):
        check_sharing_allowed(self.resource_id)
        raise exceptions.NotAllowedException("Resource sharing is not implemented yet.")

    @wsme_pecan.wsexpose(wtypes.text, body=wtypes.text, status_code=201)
    def post(self, member_info=None):
        check_sharing_allowed(self.resource_id)
        raise exceptions.NotAllowedException("Resource sharing is not implemented yet.")

    @wsme_pecan.wsexpose(wtypes.text, wtypes.text, body=wtypes.text)
    def put(self, member_id, member_info=None):
        check_sharing_allowed(self.resource_id)
        raise exceptions.NotAllowedException("Resource sharing is not implemented yet.")

    @wsme_pecan.wsexpose(None, wtypes.text, status_code=204)
    def delete(self, member_id):
        check_sharing_allowed(self.resource_id)
        raise exceptions.NotAllowedException("Resource sharing is not implemented yet.")
