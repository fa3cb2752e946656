"""The ``fake:/`` transport of an all-in-one process, woken by deliveries instead of polling.

oslo.messaging's in-process driver (``impl_fake``) checks its queues and then sleeps 50 ms
when they are empty, so every RPC message of the embedded service waited 25 ms on average
before an engine or executor thread saw it. This driver is that same driver with one
change: a listener with nothing to do waits on a condition that every delivery notifies.
Queues, targets, replies and serialization checks are oslo.messaging's own.
"""

import threading
import time

import oslo_messaging as messaging
from oslo_messaging import transport as messaging_transport
from oslo_messaging._drivers import base, impl_fake

# Longest wait between two looks at the queues when nothing is delivered (a listener
# being stopped notices within this time).
IDLE_WAIT = 0.5


class _Doorbell:
    """Counts deliveries; a listener waits until the count moves past what it saw."""

    def __init__(self):
        self._condition = threading.Condition()
        self._rings = 0

    def rings(self) -> int:
        with self._condition:
            return self._rings

    def ring(self) -> None:
        with self._condition:
            self._rings += 1
            self._condition.notify_all()

    def wait_past(self, seen: int, timeout: float) -> None:
        with self._condition:
            self._condition.wait_for(lambda: self._rings != seen, timeout)


class _Exchange(impl_fake.FakeExchange):
    def __init__(self, name, doorbell: _Doorbell):
        super().__init__(name)
        self._doorbell = doorbell

    def deliver_message(self, topic, ctxt, message, server=None, fanout=False, reply_q=None):
        super().deliver_message(topic, ctxt, message, server=server, fanout=fanout, reply_q=reply_q)
        self._doorbell.ring()


class _ExchangeManager(impl_fake.FakeExchangeManager):
    _exchanges_lock = threading.Lock()
    _exchanges: dict = {}  # our own, apart from impl_fake's class-wide dict
    doorbell = _Doorbell()

    def get_exchange(self, name):
        if name is None:
            name = self._default_exchange
        with self._exchanges_lock:
            exchange = self._exchanges.get(name)
            if exchange is None:
                exchange = self._exchanges[name] = _Exchange(name, self.doorbell)
            return exchange


class _Listener(impl_fake.FakeListener):
    @base.batch_poll_helper
    def poll(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        doorbell = self._exchange_manager.doorbell
        while not self._stopped.is_set():
            seen = doorbell.rings()
            for target in self._targets:
                exchange = self._exchange_manager.get_exchange(target.exchange)
                ctxt, message, reply_q, requeue = exchange.poll(target, self._pool)
                if message is not None:
                    return impl_fake.FakeIncomingMessage(ctxt, message, reply_q, requeue)
            wait = IDLE_WAIT
            if deadline is not None:
                wait = min(wait, deadline - time.monotonic())
                if wait <= 0:
                    break
            doorbell.wait_past(seen, wait)
        return None


class InProcessDriver(impl_fake.FakeDriver):
    def __init__(self, conf, url, default_exchange=None, allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        self._exchange_manager = _ExchangeManager(default_exchange)

    def listen(self, target, batch_size, batch_timeout):
        exchange = target.exchange or self._default_exchange
        listener = _Listener(
            self._exchange_manager,
            [
                messaging.Target(topic=target.topic, server=target.server, exchange=exchange),
                messaging.Target(topic=target.topic, exchange=exchange),
            ],
        )
        return base.PollStyleListenerAdapter(listener, batch_size, batch_timeout)

    def cleanup(self):
        self._exchange_manager.cleanup()


def get_transport(conf, url: str, allowed_remote_exmods: list[str]) -> messaging.Transport:
    """An RPC transport over ``InProcessDriver`` for a ``fake:`` URL."""
    parsed = messaging.TransportURL.parse(conf, url)
    driver = InProcessDriver(
        conf,
        parsed,
        default_exchange=conf.control_exchange,
        allowed_remote_exmods=allowed_remote_exmods,
    )
    return messaging_transport.RPCTransport(driver)
