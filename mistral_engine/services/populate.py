"""Writes the system actions into ``action_definitions_v2`` and, in the same transaction,
the preinstalled workflows of installed packages (``system_workflows``).

System actions are public rows of the default project in the default namespace with
``is_system`` true. Populating is idempotent: it inserts what is missing, refreshes
what changed and removes system rows the catalogue no longer has.
"""

import logging

import sqlalchemy as sa

from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions, lang
from mistral_engine.actions import catalogue, registry
from mistral_engine.context import DEFAULT_PROJECT_ID
from mistral_engine.services import definitions, system_workflows

LOG = logging.getLogger(__name__)


def _values(action: catalogue.SystemAction) -> dict:
    spec = None
    if action.definition:
        spec = dict(lang.parse_actions(action.definition, validate=True).actions[0].data)
    return {
        "name": action.name,
        "namespace": "",
        "project_id": DEFAULT_PROJECT_ID,
        "scope": "public",
        "is_system": True,
        "input": action.input,
        "description": action.description,
        "definition": action.definition,
        "spec": spec,
        "tags": [],
        "action_class": None,
        "attributes": None,
    }


def system_actions() -> list:
    """The std actions and those of installed action packs (``mistral.actions`` entry
    points, ``mistral.action.providers`` such as mistral-extra's)."""
    return list(catalogue.ACTIONS) + registry.plugin_actions()


def populate_system_actions() -> int:
    """Sync the system actions and the preinstalled workflows in one transaction; returns
    the number of actions (``mistral-db-manage populate`` prints it)."""
    model = models.ActionDefinition
    actions = system_actions()
    by_name = {action.name: action for action in actions}
    with db_session.transaction() as session:
        existing = definitions.system_sync_rows(session, model, by_name)
        for name, row in existing.items():
            if row.is_system and name not in by_name:
                session.delete(row)
        for action in actions:
            values = _values(action)
            row = existing.get(action.name)
            if row is None:
                session.add(model(**values))
                continue
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            for column, value in changed.items():
                setattr(row, column, value)
            if changed:
                row.updated_at = models.utcnow()
        workflows = system_workflows.sync(session)
    LOG.info("Registered %d preinstalled workflows.", workflows)
    return len(actions)


def _has_system_actions() -> bool:
    model = models.ActionDefinition
    with db_session.transaction(read_only=True) as session:
        return bool(
            session.execute(
                sa.select(sa.func.count()).select_from(model).where(model.is_system.is_(True))
            ).scalar_one()
        )


def populate_if_empty() -> None:
    """At API start: register the system actions when none are there yet.

    Several servers may start together; one that loses the race finds the rows written.
    """
    try:
        if not _has_system_actions():
            LOG.info("Registered %d system actions.", populate_system_actions())
    except (sa.exc.DBAPIError, exceptions.MistralException) as error:
        if not _has_system_actions():
            raise
        LOG.info("System actions were registered concurrently: %s", error)
