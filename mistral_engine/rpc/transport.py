"""oslo.messaging transports: RabbitMQ in production, the in-process ``fake:/`` driver
(woken by deliveries, see ``inprocess``) when every role runs in one process."""

import threading

import oslo_messaging as messaging
from oslo_messaging import transport as messaging_transport
from oslo_messaging.rpc import client as messaging_client

from mistral_engine.rpc import inprocess

_transports: dict[str, messaging.Transport] = {}
_lock = threading.Lock()


def register_opts(conf) -> None:
    """oslo.messaging registers these lazily; we read them before it does."""
    conf.register_opts(messaging_transport._transport_opts)
    conf.register_opts(messaging_client._client_opts)


def get_transport(conf) -> messaging.Transport:
    """One RPC transport per URL and process (the fake driver must be shared to connect
    the roles of an all-in-one process)."""
    register_opts(conf)
    url = conf.transport_url or "fake:/"
    with _lock:
        transport = _transports.get(url)
        if transport is None:
            # Mistral's exceptions cross the wire as themselves, so the API answers an
            # engine's 400 or 404 with that status.
            exmods = ["mistral_engine.exceptions"]
            if url.split(":", 1)[0] == "fake":
                transport = inprocess.get_transport(conf, url, exmods)
            else:
                _quieten_amqp_polling()
                transport = messaging.get_rpc_transport(conf, url=url, allowed_remote_exmods=exmods)
            _transports[url] = transport
        return transport


# oslo.messaging's AMQP listeners poll with a timeout that restarts at 1 ms after each
# message and doubles while nothing arrives. A message wakes a poll at once anyway, and RPC
# messages are acknowledged inside the poll, so those 1 ms restarts only cost CPU: several
# empty consume calls for every message, which made up a large share of an engine's time.
AMQP_FIRST_POLL_TIMEOUT = 0.05


def _quieten_amqp_polling() -> None:
    from oslo_messaging._drivers import amqpdriver

    amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN = AMQP_FIRST_POLL_TIMEOUT


def cleanup() -> None:
    with _lock:
        for transport in _transports.values():
            transport.cleanup()
        _transports.clear()
