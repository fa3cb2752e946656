"""The engine role: its RPC server, the outbox sender, the outbox sweep, the scheduler
and the cron trigger thread."""

import logging
import socket
import threading

from mistral_db import session as db_session
from mistral_engine.engine import cron, endpoint, outbox, scheduler
from mistral_engine.rpc import servers

LOG = logging.getLogger(__name__)

SWEEP_INTERVAL = 10.0


class Engine:
    """What the engine's event handlers need from their process: configuration and a way
    to send the outbox's messages."""

    def __init__(self, conf, executor_client, engine_client=None):
        self.conf = conf
        self.executor_client = executor_client
        self.engine_client = engine_client

    def send(self, message: outbox.Message) -> None:
        payload = dict(message.payload)
        ctx = payload.pop("ctx", {})
        if message.method == "run_action":
            self.executor_client.run_action(ctx, **payload)
        else:
            raise ValueError(f"Unknown outbox method {message.method}")

    def send_after_commit(self, messages: list[outbox.Message]) -> None:
        if messages:
            outbox.send_and_forget(self.send, messages)

    def sweep_outbox(self) -> int:
        return outbox.sweep(self.send)


class EngineService:
    def __init__(self, conf, transport, executor_client, engine_client=None):
        self.engine = Engine(conf, executor_client, engine_client)
        host = conf.engine.host if conf.engine.host not in ("0.0.0.0", "") else None
        self.server = servers.get_rpc_server(
            transport,
            conf.engine.topic,
            host or socket.gethostname(),
            [endpoint.EngineEndpoint(self.engine)],
        )
        self.scheduler = scheduler.Scheduler(self.engine, conf)
        self.cron = cron.CronThread(self.engine, conf)
        self._stop = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_loop, name="outbox-sweep", daemon=True)

    def _sweep_loop(self) -> None:
        while not self._stop.wait(SWEEP_INTERVAL):
            try:
                self.engine.sweep_outbox()
            except Exception:  # noqa: BLE001 - keep sweeping
                LOG.exception("Outbox sweep failed")

    def start(self) -> None:
        db_session.warm_up(writers=self.engine.conf.engine.event_threads)
        self.server.start(override_pool_size=self.engine.conf.engine.event_threads)
        self._sweeper.start()
        self.scheduler.start()
        self.cron.start()
        LOG.info("Engine listening on topic %s", self.engine.conf.engine.topic)

    def stop(self) -> None:
        self._stop.set()
        self.scheduler.stop()
        self.cron.stop()
        self.server.stop()
        self.server.wait()
