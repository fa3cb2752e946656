"""The API's HTTP server sends a response's head and its body in one write."""

import threading

import pytest
import requests
from cheroot import makefile

from mistral_api import http_server

BODY = b'{"workflows": []}'


def app(environ, start_response):
    if environ["PATH_INFO"] == "/empty":
        start_response("204 No Content", [])
        return [b""]
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


@pytest.fixture
def server(monkeypatch):
    writes = []
    original = makefile.StreamWriter.write

    def recording(self, data, *args, **kwargs):
        writes.append(bytes(data))
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(makefile.StreamWriter, "write", recording)
    server = http_server.Server(("127.0.0.1", 0), app, numthreads=2)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.bind_addr[1]}", writes
    server.stop()


def test_head_and_body_leave_in_one_write(server):
    url, writes = server
    response = requests.get(url + "/v2/workflows", timeout=5)
    assert (response.status_code, response.content) == (200, BODY)
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert writes[0].endswith(b"\r\n\r\n" + BODY)


def test_a_response_without_body_is_one_write_too(server):
    url, writes = server
    response = requests.get(url + "/empty", timeout=5)
    assert (response.status_code, response.content) == (204, b"")
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 204 No Content\r\n")
