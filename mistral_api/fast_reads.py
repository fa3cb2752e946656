"""A short path for the plain GETs of collections and their members.

``GET /v2/<collection>`` and ``GET /v2/<collection>/<id>`` are the API's hottest requests
(clients poll executions, list and fetch definitions). For them, pecan's routing and
WSME's request machinery cost about as much as the work itself, so this middleware calls
the same controller method pecan would (``get_all`` or ``get``), with its query parameters
converted by WSME's own converters, and renders the result as WSME does.

It answers only when everything is ordinary: a known collection, a member segment that
is not a sub-controller, query parameters that are all the method's own and each given
once, conversions and the method itself succeeding. Anything else (an error to report,
an odd parameter) goes to pecan, which answers it the usual way. Reads have no side
effects, so handing a request over after a failed attempt is safe.
"""

import inspect
import json
import logging
import urllib.parse

import pecan.core
import webob.request
import wsme.rest.args
from wsme.rest import json as wsme_json

from mistral_api import hooks

LOG = logging.getLogger(__name__)

_OK = "200 OK"


class _Endpoint:
    """One controller method and what calling it outside pecan needs."""

    def __init__(self, controller, method_name: str):
        exposed = getattr(type(controller), method_name)
        self.controller = controller
        self.function = exposed.__wrapped__
        self.funcdef = exposed._wsme_definition
        self.types = {arg.name: arg.datatype for arg in self.funcdef.arguments}
        # A member's id comes from the path into the method's first argument.
        self.path_argument = self.funcdef.arguments[0] if self.funcdef.arguments else None
        # pecan passes an absent parameter's Python default, which WSME then converts.
        self.defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(self.function).parameters.items()
            if parameter.default is not inspect.Parameter.empty
        }


class FastReads:
    """WSGI middleware in front of pecan (after authentication)."""

    def __init__(self, app, v2_controller, collections, auth_enabled: bool):
        self.app = app
        self.auth_enabled = auth_enabled
        self.lists = {}
        self.members = {}
        for name in collections:
            controller = getattr(v2_controller, name)
            self.lists[name] = _Endpoint(controller, "get_all")
            self.members[name] = _Endpoint(controller, "get")

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "GET":
            answer = self._try(environ)
            if answer is not None:
                start_response(_OK, answer[0])
                return [answer[1]]
        return self.app(environ, start_response)

    def warm_up(self) -> None:
        """Read the first item of every collection, and the page after it, once: the
        first read of each kind compiles its SQL and fills the dialect's caches (about
        40 ms), which the first requests after a start would otherwise pay, each thread
        for itself."""
        for name in self.lists:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": f"/v2/{name}",
                "QUERY_STRING": "limit=1",
                "SERVER_NAME": "localhost",
                "SERVER_PORT": "80",
                "wsgi.url_scheme": "http",
            }
            answer = self._try(environ)
            items = json.loads(answer[1]).get(name) if answer else None
            if items:
                environ["QUERY_STRING"] = f"limit=1&marker={items[0]['id']}"
                self._try(environ)

    def _route(self, path: str):
        parts = path.split("/")
        # "/v2/<collection>" or "/v2/<collection>/<id>"
        if len(parts) == 3 and parts[1] == "v2":
            endpoint = self.lists.get(parts[2])
            return (endpoint, ()) if endpoint else (None, ())
        if len(parts) == 4 and parts[1] == "v2" and parts[3]:
            endpoint = self.members.get(parts[2])
            if endpoint is None or hasattr(endpoint.controller, parts[3]):
                return None, ()
            # PEP 3333: the server decoded %XX escapes into a latin-1 string of bytes.
            return endpoint, (parts[3].encode("latin-1").decode("utf-8"),)
        return None, ()

    def _try(self, environ):
        """``(headers, body)`` of a 200 answer, or None to leave the request to pecan."""
        try:
            endpoint, path_args = self._route(environ.get("PATH_INFO", ""))
            if endpoint is None:
                return None
            kwargs = self._arguments(endpoint, environ.get("QUERY_STRING", ""), path_args)
            if kwargs is None:
                return None
            result = self._call(endpoint, environ, kwargs)
            body = wsme_json.encode_result(result, endpoint.funcdef.return_type).encode()
        except Exception as error:  # noqa: BLE001 - pecan answers it, errors included
            LOG.debug("GET %s goes to pecan: %r", environ.get("PATH_INFO"), error)
            return None
        headers = [("Content-Length", str(len(body))), ("Content-Type", "application/json")]
        return headers, body

    @staticmethod
    def _arguments(endpoint, query: str, path_args):
        kwargs = {}
        if path_args:
            argument = endpoint.path_argument
            kwargs[argument.name] = wsme.rest.args.from_param(argument.datatype, path_args[0])
        for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict"):
            datatype = endpoint.types.get(name)
            if datatype is None or name in kwargs:
                return None
            kwargs[name] = wsme.rest.args.from_param(datatype, value)
        for name, default in endpoint.defaults.items():
            if name not in kwargs:
                kwargs[name] = wsme.rest.args.from_param(endpoint.types[name], default)
        return kwargs

    def _call(self, endpoint, environ, kwargs):
        headers = _Headers(environ)
        context = {"ctx": hooks.context_from_headers(headers, self.auth_enabled)}
        state = pecan.core.state
        state.request = _Request(environ, headers, context)
        try:
            return endpoint.function(endpoint.controller, **kwargs)
        finally:
            del state.request


class _Request:
    """What controllers read of ``pecan.request``: the context, headers and the URL."""

    def __init__(self, environ, headers, context):
        self.environ = environ
        self.headers = headers
        self.context = context

    @property
    def application_url(self) -> str:
        return webob.request.BaseRequest(self.environ).application_url


class _Headers:
    """The request headers, read straight from the WSGI environ."""

    def __init__(self, environ):
        self.environ = environ

    def get(self, name, default=None):
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), default)
