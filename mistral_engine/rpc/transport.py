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
                transport = messaging.get_rpc_transport(conf, url=url, allowed_remote_exmods=exmods)
            _transports[url] = transport
        return transport


def cleanup() -> None:
    with _lock:
        for transport in _transports.values():
            transport.cleanup()
        _transports.clear()
