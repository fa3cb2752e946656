"""The request context passed explicitly from the API down to services and the DB."""

import dataclasses

from mistral_db.query import Caller

DEFAULT_PROJECT_ID = "<default-project>"


@dataclasses.dataclass(frozen=True)
class RequestContext:
    project_id: str = DEFAULT_PROJECT_ID
    user_id: str | None = None
    project_name: str | None = None
    user_name: str | None = None
    roles: tuple[str, ...] = ()
    is_admin: bool = False
    auth_token: str | None = None
    auth_enabled: bool = False
    request_id: str | None = None

    @property
    def caller(self) -> Caller:
        return Caller(project_id=self.project_id, is_admin=self.is_admin)

    def to_policy_values(self) -> dict:
        return {
            "project_id": self.project_id,
            "user_id": self.user_id,
            "roles": list(self.roles),
            "is_admin": self.is_admin,
        }
