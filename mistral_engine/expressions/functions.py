"""The built-in expression functions (dsl-v2 §16) and the provider they read from.

Every function takes the calling context first, as Mistral's do: the YAQL
context, or the data context for a Jinja global (bound with ``partial``), or
the piped value for the Jinja filter form. Their Python names end with ``_``
so that argument errors read exactly as on Mistral (``json_dump_() missing 1
required positional argument: 'data'``). The data the DB-reading functions
need comes from an ``ExpressionFunctions`` provider the caller hands to
``evaluate``; it is held in a context variable for the duration of the call.
"""

import contextvars
import datetime
import json
import uuid
from collections.abc import Mapping, Set
from typing import Any, Protocol, runtime_checkable

import yaml


@runtime_checkable
class ExpressionFunctions(Protocol):
    """What task(), tasks(), execution(), executions() and global() read (dsl-v2 §16)."""

    def task(self, name: str | None = None) -> dict | None:
        """The task dict of ``name`` (None: the current task), or None if there is none."""

    def tasks(
        self,
        workflow_execution_id: str | None = None,
        recursive: bool = False,
        state: str | None = None,
        flat: bool = False,
    ) -> list[dict]:
        """Task dicts matching the filters."""

    def execution(self) -> dict:
        """The current workflow execution dict."""

    def executions(
        self,
        id: str | None = None,
        root_execution_id: str | None = None,
        state: str | None = None,
        from_time: Any = None,
        to_time: Any = None,
    ) -> list[dict]:
        """Workflow executions matching all given filters."""

    def global_(self, name: str) -> Any:
        """The workflow execution context value ``name`` (None if absent)."""


_provider: contextvars.ContextVar[ExpressionFunctions | None] = contextvars.ContextVar(
    "mistral_expression_functions", default=None
)


def bind(functions: ExpressionFunctions | None) -> contextvars.Token:
    """Make ``functions`` the provider for the evaluations that follow."""
    return _provider.set(functions)


def unbind(token: contextvars.Token) -> None:
    _provider.reset(token)


def _require(name: str) -> ExpressionFunctions:
    provider = _provider.get()
    if provider is None:
        raise RuntimeError(
            f"Function '{name}()' is not available here: it needs a workflow execution context"
        )
    return provider


def to_plain(value: Any) -> Any:
    """Turn YAQL's frozen input data (FrozenDict, tuples, frozensets) back into JSON types."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, Set)):
        return [to_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    # What oslo's to_primitive does for the usual non-JSON types.
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "__iter__"):
        return list(value)
    return str(value)


class _SafeLoader(yaml.SafeLoader):
    """Safe loading with anchors and aliases read as plain text (no expansion bombs)."""

    def fetch_alias(self):
        return self.fetch_plain()

    def fetch_anchor(self):
        return self.fetch_plain()

    def check_plain(self):
        return self.peek() == "@" or super().check_plain()


class _SafeDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


# --- the functions -----------------------------------------------------------


def env_(context):
    try:
        value = context["__env"]
    except KeyError:
        value = None
    return {} if value is None else value


def execution_(context):
    return _require("execution").execution()


def executions_(context, id=None, root_execution_id=None, state=None, from_time=None, to_time=None):
    return _require("executions").executions(
        id=id,
        root_execution_id=root_execution_id,
        state=state,
        from_time=from_time,
        to_time=to_time,
    )


def global_(context, var_name):
    return _require("global").global_(var_name)


def json_dump_(context, data):
    return json.dumps(to_plain(data), indent=4, default=_json_default)


def json_parse_(context, data):
    if isinstance(data, (bytes, bytearray)):
        data = data.decode("utf-8")
    return json.loads(data)


def task_(context, task_name=None):
    return _require("task").task(task_name)


def tasks_(context, workflow_execution_id=None, recursive=False, state=None, flat=False):
    return _require("tasks").tasks(
        workflow_execution_id=workflow_execution_id,
        recursive=recursive,
        state=state,
        flat=flat,
    )


def uuid_(context=None):
    return str(uuid.uuid4())


def yaml_dump_(context, data):
    return yaml.dump(to_plain(data), Dumper=_SafeDumper, default_flow_style=False)


def yaml_parse_(context, data):
    return yaml.load(data, Loader=_SafeLoader)  # noqa: S506  (a SafeLoader subclass)


# Name -> function, as Mistral registers them for both languages.
FUNCTIONS = {
    "env": env_,
    "execution": execution_,
    "executions": executions_,
    "global": global_,
    "json_dump": json_dump_,
    "json_parse": json_parse_,
    "task": task_,
    "tasks": tasks_,
    "uuid": uuid_,
    "yaml_dump": yaml_dump_,
    "yaml_parse": yaml_parse_,
}
