"""A real API server on SQLite and the ``cli`` helper running the unchanged ``mistral`` CLI."""

import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import backends
from tests.server import ServerProcess

MISTRAL_CLI = os.path.join(os.path.dirname(sys.executable), "mistral")

# Commands that write plain text instead of a cliff table, so take no ``-f json``.
TEXT_COMMANDS = frozenset(
    {
        "workflow-delete",
        "workflow-get-definition",
        "workbook-delete",
        "workbook-get-definition",
        "action-delete",
        "action-get-definition",
        "environment-delete",
        "code-source-delete",
        "code-source-get-content",
        "dynamic-action-delete",
        "execution-delete",
        "execution-get-input",
        "execution-get-output",
        "execution-get-published",
        "execution-get-report",
        "task-get-result",
        "task-get-published",
        "action-execution-delete",
        "cron-trigger-delete",
        "action-execution-get-input",
        "action-execution-get-output",
    }
)

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATETIME_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")

OPENED_RULES = [
    f"{resource}:{action}"
    for resource in ("code_sources", "dynamic_actions")
    for action in ("create", "delete", "get", "list", "update")
]


class CliError(AssertionError):
    """A ``mistral`` command exited non-zero."""

    def __init__(self, args, proc: subprocess.CompletedProcess):
        super().__init__(
            f"mistral {' '.join(args)} exited {proc.returncode}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr


def _exit_code(code) -> int:
    """What ``sys.exit(code)`` makes the process exit with."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _fork_cli(argv: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
    """Runs ``mistral argv`` as a forked child of this (pre-imported) process.

    The child does what the ``mistral`` console script does, ``sys.exit(main())`` with
    ``mistralclient.shell.main``, on its own stdout/stderr/environment; only the ~0.3 s
    of imports per command is saved.
    """
    from mistralclient import shell

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            code = 1
            try:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", closefd=False)
                sys.stderr = open(2, "w", closefd=False)
                # Logging as in a fresh interpreter (pytest attaches handlers to the root
                # logger, which would turn the CLI's logging.basicConfig into a no-op).
                logging.root.handlers.clear()
                logging.root.setLevel(logging.WARNING)
                logging.disable(logging.NOTSET)
                os.environ.clear()
                os.environ.update(env)
                sys.argv = [MISTRAL_CLI, *argv]
                code = _exit_code(shell.main(argv))
            except SystemExit as exc:
                code = _exit_code(exc.code)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + timeout
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise TimeoutError(f"mistral {' '.join(argv)} took more than {timeout}s")
            time.sleep(0.002)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(
            [MISTRAL_CLI, *argv],
            os.waitstatus_to_exitcode(status),
            out.read().decode(),
            err.read().decode(),
        )


class Cli:
    """Runs the real, unchanged ``mistral`` CLI against one server without ``OS_*`` variables.

    By default each command is a child forked from this process with ``mistralclient``
    already imported (see ``_fork_cli``): the same code as the console script, ten times
    cheaper than starting ``bin/mistral`` (~0.35 s of CPU each, mostly imports).
    ``MISTRAL_TEST_CLI=subprocess`` runs the ``bin/mistral`` script itself instead.
    """

    def __init__(self, url: str, mode: str = "fork"):
        self.url = url
        self.mode = mode
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        if mode == "fork":
            with warnings.catch_warnings():  # as in its own process: not this suite's warnings
                warnings.simplefilter("ignore")
                from cliff import command
                from mistralclient import shell  # noqa: F401  imported once, before forking

            # cliff maps modules to distributions for help epilogs: compute that once too.
            getattr(command, "_get_distributions_by_modules", lambda: None)()

    def run(self, *args) -> subprocess.CompletedProcess:
        args = [str(a) for a in args]
        if args[0] not in TEXT_COMMANDS:
            args += ["-f", "json"]
        argv = ["--os-mistral-url", f"{self.url}/v2", *args]
        if self.mode == "fork":
            return _fork_cli(argv, self.env, timeout=60)
        return subprocess.run(
            [MISTRAL_CLI, *argv], capture_output=True, text=True, env=self.env, timeout=60
        )

    def __call__(self, *args):
        """Parsed JSON output (or stdout text for text commands); raises on failure."""
        proc = self.run(*args)
        if proc.returncode != 0:
            raise CliError(args, proc)
        if str(args[0]) in TEXT_COMMANDS:
            return proc.stdout
        return json.loads(proc.stdout)

    def fails(self, *args) -> CliError:
        """The failure of a command that must exit non-zero."""
        proc = self.run(*args)
        assert proc.returncode != 0, f"mistral {args} unexpectedly succeeded:\n{proc.stdout}"
        return CliError(args, proc)

    def many(self, *calls: tuple) -> list:
        """``self(*call)`` for each of several independent calls; results in order."""
        return self._map(lambda call: self(*call), calls)

    def fails_many(self, *calls: tuple) -> list[CliError]:
        """``self.fails(*call)`` for each of several independent calls; results in order."""
        return self._map(lambda call: self.fails(*call), calls)

    def _map(self, fn, calls) -> list:
        if self.mode == "fork":  # never fork from several threads
            return [fn(call) for call in calls]
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(fn, calls))

    @staticmethod
    def mask(row: dict) -> dict:
        """``row`` with well-formed UUIDs and datetimes replaced by ``<uuid>``/``<datetime>``."""

        def one(value):
            if isinstance(value, str) and UUID_RE.match(value):
                return "<uuid>"
            if isinstance(value, str) and DATETIME_RE.match(value):
                return "<datetime>"
            return value

        return {key: one(value) for key, value in row.items()}


@pytest.fixture(scope="session")
def cli_server(tmp_path_factory):
    """One ``mistral-server --server api``, auth off, system actions populated.

    The CLI cannot send ``X-Roles: admin`` (only keystone-derived headers), so a YAML
    policy file opens the admin-only code source / dynamic action rules, all but
    ``publicize``, to everybody.
    """
    work_dir = str(tmp_path_factory.mktemp("srv-cli"))
    policy_path = os.path.join(work_dir, "policy.yaml")
    with open(policy_path, "w") as policy:
        policy.writelines(f'"{rule}": ""\n' for rule in OPENED_RULES)
    url = backends.create_database("sqlite", work_dir)
    srv = ServerProcess(
        url,
        work_dir,
        extra_conf=textwrap.dedent(f"""\
            [oslo_policy]
            policy_file = {policy_path}
            """),
    )
    srv.db_manage("upgrade", "head")
    srv.db_manage("populate")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def cli(cli_server):
    return Cli(cli_server.url, os.environ.get("MISTRAL_TEST_CLI", "fork"))


@pytest.fixture
def write_file(tmp_path):
    """Writes ``text`` to a new file under the test's temp dir; returns its path."""

    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text)
        return str(path)

    return write
