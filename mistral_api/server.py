"""The API role: serves the WSGI app on a multi-threaded cheroot server."""

import logging
import threading

from cheroot import wsgi

from mistral_api import app as api_app

LOG = logging.getLogger(__name__)


class ApiServer:
    def __init__(self, conf, rpc_clients=None):
        self.conf = conf
        self.server = wsgi.Server(
            (conf.api.host, conf.api.port),
            api_app.setup_app(conf, rpc_clients=rpc_clients),
            numthreads=conf.api.api_threads,
            server_name="mistral-api",
        )
        self.thread = None

    def start(self) -> None:
        self.server.prepare()
        self.thread = threading.Thread(target=self.server.serve, name="api", daemon=True)
        self.thread.start()
        LOG.info("API listening on http://%s:%s", self.conf.api.host, self.conf.api.port)

    def stop(self) -> None:
        self.server.stop()
