"""The API role: serves the WSGI app on a multi-threaded cheroot server."""

import logging
import threading

from mistral_api import app as api_app
from mistral_api import http_server
from mistral_db import session as db_session
from mistral_engine.rpc import warm_up

LOG = logging.getLogger(__name__)

WARM_WRITERS = 2
WARM_READERS = 4


class ApiServer:
    def __init__(self, conf, rpc_clients=None):
        self.conf = conf
        self.rpc_clients = rpc_clients
        self.app = api_app.setup_app(conf, rpc_clients=rpc_clients)
        self.server = http_server.Server(
            (conf.api.host, conf.api.port),
            self.app,
            numthreads=conf.api.api_threads,
            server_name="mistral-api",
        )
        self.thread = None

    def start(self) -> None:
        # Reads are the API's frequent requests; writes open their connections as needed.
        threads = self.conf.api.api_threads
        db_session.warm_up(writers=min(threads, WARM_WRITERS), readers=min(threads, WARM_READERS))
        self.app.warm_up()
        self.server.prepare()
        self.thread = threading.Thread(target=self.server.serve, name="api", daemon=True)
        self.thread.start()
        if self.rpc_clients and not (self.conf.transport_url or "fake:").startswith("fake:"):
            warm_up.warm_up_in_background(self.rpc_clients[0], self.conf.api.api_threads)
        LOG.info("API listening on http://%s:%s", self.conf.api.host, self.conf.api.port)

    def stop(self) -> None:
        self.server.stop()
