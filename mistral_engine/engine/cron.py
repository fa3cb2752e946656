"""Fires cron triggers: every ``[cron_trigger] execution_interval`` seconds each engine
looks for triggers whose ``next_execution_time`` has come, moves each one on (or deletes
it after its last execution) with a compare-and-set on that time, and starts the
workflow of each trigger it moved, so one firing starts one execution however many
engines look.
"""

import datetime
import json
import logging
import threading

import sqlalchemy as sa

from mistral_db import models
from mistral_db import session as db_session
from mistral_engine.context import RequestContext
from mistral_engine.engine import workflows
from mistral_engine.services import cron_triggers as cron_service

LOG = logging.getLogger(__name__)

# Mistral fires a trigger up to two seconds before its time, so a pass that runs just
# before the minute does not miss it by a whole interval.
LOOKAHEAD = datetime.timedelta(seconds=2)


def _advance(trigger) -> bool:
    """Move ``trigger`` past this firing; False when another engine did it first."""
    table = models.CronTrigger
    now = models.utcnow()
    with db_session.transaction() as session:
        match = sa.and_(
            table.id == trigger.id, table.next_execution_time == trigger.next_execution_time
        )
        remaining = trigger.remaining_executions
        if remaining is not None and remaining > 0:
            remaining -= 1
        if remaining == 0:
            return session.execute(sa.delete(table).where(match)).rowcount == 1
        next_time = cron_service.next_execution_time(
            trigger.pattern, max(now, trigger.next_execution_time)
        )
        result = session.execute(
            sa.update(table)
            .where(match)
            .values(next_execution_time=next_time, remaining_executions=remaining, updated_at=now)
        )
        return result.rowcount == 1


def fire_due(engine) -> int:
    """Fire every due trigger once; returns how many this engine started."""
    with db_session.transaction(read_only=True) as session:
        due = list(
            session.execute(
                sa.select(models.CronTrigger)
                .where(models.CronTrigger.next_execution_time <= models.utcnow() + LOOKAHEAD)
                .order_by(models.CronTrigger.next_execution_time)
            ).scalars()
        )
    started = 0
    for trigger in due:
        try:
            if not _advance(trigger):
                continue
            description = {
                "description": f"Workflow execution created by cron trigger '({trigger.id})'.",
                "triggered_by": {"type": "cron_trigger", "id": trigger.id},
            }
            params = dict(trigger.workflow_params or {})
            workflows.start_workflow(
                engine,
                RequestContext(project_id=trigger.project_id),
                trigger.workflow_id or trigger.workflow_name,
                params.get("namespace") or "",
                None,
                trigger.workflow_input or {},
                json.dumps(description),
                params,
            )
            started += 1
        except Exception:  # noqa: BLE001 - one bad trigger must not stop the others
            LOG.exception("Cron trigger %s could not start its workflow", trigger.name)
    return started


class CronThread:
    def __init__(self, engine, conf):
        self.engine = engine
        self.interval = conf.cron_trigger.execution_interval
        self.enabled = conf.cron_trigger.enabled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="cron-triggers", daemon=True)

    def start(self) -> None:
        if self.enabled:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                fire_due(self.engine)
            except Exception:  # noqa: BLE001 - keep looking
                LOG.exception("Cron trigger pass failed")
