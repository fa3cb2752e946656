"""populate_system_actions: writes the catalogue once, refreshes it, stays idempotent."""

import pytest
import sqlalchemy as sa

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine.actions import catalogue
from mistral_engine.services import populate


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/p.sqlite"
    migration.upgrade(url)
    db_session.configure(url)
    yield url
    db_session.dispose_all()


def _system_rows():
    with db_session.transaction(read_only=True) as session:
        model = models.ActionDefinition
        return {
            row.name: row
            for row in session.execute(sa.select(model).where(model.is_system.is_(True))).scalars()
        }


def test_populate_writes_every_catalogue_action(db):
    assert populate.populate_system_actions() == len(catalogue.ACTIONS)
    rows = _system_rows()
    assert sorted(rows) == sorted(a.name for a in catalogue.ACTIONS)
    echo = rows["std.echo"]
    assert (echo.input, echo.scope, echo.namespace) == ("output, delay=0", "public", "")
    assert echo.project_id == "<default-project>"
    assert echo.definition is None
    wait_ssh = rows["std.wait_ssh"]
    assert wait_ssh.spec["base"] == "std.ssh"
    assert wait_ssh.spec["base-input"]["cmd"] == "ls -l"


def test_populate_is_idempotent_and_repairs_rows(db):
    populate.populate_system_actions()
    ids = {name: row.id for name, row in _system_rows().items()}
    with db_session.transaction() as session:
        model = models.ActionDefinition
        session.execute(sa.update(model).where(model.name == "std.echo").values(input="x"))
        session.add(model(name="std.gone", namespace="", is_system=True, scope="public"))
    assert populate.populate_system_actions() == len(catalogue.ACTIONS)
    rows = _system_rows()
    assert {name: row.id for name, row in rows.items()} == ids
    assert rows["std.echo"].input == "output, delay=0"
    assert rows["std.echo"].updated_at is not None
    assert rows["std.noop"].updated_at is None


def test_populate_if_empty_only_fills_an_empty_table(db):
    populate.populate_if_empty()
    assert len(_system_rows()) == len(catalogue.ACTIONS)
    with db_session.transaction() as session:
        model = models.ActionDefinition
        session.execute(sa.delete(model).where(model.name == "std.echo"))
    populate.populate_if_empty()
    assert "std.echo" not in _system_rows()
