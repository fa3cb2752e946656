"""The durable scheduler (DESIGN §3): delayed steps of executions as ``scheduled_jobs`` rows.

A job is written in the transaction of the event that wants it (a task delayed by
``wait-before``, a retry, a timeout check), so it exists exactly when that event
committed. Every engine process runs a ``Scheduler`` thread that claims due jobs
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL and MySQL; SQLite has one writer) by stamping
``captured_at``, then runs each job's handler. The handler applies the job as an event of
its execution and deletes the job row in that same transaction (``take``), so a job's
effect happens once even when two schedulers raced or one died after claiming: a claim
older than ``[scheduler] captured_job_timeout`` is claimed again.

The process that schedules a job wakes its own scheduler at the job's time, so a one
second wait is one second; ``[scheduler] fixed_delay`` bounds the wait for jobs written
by other engines.
"""

import datetime
import logging
import random
import threading
import time

import sqlalchemy as sa

from mistral_db import models
from mistral_db import session as db_session

LOG = logging.getLogger(__name__)

_HANDLERS: dict = {}
_local = None  # this process's Scheduler, woken for the jobs the process writes


def handler(name: str):
    """Register ``fn(engine, **func_args)`` as the handler of jobs named ``name``."""

    def register(fn):
        _HANDLERS[name] = fn
        return fn

    return register


def schedule(session, *, delay: float, func_name: str, func_args: dict, execution_id=None):
    """Write a job due ``delay`` seconds from now in the current transaction; returns
    when it is due."""
    if func_name not in _HANDLERS:
        raise ValueError(f"No scheduler handler named {func_name}")
    run_after = models.utcnow() + datetime.timedelta(seconds=max(delay, 0))
    local = _local
    if local is not None:
        sa.event.listen(session, "after_commit", lambda _s: local.wake_at(run_after), once=True)
    session.add(
        models.ScheduledJob(
            id=models.new_id(),
            run_after=run_after,
            func_name=func_name,
            func_args=func_args,
            execution_id=execution_id,
            created_at=models.utcnow(),
        )
    )
    return run_after


def take(session, job_id: str) -> bool:
    """Delete the job in the handler's transaction; False when it is gone already (another
    scheduler ran it), and the handler must then do nothing."""
    result = session.execute(sa.delete(models.ScheduledJob).where(models.ScheduledJob.id == job_id))
    return result.rowcount == 1


def claim(batch_size: int, captured_job_timeout: float) -> list[tuple[str, str, dict]]:
    """Stamp up to ``batch_size`` due jobs as this scheduler's; returns
    ``(id, func_name, func_args)`` of each."""
    now = models.utcnow()
    stale = now - datetime.timedelta(seconds=captured_job_timeout)
    job = models.ScheduledJob
    with db_session.transaction() as session:
        stmt = (
            sa.select(job)
            .where(
                job.run_after <= now,
                sa.or_(job.captured_at.is_(None), job.captured_at < stale),
            )
            .order_by(job.run_after)
            .limit(batch_size)
        )
        if session.get_bind().dialect.name != "sqlite":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list(session.execute(stmt).scalars())
        for row in rows:
            row.captured_at = now
        return [(row.id, row.func_name, dict(row.func_args or {})) for row in rows]


def next_due() -> datetime.datetime | None:
    job = models.ScheduledJob
    with db_session.reading() as connection:
        return connection.execute(
            sa.select(sa.func.min(job.run_after)).where(job.captured_at.is_(None))
        ).scalar()


class Scheduler:
    """The engine process's scheduler thread."""

    def __init__(self, engine, conf):
        self.engine = engine
        self.conf = conf.scheduler
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._due_hint: float | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)

    def start(self) -> None:
        global _local
        _local = self
        self._thread.start()

    def stop(self) -> None:
        global _local
        if _local is self:
            _local = None
        self._stop.set()
        self._wake.set()

    def wake_at(self, due: datetime.datetime) -> None:
        """A job this process wrote is due at ``due`` (naive UTC)."""
        at = time.monotonic() + max((due - models.utcnow()).total_seconds(), 0)
        with self._lock:
            if self._due_hint is None or at < self._due_hint:
                self._due_hint = at
        self._wake.set()

    def run_due(self) -> int:
        """Claim and run the due jobs; returns how many ran."""
        jobs = claim(self.conf.batch_size, self.conf.captured_job_timeout)
        for job_id, func_name, func_args in jobs:
            try:
                _HANDLERS[func_name](self.engine, job_id=job_id, **func_args)
            except Exception:  # noqa: BLE001 - the claim expires and the job runs again
                LOG.exception("Scheduled job %s (%s) failed", job_id, func_name)
        return len(jobs)

    def _pause(self) -> float:
        pause = self.conf.fixed_delay + random.uniform(0, self.conf.random_delay)
        due = next_due()
        if due is not None:
            pause = min(pause, max((due - models.utcnow()).total_seconds(), 0))
        with self._lock:
            if self._due_hint is not None:
                pause = min(pause, max(self._due_hint - time.monotonic(), 0))
        return pause

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                with self._lock:
                    if self._due_hint is not None and self._due_hint <= time.monotonic():
                        self._due_hint = None
                if self.run_due():
                    continue
                # A due job another scheduler holds is not ours to spin on.
                pause = max(self._pause(), 0.01)
            except Exception:  # noqa: BLE001 - keep scheduling
                LOG.exception("Scheduler pass failed")
                pause = self.conf.fixed_delay
            self._wake.wait(pause)
            self._wake.clear()
