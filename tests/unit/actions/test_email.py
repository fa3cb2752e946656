"""std.email against a local SMTP server (aiosmtpd)."""

import email
import socket

import pytest

from mistral_engine.actions import get_system_action_class, instantiate, run_action

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")


def _free_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class _Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    handler = _Collector()
    port = _free_port()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"127.0.0.1:{port}", handler
    controller.stop()


def _email(**params):
    return instantiate(get_system_action_class("std.email"), params, "std.email")


def test_plain_message(smtp):
    server, handler = smtp
    action = _email(
        from_addr="wf@example.com",
        to_addrs=["a@example.com", "b@example.com"],
        cc_addrs=["c@example.com"],
        bcc_addrs=["d@example.com"],
        reply_to=["r@example.com"],
        subject="Hi",
        body="Hello there",
        smtp_server=server,
    )
    res = run_action(action, "ax-1")
    assert (res.data, res.error) == (None, None)
    env = handler.envelopes[-1]
    assert env.mail_from == "wf@example.com"
    assert env.rcpt_tos == ["c@example.com", "d@example.com", "a@example.com", "b@example.com"]
    msg = email.message_from_bytes(env.original_content)
    assert str(email.header.make_header(email.header.decode_header(msg["Subject"]))) == "Hi"
    assert msg["To"] == "a@example.com, b@example.com"
    assert msg["cc"] == "c@example.com"
    assert msg["Reply-To"] == "r@example.com"
    assert msg["From"] == "wf@example.com"
    assert msg.get_payload(decode=True).decode() == "Hello there"


def test_defaults_and_html(smtp):
    server, handler = smtp
    res = run_action(
        _email(from_addr="f@x.org", to_addrs=["t@x.org"], smtp_server=server, html_body="<b>x</b>"),
        "ax-2",
    )
    assert res.error is None
    msg = email.message_from_bytes(handler.envelopes[-1].original_content)
    assert str(email.header.make_header(email.header.decode_header(msg["Subject"]))) == (
        "<No subject>"
    )
    parts = msg.get_payload()
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert parts[0].get_payload(decode=True).decode() == "<No body>"
    assert parts[1].get_payload(decode=True).decode() == "<b>x</b>"


def test_unreachable_server_is_error():
    port = _free_port()
    action = _email(from_addr="f@x.org", to_addrs=["t@x.org"], smtp_server=f"127.0.0.1:{port}")
    res = run_action(action, "ax-3")
    assert res.error == (
        f"The action raised an exception [action={action}, action_ex_id=ax-3, "
        "msg='Failed to send an email message: [Errno 111] Connection refused']"
    )
