"""The WSGI application: the pecan controller tree wrapped in its middleware stack.

Middleware, outermost first: body-size limit and malformed-body guard, keystonemiddleware
auth_token when ``[pecan] auth_enable`` is on, then pecan with the context hook.
"""

import json
import logging

import pecan
import webob
from oslo_config import cfg

from mistral_api import fast_reads, hooks, pecan_speedups
from mistral_api.errors import error_response
from mistral_db import session as db_session

LOG = logging.getLogger(__name__)

# Paths that answer without a token, as in Mistral.
PUBLIC_PATHS = ("/", "/v2", "/v2/", "/info")
UPLOAD_COLLECTIONS = ("workflows", "workbooks", "actions", "code_sources")
FAST_READ_COLLECTIONS = (
    "workflows",
    "workbooks",
    "actions",
    "environments",
    "code_sources",
    "dynamic_actions",
    "executions",
    "tasks",
    "action_executions",
    "cron_triggers",
)


class BodyGuard:
    """Refuses bodies over ``[api] max_request_body_kb`` and JSON bodies that do not
    parse, before any controller runs."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        if request.content_length and request.content_length > self.max_bytes:
            return error_response(
                413,
                f"Request body is too large: {request.content_length} bytes, "
                f"the limit is {self.max_bytes} bytes.",
                wsme_style=True,
            )(environ, start_response)
        if request.method in ("POST", "PUT") and _is_json(request) and not _is_upload(request):
            body = request.body
            if len(body) > self.max_bytes:
                return error_response(413, "Request body is too large.", wsme_style=True)(
                    environ, start_response
                )
            if body.strip():
                try:
                    json.loads(body)
                except ValueError as error:
                    LOG.info("Refused a malformed JSON body: %s", error)
                    return error_response(
                        400, "Request is not in valid JSON format", wsme_style=True
                    )(environ, start_response)
        return self.app(environ, start_response)


def _is_upload(request) -> bool:
    """Definition and code uploads are text whatever their declared type."""
    parts = request.path_info.strip("/").split("/")
    return len(parts) >= 2 and parts[1] in UPLOAD_COLLECTIONS


def _is_json(request) -> bool:
    return (request.content_type or "").split(";")[0].strip().lower() == "application/json"


class PublicPaths:
    """Lets the version documents through without a token when auth is on."""

    def __init__(self, app, authed_app):
        self.app = app
        self.authed_app = authed_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        if path in PUBLIC_PATHS:
            return self.app(environ, start_response)
        return self.authed_app(environ, start_response)


def setup_app(
    conf: cfg.ConfigOpts = cfg.CONF,
    configure_db: bool = True,
    rpc_clients=None,
    fast_read_lane: bool = True,
):
    """The WSGI app; ``rpc_clients`` is ``(engine_client, executor_client)``, built from
    the configured transport when not given. ``fast_read_lane`` puts ``FastReads`` in
    front of pecan (tests turn it off to compare the two)."""
    pecan_speedups.apply()
    if configure_db:
        db_session.configure_from_conf(conf)
    auth_enabled = conf.pecan.auth_enable
    if rpc_clients is None:
        from mistral_engine.rpc import clients, transport

        rpc = transport.get_transport(conf)
        rpc_clients = (clients.EngineClient(rpc, conf), clients.ExecutorClient(rpc, conf))
    app = pecan.make_app(
        "mistral_api.controllers.root.RootController",
        hooks=[hooks.ContextHook(auth_enabled), hooks.RpcClientsHook(*rpc_clients)],
        debug=conf.pecan.debug,
        force_canonical=False,
        guess_content_type_from_ext=False,
    )
    lane = None
    if fast_read_lane:
        app = lane = fast_reads.FastReads(
            app, app.application.root.v2, FAST_READ_COLLECTIONS, auth_enabled
        )
    if auth_enabled:
        from keystonemiddleware import auth_token

        authed = auth_token.AuthProtocol(app, {"oslo_config_config": conf})
        app = PublicPaths(app, authed)
    guard = BodyGuard(app, conf.api.max_request_body_kb * 1024)
    guard.warm_up = lane.warm_up if lane else lambda: None
    return guard
