"""The executor role's RPC server; any number of executors share the topic."""

import logging
import socket

from mistral_engine.executor import endpoint
from mistral_engine.rpc import servers

LOG = logging.getLogger(__name__)


class ExecutorService:
    def __init__(self, conf, transport, engine_client):
        host = conf.executor.host if conf.executor.host not in ("0.0.0.0", "") else None
        self.topic = conf.executor.topic
        self.server = servers.get_rpc_server(
            transport,
            conf.executor.topic,
            host or socket.gethostname(),
            [endpoint.ExecutorEndpoint(engine_client)],
        )

    def start(self) -> None:
        self.server.start()
        LOG.info("Executor listening on topic %s", self.topic)

    def stop(self) -> None:
        self.server.stop()
        self.server.wait()
