"""The engine's outbox on each real database: messages written in a transaction are sent
after commit and deleted; what was never acknowledged is sent again by the sweep."""

import datetime

import pytest
import sqlalchemy as sa

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine.engine import outbox
from tests import backends


@pytest.fixture(params=backends.selected())
def database(request, tmp_path):
    url = backends.create_database(request.param, str(tmp_path))
    migration.upgrade(url)
    db_session.configure(url)
    yield url
    db_session.dispose_all()
    backends.drop_database(url)


def rows():
    with db_session.transaction(read_only=True) as session:
        return list(session.execute(sa.select(models.OutboxMessage)).scalars())


def test_sent_messages_are_deleted(database):
    with db_session.transaction() as session:
        message = outbox.add(session, topic="t", method="run_action", payload={"a": 1})
    sent = []
    outbox.send_and_forget(sent.append, [message])
    assert [(m.topic, m.method, m.payload) for m in sent] == [("t", "run_action", {"a": 1})]
    assert rows() == []


def test_a_failed_send_is_kept_and_the_sweep_sends_it_once_due(database):
    with db_session.transaction() as session:
        message = outbox.add(session, topic="t", method="run_action", payload={"n": 7})

    def broker_down(_message):
        raise ConnectionError("broker down")

    outbox.send_and_forget(broker_down, [message])
    assert [r.id for r in rows()] == [message.id]
    sent = []
    assert outbox.sweep(sent.append) == 0  # not due yet: the first sender may still succeed
    with db_session.transaction() as session:
        session.execute(
            sa.update(models.OutboxMessage).values(
                available_at=models.utcnow() - datetime.timedelta(seconds=1)
            )
        )
    assert outbox.sweep(sent.append) == 1
    assert [(m.id, m.payload) for m in sent] == [(message.id, {"n": 7})]
    assert rows() == []


def test_a_rolled_back_transaction_sends_nothing(database):
    with pytest.raises(RuntimeError):
        with db_session.transaction() as session:
            outbox.add(session, topic="t", method="run_action", payload={})
            raise RuntimeError("the event failed")
    assert rows() == []
