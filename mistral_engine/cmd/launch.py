"""``mistral-server``: starts the roles named by ``--server`` in this process.

``--server all`` runs every role in one process (the embedded default: SQLite and the
in-process transport); production runs each role as its own daemon.
"""

import faulthandler
import gc
import logging
import os
import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log as oslo_logging

from mistral_engine import conf as _conf  # noqa: F401  registers the options

LOG = logging.getLogger("mistral.server")

ROLES = ("api", "engine", "executor", "event-engine", "notifier")
BUILT_ROLES = ("api", "engine", "executor")

CLI_OPTS = [
    cfg.ListOpt(
        "server",
        default=["all"],
        help="Specifies which mistral server to start by the launch script. "
        "Valid options are all or any combination of api, engine, executor, "
        "event-engine and notifier.",
    ),
]


def parse_args(argv, conf=cfg.CONF) -> None:
    conf.register_cli_opts(CLI_OPTS)
    oslo_logging.register_options(conf)
    conf(argv, project="mistral", default_config_files=[])
    oslo_logging.setup(conf, "mistral")


def _roles(conf) -> list[str]:
    requested = [r.strip() for r in conf.server if r.strip()]
    if "all" in requested:
        return list(BUILT_ROLES)
    unknown = [r for r in requested if r not in ROLES]
    if unknown:
        raise SystemExit(
            f"Unknown server role(s): {', '.join(unknown)}. Valid roles: all, {', '.join(ROLES)}"
        )
    missing = [r for r in requested if r not in BUILT_ROLES]
    if missing:
        raise SystemExit(
            f"Server role(s) {', '.join(missing)} are not available in this "
            "release yet; start 'api' (or 'all')."
        )
    return requested


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:" and os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)


def _build_services(conf, roles: list[str]) -> list:
    """The composition root: one transport and one client of each kind for every role."""
    from mistral_engine.rpc import clients, transport

    rpc = transport.get_transport(conf)
    engine_client = clients.EngineClient(rpc, conf)
    executor_client = clients.ExecutorClient(rpc, conf)
    services = []
    if "engine" in roles:
        from mistral_engine.engine import service as engine_service

        services.append(engine_service.EngineService(conf, rpc, executor_client, engine_client))
    if "executor" in roles:
        from mistral_engine.executor import service as executor_service

        services.append(executor_service.ExecutorService(conf, rpc, engine_client))
    if "api" in roles:
        from mistral_api import server as api_server

        services.append(api_server.ApiServer(conf, (engine_client, executor_client)))
    return services


def settle_memory() -> None:
    """Collect the start-up garbage, then move every surviving object (modules, the
    action catalogue, mappers, compiled expressions) out of the collector's reach: full
    collections then scan only what requests create, instead of pausing every thread
    for tens of milliseconds to re-scan the start-up heap."""
    gc.collect()
    gc.freeze()


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    # `kill -USR1 <pid>` prints every thread's stack: the first thing to look at when a
    # process seems stuck.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    parse_args(argv)
    conf = cfg.CONF
    roles = _roles(conf)
    from mistral_db import migration
    from mistral_db import session as db_session

    db_session.configure_from_conf(conf)
    if db_session.is_sqlite():
        _ensure_sqlite_dir(conf.database.connection)
        # The embedded default keeps its own schema current; servers run db-manage.
        migration.upgrade(conf.database.connection)
    if "api" in roles:  # the standard actions are listed from the first request on
        from mistral_engine.services import populate

        populate.populate_if_empty()

    if "engine" in roles or "api" in roles:
        from mistral_engine import expressions

        expressions.warm_up()
    stop = threading.Event()
    services = _build_services(conf, roles)
    for service in services:
        service.start()
    settle_memory()
    LOG.info("Mistral server started with roles: %s", ", ".join(roles))

    def _shutdown(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    while not stop.wait(0.5):
        pass
    for service in reversed(services):
        service.stop()
