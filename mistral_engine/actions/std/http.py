"""std.http and std.mistral_http: an HTTP request whose response becomes the result."""

import json as jsonlib
import logging
from urllib import parse

import requests
from mistral_lib import actions as ml_actions

from mistral_engine import exceptions as exc
from mistral_engine.actions.std import egress, http_opts
from mistral_engine.actions.std.base import StdAction

LOG = logging.getLogger(__name__)


def _text(value):
    """Bytes as the JSON serializer Mistral uses would store them (UTF-8 text)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


class HTTPAction(StdAction):
    """HTTP action.

    :param url: URL for the new HTTP request.
    :param method: (optional, 'GET' by default) method for the new HTTP
        request.
    :param params: (optional) Dictionary or bytes to be sent in the
        query string for the HTTP request.
    :param body: (optional) Dictionary, bytes, or file-like object to send
        in the body of the HTTP request.
    :param json: (optional) A JSON serializable Python object to send
        in the body of the HTTP request.
    :param headers: (optional) Dictionary of HTTP Headers to send with
        the HTTP request.
    :param cookies: (optional) Dict or CookieJar object to send with
        the HTTP request.
    :param auth: (optional) Auth tuple to enable Basic/Digest/Custom
        HTTP Auth.
    :param timeout: (optional) Float describing the timeout of the request
        in seconds.
    :param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE
        redirect following is allowed.
    :param proxies: (optional) Dictionary mapping protocol to the URL of
        the proxy.
    :param verify: (optional) if ``True``, the SSL cert will be verified.
        A CA_BUNDLE path can also be provided.
    """

    mistral_class = "HTTPAction"

    def __init__(
        self,
        url,
        method="GET",
        params=None,
        body=None,
        json=None,
        headers=None,
        cookies=None,
        auth=None,
        timeout=None,
        allow_redirects=None,
        proxies=None,
        verify=None,
    ):
        super().__init__()
        if isinstance(auth, str) and len(auth.split(":")) == 2:
            self.auth = tuple(auth.split(":"))
        else:
            self.auth = auth
        if isinstance(headers, dict):
            for key, val in headers.items():
                if isinstance(val, (int, float)):
                    headers[key] = str(val)
        if body and json:
            raise exc.ActionException("Only one of the parameters 'json' and 'body' can be passed")
        self.url = url
        self.method = method
        self.params = params
        self.body = jsonlib.dumps(body) if isinstance(body, dict) else body
        self.json = json
        self.headers = headers
        self.cookies = cookies
        self.timeout = timeout
        self.allow_redirects = allow_redirects
        self.proxies = proxies
        self.verify = verify

    def run(self, context):
        egress.validate_url(self.url)
        opts = http_opts.options()
        verify = self.verify if parse.urlsplit(self.url).scheme == "https" else None
        timeout = self.timeout
        if timeout is None:
            timeout = opts.default_timeout or None
        try:
            resp = requests.request(
                self.method,
                self.url,
                params=self.params,
                data=self.body,
                json=self.json,
                headers=self.headers,
                cookies=self.cookies,
                auth=self.auth,
                timeout=timeout,
                allow_redirects=self.allow_redirects,
                proxies=self.proxies,
                verify=verify,
            )
        except Exception as e:
            LOG.exception("Failed to send HTTP request for action %s", self.url)
            raise exc.ActionException(f"Failed to send HTTP request: {e}")
        self._check_size(resp, opts.max_response_size_bytes)
        result = self._result(resp)
        if resp.status_code not in range(200, 307):
            return ml_actions.Result(error=result)
        return result

    @staticmethod
    def _check_size(resp, max_size):
        length = resp.headers.get("Content-Length")
        if max_size and length and int(length) > max_size:
            resp.close()
            raise exc.ActionException(
                f"HTTP response is too large (Content-Length={length}, limit={max_size} bytes)."
            )

    @staticmethod
    def _result(resp) -> dict:
        try:
            content = resp.json()
        except Exception:
            content = resp.content
            if content and resp.encoding not in (None, "utf-8"):
                content = content.decode(resp.encoding).encode("utf-8")
        return {
            "content": _text(content),
            "status": resp.status_code,
            "headers": dict(resp.headers.items()),
            "url": resp.url,
            # Mistral stores each earlier Response as the list of its 128-byte body chunks.
            "history": [[_text(c) for c in r.iter_content(128)] for r in resp.history],
            "encoding": resp.encoding,
            "reason": resp.reason,
            "cookies": dict(resp.cookies.items()),
            "elapsed": resp.elapsed.total_seconds(),
        }

    def test(self, context):
        return None


class MistralHTTPAction(HTTPAction):
    # No docstring: like Mistral's, it describes itself with HTTPAction's.
    # std.mistral_http: std.http plus callback headers; its result arrives through the API.

    mistral_class = "MistralHTTPAction"

    def run(self, context):
        self.headers = self.headers or {}
        ex = context.execution
        self.headers.update(
            {
                "Mistral-Workflow-Name": ex.workflow_name,
                "Mistral-Workflow-Execution-Id": ex.workflow_execution_id,
                "Mistral-Task-Id": ex.task_execution_id,
                "Mistral-Action-Execution-Id": ex.action_execution_id,
                "Mistral-Callback-URL": ex.callback_url,
            }
        )
        return super().run(context)

    def is_sync(self):
        return False
