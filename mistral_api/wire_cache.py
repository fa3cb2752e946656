"""The rendered (JSON-ready) form of definition rows, kept by (model, id, updated_at).

A definition's rendering depends on its own row only, and any change to the row moves its
``updated_at``; so a list or a GET reads just the id and ``updated_at`` of the rows it
answers with and takes their rendering from here, loading whole rows only for the ones
this process has not rendered yet. Rows this process writes are put here as it writes
them.
"""

import collections
import threading

from mistral_db import models

CACHEABLE = frozenset(
    {
        models.WorkflowDefinition,
        models.WorkbookDefinition,
        models.ActionDefinition,
        models.Environment,
        models.CodeSource,
        models.DynamicActionDefinition,
    }
)
SIZE = 20000

_wires: collections.OrderedDict = collections.OrderedDict()
_lock = threading.Lock()


def key_of(model, key_row) -> tuple:
    """The cache key of a row, or of an ``(id, updated_at)`` row of ``model``."""
    return (model, key_row.id, key_row.updated_at)


def lookup(keys) -> dict:
    """``{key: wire or None}`` for these keys."""
    with _lock:
        return {key: _wires.get(key) for key in keys}


def get(key) -> dict | None:
    with _lock:
        return _wires.get(key)


def store(fresh: dict) -> None:
    with _lock:
        _wires.update(fresh)
        while len(_wires) > SIZE:
            _wires.popitem(last=False)


def render_rows(cls, rows) -> dict:
    """Render whole rows with ``cls`` and keep them: ``{key: wire}``."""
    fresh = {key_of(type(row), row): cls.wire_from_db(row) for row in rows}
    store(fresh)
    return fresh


def remember(cls, rows) -> None:
    """Keep the rendering of rows this process has just written, so that the reads that
    show them next load only their ids."""
    render_rows(cls, [row for row in rows if type(row) in CACHEABLE])


def clear() -> None:
    with _lock:
        _wires.clear()
