"""std.ssh and std.ssh_proxied: run a command over SSH (paramiko, imported on use)."""

import io
import logging
import os

from mistral_engine import exceptions as exc
from mistral_engine.actions.std.base import StdAction

LOG = logging.getLogger(__name__)

KEY_PATH = os.path.expanduser("~/.ssh/")


def _paramiko():
    try:
        import paramiko
    except ImportError:
        raise exc.ActionException(
            "The std.ssh actions need the 'paramiko' package; install it on the executor."
        )
    return paramiko


def _private_key(paramiko, filename, key_text=None, password=None):
    path = None
    if filename:
        if "../" in filename or "..\\" in filename:
            raise exc.DataAccessException(
                f"Private key filename must not contain '..'. Actual: {filename}"
            )
        path = filename if filename.startswith("/") else KEY_PATH + filename
    error = None
    for key_cls in (paramiko.RSAKey, paramiko.ECDSAKey, paramiko.Ed25519Key):
        try:
            if key_text:
                return key_cls.from_private_key(io.StringIO(key_text), password=password)
            if path:
                return key_cls.from_private_key_file(path, password=password)
        except (OSError, paramiko.PasswordRequiredException, paramiko.SSHException) as e:
            error = e
    if error is not None:
        raise error
    return None


def _client(paramiko, host, username, password=None, pkey=None, sock=None):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=username, password=password, pkey=pkey, sock=sock)
    return client


def _read(recv) -> str:
    data = b""
    chunk = recv(1024)
    while chunk != b"":
        data += chunk
        chunk = recv(1024)
    return data.decode("utf-8")


def _exec(client, cmd, get_stderr=False, raise_when_error=True):
    try:
        chan = client.get_transport().open_session()
        chan.exec_command(cmd)
        stdout = _read(chan.recv)
        stderr = _read(chan.recv_stderr)
        code = chan.recv_exit_status()
        if code and raise_when_error:
            raise RuntimeError(f"Cmd: {cmd}\nReturn code: {code}\nstdout: {stdout}")
        return (code, stdout, stderr) if get_stderr else (code, stdout)
    finally:
        client.close()


def execute_command(
    cmd,
    host,
    username,
    password=None,
    private_key_filename=None,
    private_key=None,
    get_stderr=False,
    raise_when_error=True,
):
    paramiko = _paramiko()
    pkey = _private_key(paramiko, private_key_filename, private_key, password)
    client = _client(paramiko, host, username, password, pkey)
    return _exec(client, cmd, get_stderr, raise_when_error)


def execute_command_via_gateway(
    cmd,
    host,
    username,
    private_key_filename,
    gateway_host,
    gateway_username=None,
    proxy_command=None,
    password=None,
    private_key=None,
):
    paramiko = _paramiko()
    pkey = _private_key(paramiko, private_key_filename, private_key, password)
    proxy = paramiko.ProxyCommand(proxy_command) if proxy_command else None
    gateway = _client(paramiko, gateway_host, gateway_username or username, pkey=pkey, sock=proxy)
    try:
        channel = gateway.get_transport().open_session()
        channel.exec_command(f"nc {host} 22")
        client = _client(paramiko, host, username, pkey=pkey, sock=channel)
        return _exec(client, cmd)
    finally:
        gateway.close()


class SSHAction(StdAction):
    """Runs Secure Shell (SSH) command on provided single or multiple hosts.

    It is allowed to provide either a single host or a list of hosts in
    action parameter 'host'. In case of a single host the action result
    will be a single value, otherwise a list of results provided in the
    same order as provided hosts.
    """

    mistral_class = "SSHAction"

    def __init__(
        self,
        cmd,
        host,
        username,
        password="",
        private_key_filename=None,
        private_key=None,
        return_result_on_error=False,
    ):
        super().__init__()
        self.cmd = cmd
        self.host = host
        self.username = username
        self.password = password
        self.private_key_filename = private_key_filename
        self.private_key = private_key
        self.return_result_on_error = return_result_on_error
        self.params = {
            "cmd": cmd,
            "host": host,
            "username": username,
            "password": password,
            "private_key_filename": private_key_filename,
            "private_key": private_key,
        }

    def _execute(self, **params):
        return execute_command(**params)

    def _fail(self, parent=None):
        # Mistral hides the cause from the user (it may leak details) and only logs it.
        message = f"Failed to execute ssh cmd '{self.cmd}' on {self.host}"
        if parent is not None:
            LOG.error("%s Exception: %s", message, parent)
        return exc.ActionException(message)

    def run(self, context):
        try:
            # Mistral keeps the list form, so failure texts read "on ['host']".
            if not isinstance(self.host, list):
                self.host = [self.host]
            results = []
            result = None
            for host_name in self.host:
                self.params["host"] = host_name
                if self.return_result_on_error:
                    code, stdout, stderr = self._execute(
                        raise_when_error=False, get_stderr=True, **self.params
                    )
                    result = {"stdout": stdout, "stderr": stderr, "exit_code": code}
                else:
                    code, result = self._execute(**self.params)
                    if code > 0:
                        raise self._fail()
                results.append(result)
            return results if len(results) > 1 else result
        except exc.ActionException:
            raise
        except Exception as e:
            raise self._fail(e)

    def test(self, context):
        return None


class SSHProxiedAction(SSHAction):
    # No docstring of its own, as in Mistral (inherits SSHAction's).

    mistral_class = "SSHProxiedAction"

    def __init__(
        self,
        cmd,
        host,
        username,
        private_key_filename,
        gateway_host,
        gateway_username=None,
        password=None,
        proxy_command=None,
        private_key=None,
    ):
        super().__init__(cmd, host, username, password, private_key_filename, private_key)
        self.gateway_host = gateway_host
        self.gateway_username = gateway_username
        self.params.update(
            {
                "gateway_host": gateway_host,
                "gateway_username": gateway_username,
                "proxy_command": proxy_command,
            }
        )

    def _execute(self, **params):
        params.pop("get_stderr", None)
        params.pop("raise_when_error", None)
        return execute_command_via_gateway(**params)
