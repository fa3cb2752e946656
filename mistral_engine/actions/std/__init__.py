"""The standard (``std.*``) action implementations, by action name."""

from mistral_engine.actions.std.basic import (
    AsyncNoOpAction,
    EchoAction,
    FailAction,
    NoOpAction,
    SleepAction,
    TestDictAction,
)
from mistral_engine.actions.std.http import HTTPAction, MistralHTTPAction
from mistral_engine.actions.std.javascript import JavaScriptAction
from mistral_engine.actions.std.mail import SendEmailAction
from mistral_engine.actions.std.ssh import SSHAction, SSHProxiedAction

# Python-class std actions; std.wait_ssh is ad-hoc (catalogue.SystemAction.definition).
CLASSES: dict[str, type] = {
    "std.async_noop": AsyncNoOpAction,
    "std.echo": EchoAction,
    "std.email": SendEmailAction,
    "std.fail": FailAction,
    "std.http": HTTPAction,
    "std.javascript": JavaScriptAction,
    "std.js": JavaScriptAction,
    "std.mistral_http": MistralHTTPAction,
    "std.noop": NoOpAction,
    "std.sleep": SleepAction,
    "std.ssh": SSHAction,
    "std.ssh_proxied": SSHProxiedAction,
    "std.test_dict": TestDictAction,
}

__all__ = ["CLASSES"]
