"""/v2/workflows/{id}/members: sharing a private workflow with other projects.

Only meaningful with authentication on; without it every call answers Mistral's 400
(rendered, as Mistral does here, as ``{"faultstring": ...}``).
"""

import pecan
from pecan import rest

from mistral_api import errors
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

    def _refuse(self):
        check_sharing_allowed(self.resource_id)
        # Sharing comes with authentication (a later release); refuse clearly until then.
        raise exceptions.NotAllowedException("Resource sharing is not available yet.")

    @errors.pecan_errors
    @pecan.expose("json")
    def get_all(self):
        self._refuse()

    @errors.pecan_errors
    @pecan.expose("json")
    def get_one(self, member_id):
        self._refuse()

    @errors.pecan_errors
    @pecan.expose("json")
    def post(self):
        self._refuse()

    @errors.pecan_errors
    @pecan.expose("json")
    def put(self, member_id):
        self._refuse()

    @errors.pecan_errors
    @pecan.expose("json")
    def delete(self, member_id):
        self._refuse()
