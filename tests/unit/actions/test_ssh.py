"""std.ssh / std.ssh_proxied: the failure paths (no SSH server is needed)."""

import socket

import pytest

from mistral_engine.actions import get_system_action_class, instantiate, run_action
from mistral_engine.actions.std import ssh


def _free_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.mark.parametrize("host", ["no-such-host.invalid", "127.0.0.1"])
def test_connection_failure_is_generic_action_error(monkeypatch, host):
    pytest.importorskip("paramiko")
    # Port 22 may have a server on a developer machine: aim at a closed port instead.

    def client(paramiko, host, username, password=None, pkey=None, sock=None):
        port = _free_port()
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(host, port=port, username=username, password=password, timeout=5)
        return c

    monkeypatch.setattr(ssh, "_client", client)
    action = instantiate(
        get_system_action_class("std.ssh"),
        {"cmd": "ls -l", "host": host, "username": "u", "password": "p"},
        "std.ssh",
    )
    res = run_action(action, "ax-1")
    assert res.error == (
        f"The action raised an exception [action={action}, action_ex_id=ax-1, "
        f"msg='Failed to execute ssh cmd 'ls -l' on ['{host}']']"
    )


def test_private_key_filename_with_dotdot_is_refused():
    pytest.importorskip("paramiko")
    action = get_system_action_class("std.ssh")(
        cmd="ls", host=["h1", "h2"], username="u", private_key_filename="../x"
    )
    res = run_action(action, "ax-2")
    assert res.error.endswith("msg='Failed to execute ssh cmd 'ls' on ['h1', 'h2']']")


def test_missing_paramiko_gives_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "paramiko":
            raise ImportError("No module named 'paramiko'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    action = get_system_action_class("std.ssh")(cmd="ls", host="h", username="u")
    res = run_action(action, "ax-3")
    assert res.error.endswith(
        "msg='The std.ssh actions need the 'paramiko' package; install it on the executor.']"
    )


def test_ssh_proxied_signature_and_params():
    cls = get_system_action_class("std.ssh_proxied")
    action = instantiate(
        cls,
        {
            "cmd": "ls",
            "host": "h",
            "username": "u",
            "private_key_filename": "k",
            "gateway_host": "g",
        },
        "std.ssh_proxied",
    )
    assert action.params["gateway_host"] == "g"
    assert action.params["gateway_username"] is None
    assert action.params["proxy_command"] is None
    assert str(action).startswith("<mistral.actions.std_actions.SSHProxiedAction object at 0x")
