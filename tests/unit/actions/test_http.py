"""std.http and std.mistral_http against a local HTTP server; the egress policy."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.actions import get_system_action_class, instantiate, run_action

RESULT_KEYS = [
    "content",
    "status",
    "headers",
    "url",
    "history",
    "encoding",
    "reason",
    "cookies",
    "elapsed",
]


class _Handler(BaseHTTPRequestHandler):
    seen: list = []

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        _Handler.seen.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        if self.path.startswith("/missing"):
            self._send(404, b'{"error": "nope"}', "application/json")
        elif self.path.startswith("/text"):
            self._send(200, b"plain words", "text/plain")
        elif self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "/text")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/big"):
            self._send(200, b"x" * 100, "text/plain")
        else:
            payload = {"method": self.command, "path": self.path, "body": body}
            self._send(200, json.dumps(payload).encode(), "application/json", cookie="sid=abc")

    def _send(self, code, data, ctype, cookie=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def open_loopback(conf):
    conf("denied_cidrs", [], group="action_std_http")


def _http(**params):
    return instantiate(get_system_action_class("std.http"), params, "std.http")


def test_loopback_refused_by_default(server, conf):
    action = _http(url=server + "/x")
    res = run_action(action, "ax-1")
    assert res.error == (
        f"The action raised an exception [action={action}, action_ex_id=ax-1, "
        f"msg='URL host '127.0.0.1' resolves to a blocked address (127.0.0.1).']"
    )
    assert str(action).startswith("<mistral.actions.std_actions.HTTPAction object at 0x")


@pytest.mark.parametrize(
    "url, msg",
    [
        ("ftp://example.com/x", "URL scheme 'ftp' is not allowed (only http and https are)."),
        ("http:///x", "URL does not contain a host."),
        (
            "http://169.254.169.254/latest",
            "URL host '169.254.169.254' resolves to a blocked address (169.254.169.254).",
        ),
    ],
)
def test_egress_messages(conf, url, msg):
    res = run_action(_http(url=url), "ax-2")
    assert res.error.endswith(f"msg='{msg}']")


def test_allowed_hosts(conf, server, open_loopback):
    conf("allowed_hosts", ["example.org"], group="action_std_http")
    res = run_action(_http(url=server), "ax-3")
    assert res.error.endswith("msg='Host '127.0.0.1' is not in [action_std_http] allowed_hosts.']")


def test_get_json_result_dict(server, open_loopback):
    res = run_action(_http(url=server + "/hello", params={"q": "1"}), "ax-4")
    assert res.error is None
    data = res.data
    assert list(data) == RESULT_KEYS
    assert data["content"] == {"method": "GET", "path": "/hello?q=1", "body": ""}
    assert data["status"] == 200
    assert data["url"] == server + "/hello?q=1"
    assert data["history"] == []
    assert data["reason"] == "OK"
    assert data["encoding"] == "utf-8"
    assert data["cookies"] == {"sid": "abc"}
    assert data["headers"]["Content-Type"] == "application/json"
    assert isinstance(data["elapsed"], float)
    json.dumps(data)  # storable as is


def test_post_body_dict_json_encoded_and_headers(server, open_loopback):
    _Handler.seen.clear()
    res = run_action(
        _http(url=server + "/p", method="POST", body={"a": 1}, headers={"X-N": 5}, auth="user:pw"),
        "ax-5",
    )
    assert res.data["content"]["body"] == '{"a": 1}'
    req = _Handler.seen[-1]
    assert req["headers"]["X-N"] == "5"
    assert req["headers"]["Authorization"] == "Basic dXNlcjpwdw=="


def test_json_param(server, open_loopback):
    res = run_action(_http(url=server + "/j", method="PUT", json=[1, "a"]), "ax-6")
    assert res.data["content"] == {"method": "PUT", "path": "/j", "body": '[1, "a"]'}


def test_text_content_is_a_string(server, open_loopback):
    res = run_action(_http(url=server + "/text"), "ax-7")
    assert res.data["content"] == "plain words"


def test_404_is_error_result_with_the_dict(server, open_loopback):
    res = run_action(_http(url=server + "/missing"), "ax-8")
    assert res.data is None
    assert list(res.error) == RESULT_KEYS
    assert res.error["status"] == 404
    assert res.error["content"] == {"error": "nope"}
    assert res.error["reason"] == "Not Found"


def test_redirect_not_followed_by_default(server, open_loopback):
    res = run_action(_http(url=server + "/redirect"), "ax-9")
    assert res.data["status"] == 302
    res = run_action(_http(url=server + "/redirect", allow_redirects=True), "ax-9")
    assert res.data["status"] == 200
    assert res.data["content"] == "plain words"
    assert res.data["history"] == [[]]


def test_body_and_json_refused():
    with pytest.raises(exc.ActionException) as e:
        _http(url="http://x", body="a", json={"b": 1})
    assert str(e.value) == "Only one of the parameters 'json' and 'body' can be passed"


def test_connection_refused(open_loopback):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    action = _http(url=f"http://127.0.0.1:{port}/x", timeout=5)
    res = run_action(action, "ax-10")
    prefix = (
        f"The action raised an exception [action={action}, action_ex_id=ax-10, "
        f"msg='Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', port={port}): "
        "Max retries exceeded"
    )
    assert res.error.startswith(prefix)
    assert "Connection refused" in res.error


def test_response_size_limit(server, open_loopback, conf):
    conf("max_response_size_bytes", 10, group="action_std_http")
    res = run_action(_http(url=server + "/big"), "ax-11")
    assert res.error.endswith(
        "msg='HTTP response is too large (Content-Length=100, limit=10 bytes).']"
    )


def test_mistral_http_adds_callback_headers(server, open_loopback):
    _Handler.seen.clear()
    cls = get_system_action_class("std.mistral_http")
    action = instantiate(cls, {"url": server + "/cb"}, "std.mistral_http")
    assert action.is_sync() is False
    ctx = {
        "execution": {
            "workflow_name": "wf",
            "workflow_execution_id": "we-1",
            "task_execution_id": "te-1",
            "action_execution_id": "ae-1",
            "callback_url": "/v2/action_executions/ae-1",
        }
    }
    res = run_action(action, "ae-1", ctx)
    assert res.data["status"] == 200
    headers = _Handler.seen[-1]["headers"]
    assert headers["Mistral-Workflow-Name"] == "wf"
    assert headers["Mistral-Workflow-Execution-Id"] == "we-1"
    assert headers["Mistral-Task-Id"] == "te-1"
    assert headers["Mistral-Action-Execution-Id"] == "ae-1"
    assert headers["Mistral-Callback-URL"] == "/v2/action_executions/ae-1"
