"""A real server process per database backend, driven over HTTP."""

import pytest
import requests

from tests import backends
from tests.server import ServerProcess


@pytest.fixture(scope="session", params=backends.selected())
def server(request, tmp_path_factory):
    backend = request.param
    work_dir = str(tmp_path_factory.mktemp(f"srv-{backend}"))
    url = backends.create_database(backend, work_dir)
    srv = ServerProcess(url, work_dir)
    srv.backend = backend
    srv.db_manage("upgrade", "head")
    srv.start()
    yield srv
    srv.stop()
    backends.drop_database(url)


class Api:
    """A thin HTTP client for /v2 that keeps the base URL."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path, **kw):
        return self.http.get(self.url(path), **kw)

    def delete(self, path, **kw):
        return self.http.delete(self.url(path), **kw)

    def post(self, path, **kw):
        return self.http.post(self.url(path), **kw)

    def put(self, path, **kw):
        return self.http.put(self.url(path), **kw)

    def post_text(self, path, text, **kw):
        return self.post(path, data=text.encode(), headers={"Content-Type": "text/plain"}, **kw)

    def put_text(self, path, text, **kw):
        return self.put(path, data=text.encode(), headers={"Content-Type": "text/plain"}, **kw)


@pytest.fixture
def api(server):
    return Api(server.url)


DEPLOYMENTS = {
    # name: (kind, database backend)
    "embedded-sqlite": ("embedded", "sqlite"),
    "split-postgresql": ("split", "postgresql"),
    "split-mysql": ("split", "mysql"),
}


def selected_deployments() -> list[str]:
    import os

    raw = os.environ.get("MISTRAL_TEST_DEPLOYMENTS", ",".join(DEPLOYMENTS))
    backends_on = set(backends.selected())
    return [
        name
        for name in (n.strip() for n in raw.split(","))
        if name in DEPLOYMENTS and DEPLOYMENTS[name][1] in backends_on
    ]


@pytest.fixture(scope="session", params=selected_deployments())
def deployment(request, tmp_path_factory):
    """API, engine and executor: one `--server all` process on SQLite with in-process
    messaging, or three processes over RabbitMQ on PostgreSQL or MariaDB."""
    from tests.server import Deployment

    kind, backend = DEPLOYMENTS[request.param]
    work_dir = str(tmp_path_factory.mktemp(f"dep-{request.param}"))
    url = backends.create_database(backend, work_dir)
    dep = Deployment(kind, url, work_dir)
    dep.name = request.param
    dep.db_manage("upgrade", "head")
    dep.db_manage("populate")
    dep.start()
    yield dep
    dep.stop()
    backends.drop_database(url)


@pytest.fixture
def engine_api(deployment):
    return Api(deployment.url)


@pytest.fixture(
    scope="session",
    params=[name for name in selected_deployments() if DEPLOYMENTS[name][0] == "split"],
)
def scaled_deployment(request, tmp_path_factory):
    """Two engines and two executors competing for the same topics."""
    from tests.server import Deployment

    _, backend = DEPLOYMENTS[request.param]
    work_dir = str(tmp_path_factory.mktemp(f"scaled-{request.param}"))
    url = backends.create_database(backend, work_dir)
    dep = Deployment("split", url, work_dir, engines=2, executors=2)
    dep.db_manage("upgrade", "head")
    dep.db_manage("populate")
    dep.start()
    yield dep
    dep.stop()
    backends.drop_database(url)
