"""Starts a real ``mistral-server`` process for functional and client tests."""

import os
import socket
import subprocess
import sys
import textwrap
import time

import requests

BIN = os.path.dirname(sys.executable)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(
        self,
        db_url: str,
        work_dir: str,
        *,
        roles: str = "api",
        auth_enable: bool = False,
        extra_conf: str = "",
        transport_url: str = "fake:/",
        env: dict | None = None,
    ):
        self.env = {**os.environ, **(env or {})}
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.conf_path = os.path.join(work_dir, f"mistral-{self.port}.conf")
        self.log_path = os.path.join(work_dir, f"mistral-{self.port}.log")
        with open(self.conf_path, "w") as conf:
            conf.write(
                textwrap.dedent(f"""\
                [DEFAULT]
                transport_url = {transport_url}
                [api]
                host = 127.0.0.1
                port = {self.port}
                [pecan]
                auth_enable = {str(auth_enable).lower()}
                [database]
                connection = {db_url}
                """)
                + extra_conf
            )
        self.roles = roles
        self.process = None

    def db_manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [os.path.join(BIN, "mistral-db-manage"), "--config-file", self.conf_path, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env=self.env,
        )

    def start(self, timeout: float = 60) -> "ServerProcess":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                os.path.join(BIN, "mistral-server"),
                "--config-file",
                self.conf_path,
                "--server",
                self.roles,
            ],
            stdout=log,
            env=self.env,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_tail()}")
            if "api" not in self.roles and self.roles != "all":
                if "listening on topic" in self.log_tail(200):
                    return self
                time.sleep(0.2)
                continue
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"server did not answer in {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return ""


RABBIT_URL = os.environ.get("MISTRAL_TEST_RABBIT_URL", "rabbit://guest:guest@127.0.0.1:5672/")


class Deployment:
    """An API with its engine and executor: ``embedded`` is one ``--server all`` process
    (in-process messaging), ``split`` is three processes talking over RabbitMQ on topics
    of their own (so parallel test runs never steal each other's messages)."""

    def __init__(
        self,
        kind: str,
        db_url: str,
        work_dir: str,
        extra_conf: str = "",
        engines: int = 1,
        executors: int = 1,
    ):
        self.kind = kind
        if kind == "embedded":
            self.processes = [ServerProcess(db_url, work_dir, roles="all", extra_conf=extra_conf)]
        else:
            suffix = os.urandom(4).hex()
            topics = (
                f"[engine]\ntopic = mistral_engine_{suffix}\n"
                f"[executor]\ntopic = mistral_executor_{suffix}\n"
            )
            self.processes = [
                ServerProcess(
                    db_url,
                    work_dir,
                    roles=role,
                    transport_url=RABBIT_URL,
                    extra_conf=topics + extra_conf,
                )
                for role in ["engine"] * engines + ["executor"] * executors + ["api"]
            ]
        self.api = self.processes[-1]
        self.url = self.api.url

    def db_manage(self, *args):
        return self.api.db_manage(*args)

    def start(self) -> "Deployment":
        for process in self.processes:
            process.start()
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def logs(self) -> str:
        return "\n".join(p.log_tail(60) for p in self.processes)
