"""The durable scheduler on SQLite, PostgreSQL and MariaDB: jobs are rows written in a
transaction, claimed once while due, claimed again when their claim went stale, and
applied once (``take``)."""

import datetime
import threading
import time

import pytest
import sqlalchemy as sa
from oslo_config import cfg

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine import conf as _conf  # noqa: F401  registers the options
from mistral_engine.engine import scheduler
from tests import backends

RAN: list = []


@scheduler.handler("test_record")
def _record(engine, job_id, value):
    with db_session.transaction() as session:
        if scheduler.take(session, job_id):
            RAN.append((engine, value))


@pytest.fixture(params=backends.selected())
def db(request, tmp_path):
    url = backends.create_database(request.param, str(tmp_path))
    migration.upgrade(url)
    db_session.configure(url)
    RAN.clear()
    yield url
    db_session.dispose_all()
    backends.drop_database(url)


def _add(delay, value="v"):
    with db_session.transaction() as session:
        return scheduler.schedule(
            session, delay=delay, func_name="test_record", func_args={"value": value}
        )


def _jobs():
    with db_session.transaction(read_only=True) as session:
        return session.execute(sa.select(models.ScheduledJob)).scalars().all()


def test_only_due_jobs_are_claimed_and_each_once(db):
    _add(0, "now")
    _add(60, "later")
    first = scheduler.claim(10, captured_job_timeout=30)
    assert [args for _id, _name, args in first] == [{"value": "now"}]
    assert scheduler.claim(10, captured_job_timeout=30) == []
    assert sorted(job.func_args["value"] for job in _jobs()) == ["later", "now"]


def test_a_stale_claim_is_claimed_again(db):
    _add(0)
    ((job_id, _, _),) = scheduler.claim(10, captured_job_timeout=30)
    with db_session.transaction() as session:
        job = session.get(models.ScheduledJob, job_id)
        job.captured_at = models.utcnow() - datetime.timedelta(seconds=31)
    assert [j[0] for j in scheduler.claim(10, captured_job_timeout=30)] == [job_id]


def test_a_job_is_taken_once(db):
    _add(0)
    ((job_id, _, _),) = scheduler.claim(10, captured_job_timeout=30)
    with db_session.transaction() as session:
        assert scheduler.take(session, job_id) is True
    with db_session.transaction() as session:
        assert scheduler.take(session, job_id) is False
    assert _jobs() == []


def test_a_rolled_back_transaction_leaves_no_job(db):
    with pytest.raises(RuntimeError):
        with db_session.transaction() as session:
            scheduler.schedule(session, delay=0, func_name="test_record", func_args={"value": 1})
            raise RuntimeError("the event failed")
    assert _jobs() == []


def test_an_unknown_handler_is_refused(db):
    with db_session.transaction() as session:
        with pytest.raises(ValueError, match="No scheduler handler named nope"):
            scheduler.schedule(session, delay=0, func_name="nope", func_args={})


def test_the_scheduler_runs_a_job_at_its_time_when_woken(db):
    conf = cfg.ConfigOpts()
    _conf.register_all(conf)
    conf([], project="mistral")
    # A long poll: only the wake-up at the job's time can make it run on time.
    conf.set_override("fixed_delay", 30, group="scheduler")
    sched = scheduler.Scheduler("the-engine", conf)
    sched.start()
    try:
        started = time.monotonic()
        _add(0.5, "woken")
        deadline = started + 10
        while not RAN and time.monotonic() < deadline:
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    finally:
        sched.stop()
    assert RAN == [("the-engine", "woken")]
    assert 0.45 <= elapsed < 3, elapsed
    assert _jobs() == []


def test_two_schedulers_run_each_job_once(db):
    conf = cfg.ConfigOpts()
    _conf.register_all(conf)
    conf([], project="mistral")
    conf.set_override("fixed_delay", 0.05, group="scheduler")
    for i in range(20):
        _add(0, i)
    first, second = scheduler.Scheduler("a", conf), scheduler.Scheduler("b", conf)
    threads = [threading.Thread(target=s.run_due) for s in (first, second) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(value for _engine, value in RAN) == list(range(20))
    assert _jobs() == []
