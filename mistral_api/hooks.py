"""Pecan hooks: build the request context from the (possibly keystone-validated) headers."""

import pecan
from pecan import hooks

from mistral_engine.context import DEFAULT_PROJECT_ID, RequestContext


def _roles(header: str | None) -> tuple[str, ...]:
    return tuple(r.strip() for r in (header or "").split(",") if r.strip())


def context_from_headers(headers, auth_enabled: bool) -> RequestContext:
    """The caller's context from the (possibly keystone-validated) request headers."""
    roles = _roles(headers.get("X-Roles"))
    project_id = headers.get("X-Project-Id") if auth_enabled else None
    return RequestContext(
        project_id=project_id or DEFAULT_PROJECT_ID,
        user_id=headers.get("X-User-Id"),
        project_name=headers.get("X-Project-Name"),
        user_name=headers.get("X-User-Name"),
        roles=roles,
        is_admin="admin" in roles,
        auth_token=headers.get("X-Auth-Token"),
        auth_enabled=auth_enabled,
        request_id=headers.get("X-Openstack-Request-Id"),
    )


class ContextHook(hooks.PecanHook):
    def __init__(self, auth_enabled: bool):
        self.auth_enabled = auth_enabled

    def before(self, state):
        state.request.context["ctx"] = context_from_headers(
            state.request.headers, self.auth_enabled
        )


class RpcClientsHook(hooks.PecanHook):
    """Hands the RPC clients built by the composition root to the controllers."""

    def __init__(self, engine_client, executor_client):
        self.engine_client = engine_client
        self.executor_client = executor_client

    def before(self, state):
        state.request.context["engine_client"] = self.engine_client
        state.request.context["executor_client"] = self.executor_client


def ctx() -> RequestContext:
    return pecan.request.context["ctx"]


def engine_client():
    """The engine's RPC client (mistral_engine.rpc.clients.EngineClient)."""
    return pecan.request.context["engine_client"]


def executor_client():
    """The executor's RPC client (mistral_engine.rpc.clients.ExecutorClient)."""
    return pecan.request.context["executor_client"]
