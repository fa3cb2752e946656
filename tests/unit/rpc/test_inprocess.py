"""The embedded transport: a listener is woken by a delivery, not by its idle timer."""

import threading

import oslo_messaging as messaging
from oslo_config import cfg

from mistral_engine.rpc import inprocess, transport


def _driver():
    conf = cfg.ConfigOpts()
    transport.register_opts(conf)
    conf([])
    url = messaging.TransportURL.parse(conf, "fake:/")
    return inprocess.InProcessDriver(conf, url, default_exchange="test")


def test_a_waiting_listener_gets_a_message_as_soon_as_it_is_sent(monkeypatch):
    # With an idle wait of a minute, only the delivery's wake-up can end the poll in time.
    monkeypatch.setattr(inprocess, "IDLE_WAIT", 60.0)
    driver = _driver()
    listener = driver.listen(messaging.Target(topic="t", server="s"), 1, None)._poll_style_listener
    got = []
    poller = threading.Thread(target=lambda: got.extend(listener.poll(timeout=60)))
    poller.start()
    driver.send(messaging.Target(topic="t"), {"k": "v"}, {"method": "m", "args": {}})
    poller.join(timeout=10)
    assert not poller.is_alive()
    assert [(m.ctxt, m.message) for m in got] == [({"k": "v"}, {"method": "m", "args": {}})]
    driver.cleanup()


def test_a_poll_with_nothing_sent_ends_at_its_timeout():
    driver = _driver()
    listener = driver.listen(
        messaging.Target(topic="quiet", server="s"), 1, None
    )._poll_style_listener
    assert listener.poll(timeout=0.05) == []
    driver.cleanup()
