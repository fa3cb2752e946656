"""Engines and pools: reads run on autocommit connections, and a pool keeps as many
connections as the process has threads that use it."""

import pytest
import sqlalchemy as sa
from oslo_config import cfg

from mistral_db import migration
from mistral_db import session as db_session
from mistral_engine import conf as _conf  # noqa: F401  registers the options
from tests import backends


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/s.sqlite"
    migration.upgrade(url)
    db_session.configure(url, pool_size=5, max_overflow=7)
    yield url
    db_session.dispose_all()


def test_reads_run_in_autocommit_and_writes_in_transactions(db):
    with db_session.reading() as connection:
        # pysqlite in autocommit: no implicit BEGIN, so nothing to roll back on return.
        assert connection.connection.dbapi_connection.isolation_level is None
        assert connection.execute(sa.text("SELECT 1")).scalar_one() == 1
    with db_session.transaction() as session:
        assert session.connection().connection.dbapi_connection.isolation_level == ""


def test_a_reader_connection_sees_a_commit_made_after_it_was_pooled(db):
    with db_session.reading() as connection:
        connection.execute(sa.text("SELECT count(*) FROM environments_v2")).scalar_one()
    with db_session.transaction() as session:
        session.execute(
            sa.text(
                "INSERT INTO environments_v2 (id, name, variables, scope, project_id, created_at) "
                "VALUES ('e1', 'env', '{}', 'private', 'p', '2026-01-01 00:00:00')"
            )
        )
    with db_session.reading() as connection:
        assert connection.execute(sa.text("SELECT name FROM environments_v2")).all() == [("env",)]


def test_a_sqlite_pool_keeps_every_connection_a_burst_opened(db):
    assert db_session.get_engine().pool.size() == 12
    assert db_session.get_reader_engine().pool.size() == 12


def test_the_pool_is_never_smaller_than_the_threads_that_use_it(tmp_path):
    conf = cfg.ConfigOpts()
    _conf.register_all(conf)
    conf([], project="mistral")
    conf.set_override("connection", f"sqlite:///{tmp_path}/x.sqlite", group="database")
    conf.set_override("max_pool_size", 5, group="database")
    conf.set_override("api_threads", 9, group="api")
    conf.set_override("event_threads", 3, group="engine")
    db_session.configure_from_conf(conf)
    try:
        assert db_session._state["pool_size"] == 12
        conf.set_override("max_pool_size", 20, group="database")
        db_session.configure_from_conf(conf)
        assert db_session._state["pool_size"] == 20
    finally:
        db_session.dispose_all()


def test_warm_up_opens_only_the_connections_it_is_asked_for(db):
    db_session.warm_up(writers=2, readers=4)
    assert db_session.get_engine().pool.checkedin() == 2
    assert db_session.get_reader_engine().pool.checkedin() == 4


def test_an_engine_warm_up_opens_no_reader_connection(db):
    db_session.warm_up(writers=3)
    assert db_session.get_engine().pool.checkedin() == 3
    assert db_session.get_reader_engine().pool.checkedin() == 0


@pytest.mark.parametrize("backend", [b for b in backends.selected() if b != "sqlite"])
def test_server_reader_connections_are_in_autocommit(backend, tmp_path):
    url = backends.create_database(backend, str(tmp_path))
    try:
        db_session.configure(url)
        with db_session.reading() as connection:
            dbapi = connection.connection.dbapi_connection
            autocommit = dbapi.autocommit if backend == "postgresql" else dbapi.get_autocommit()
            assert autocommit is True
            assert connection.execute(sa.text("SELECT 1")).scalar_one() == 1
        with db_session.transaction() as session:
            dbapi = session.connection().connection.dbapi_connection
            autocommit = dbapi.autocommit if backend == "postgresql" else dbapi.get_autocommit()
            assert autocommit is False
    finally:
        db_session.dispose_all()
        backends.drop_database(url)
