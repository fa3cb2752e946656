"""Preinstalled ("system") workflows of installed packages, written by ``populate``.

A package ships them through the ``mistral.preinstalled_workflows`` entry point: a
function returning the paths of DSL files (mistral-extra's ``create_instance`` and
``delete_instance``). Like Mistral, they are stored as public workflows of the default
project in the default namespace with ``is_system`` true. Syncing keeps unchanged rows,
refreshes changed ones and removes system rows no package ships any more.
"""

import importlib.metadata
import logging

from mistral_db import models
from mistral_engine import lang
from mistral_engine.context import DEFAULT_PROJECT_ID
from mistral_engine.services import definitions

LOG = logging.getLogger(__name__)

GROUP = "mistral.preinstalled_workflows"


def workflow_files() -> list[str]:
    """Paths of the DSL files the installed packages preinstall, in entry point order."""
    paths: list[str] = []
    try:
        entry_points = list(importlib.metadata.entry_points(group=GROUP))
    except Exception:  # a broken distribution must not stop populate
        LOG.exception("Failed to read the %s entry points", GROUP)
        return paths
    for ep in entry_points:
        try:
            paths.extend(str(path) for path in ep.load()())
        except Exception:
            LOG.exception("Failed to list the preinstalled workflows %s (%s)", ep.name, ep.value)
    return paths


def workflow_values(text: str) -> list[dict]:
    """The rows one DSL file defines (validated as a workflow upload would be)."""
    wf_list = lang.parse_workflows(text, validate=definitions.validation_enabled(True))
    names = [wf_spec.name for wf_spec in wf_list.workflows]
    texts = lang.workflow_definitions(text, names)
    rows = []
    for wf_spec in wf_list.workflows:
        spec = dict(wf_spec.data)
        spec.setdefault("name", wf_spec.name)
        definition = texts[wf_spec.name]
        rows.append(
            {
                "name": wf_spec.name,
                "namespace": "",
                "project_id": DEFAULT_PROJECT_ID,
                "scope": "public",
                "is_system": True,
                "tags": list(wf_spec.tags or []),
                "definition": definition,
                "checksum": definitions.checksum(definition),
                "spec": spec,
            }
        )
    return rows


def system_workflows() -> list[dict]:
    rows = []
    for path in workflow_files():
        with open(path, encoding="utf-8") as source:
            rows.extend(workflow_values(source.read()))
    return rows


def sync(session) -> int:
    """Write the preinstalled workflows in ``session``'s transaction; returns their number.

    A user's own workflow of the same name in the default project and namespace is left
    alone (logged): Mistral would fail the whole populate on that duplicate.
    """
    model = models.WorkflowDefinition
    wanted = {values["name"]: values for values in system_workflows()}
    existing = definitions.system_sync_rows(session, model, wanted)
    for name, row in existing.items():
        if row.is_system and name not in wanted:
            session.delete(row)
    count = 0
    for name, values in wanted.items():
        row = existing.get(name)
        if row is None:
            session.add(model(**values))
        elif not row.is_system:
            LOG.warning(
                "Not registering the system workflow %s: a user workflow has its name", name
            )
            continue
        else:
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            for column, value in changed.items():
                setattr(row, column, value)
            if changed:
                row.updated_at = models.utcnow()
        count += 1
    return count
