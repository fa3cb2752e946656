"""Real HTTP, SMTP and SSH servers run inside the test process, for std action tests.

Each listens on a loopback address, so server processes started by the tests (the executor
included) reach it; each records what it received so tests can assert exact values.
"""

import json
import random
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import paramiko
from aiosmtpd.controller import Controller

# Fixed Server and Date headers make std.http result dicts comparable as a whole.
HTTP_SERVER_HEADER = "local-http"
HTTP_DATE_HEADER = "Thu, 01 Jan 2026 00:00:00 GMT"


class _HttpHandler(BaseHTTPRequestHandler):
    """Routes by path prefix: ``/missing`` 404 JSON, ``/text`` plain text, ``/redirect``
    302 to ``/text``, ``/cookie`` sets a cookie, ``/slow`` answers after ``slow_seconds``;
    anything else echoes the method, path and body back as JSON."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def version_string(self):
        return HTTP_SERVER_HEADER

    def date_time_string(self, timestamp=None):
        return HTTP_DATE_HEADER

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        request = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers.items()),
            "body": body,
        }
        self.server.recorder.requests.append(request)
        if self.path.startswith("/missing"):
            self._send(404, {"error": "nope"})
        elif self.path.startswith("/text"):
            self._send(200, b"plain words", "text/plain; charset=utf-8")
        elif self.path.startswith("/redirect"):
            self._send(302, b"moved", "text/plain", {"Location": "/text"})
        elif self.path.startswith("/cookie"):
            self._send(200, {"cookie": "set"}, extra={"Set-Cookie": "sid=abc; Path=/"})
        elif self.path.startswith("/slow"):
            self.server.recorder.release.wait(self.server.recorder.slow_seconds)
            self._send(200, {"slow": True})
        else:
            self._send(200, {"method": self.command, "path": self.path, "body": body})

    def _send(self, code, payload, ctype="application/json", extra=None):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting (a /slow request past its timeout)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer


class HttpRecorder:
    """A threaded HTTP server on ``host``; ``requests`` lists what it received."""

    def __init__(self, host: str = "127.0.0.1", slow_seconds: float = 3.0):
        self.requests: list[dict] = []
        self.slow_seconds = slow_seconds
        self.release = threading.Event()  # set on stop so /slow handlers end at once
        self._httpd = ThreadingHTTPServer((host, 0), _HttpHandler)
        self._httpd.daemon_threads = True
        self._httpd.recorder = self
        self.host = host
        self.port = self._httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> "HttpRecorder":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1; ``envelopes`` lists the messages it accepted."""

    def __init__(self):
        self.envelopes: list = []
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SshServer:
    """A paramiko SSH server accepting one user/password; it runs each command with
    ``sh -c`` and returns its stdout, stderr and exit status.

    std.ssh always connects to port 22 (Mistral has no port input), so the server binds
    port 22 on a random 127.x.y.z address: it needs root (or CAP_NET_BIND_SERVICE) and
    never collides with an sshd on 127.0.0.1 or with another test run.
    ``bind()`` raises PermissionError when the port cannot be bound.
    """

    def __init__(self, username: str, password: str):
        self.username = username
        self.password = password
        self.commands: list[str] = []
        self._host_key = paramiko.RSAKey.generate(2048)
        self._sock = None
        self._stopping = threading.Event()
        self.host = ""

    def bind(self) -> "SshServer":
        for _ in range(20):
            host = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
            sock = socket.socket()
            try:
                sock.bind((host, 22))
            except OSError as e:
                sock.close()
                if isinstance(e, PermissionError):
                    raise
                continue
            sock.listen(8)
            self._sock, self.host = sock, host
            return self
        raise OSError("no free 127.x.y.z:22 address found")

    def start(self) -> "SshServer":
        if self._sock is None:
            self.bind()
        threading.Thread(target=self._accept_loop, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._sock is not None:
            self._sock.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn) -> None:
        transport = paramiko.Transport(conn)
        transport.add_server_key(self._host_key)
        try:
            transport.start_server(server=_SshInterface(self))
        except (paramiko.SSHException, EOFError, OSError):
            transport.close()

    def run_command(self, channel, command: str) -> None:
        self.commands.append(command)
        try:
            done = subprocess.run(["sh", "-c", command], capture_output=True, timeout=30)
            channel.sendall(done.stdout)
            channel.sendall_stderr(done.stderr)
            channel.send_exit_status(done.returncode)
        finally:
            # EOF, not close: this may overtake the transport's reply to the exec
            # request, and a client sees a channel closed before that reply as a failed
            # exec. The client closes the connection once it has read everything.
            channel.shutdown_write()


class _SshInterface(paramiko.ServerInterface):
    def __init__(self, server: SshServer):
        self.server = server

    def get_allowed_auths(self, username):
        return "password"

    def check_auth_password(self, username, password):
        if (username, password) == (self.server.username, self.server.password):
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel, command):
        # Run the command off the transport thread, which sends the reply after this.
        threading.Thread(
            target=self.server.run_command, args=(channel, command.decode()), daemon=True
        ).start()
        return True
