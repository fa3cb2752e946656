"""The outbox: messages written in the engine's transaction and sent after it commits.

The engine sends what it wrote right after the commit and then deletes the rows. A message
whose row is still there after ``RESEND_AFTER`` (the engine died between commit and send,
or the broker refused it) is sent again by the sweep. Receivers are idempotent (completing
an action execution twice is a no-op; running an action whose execution is no longer
RUNNING is skipped), so delivery is at-least-once and the effect exactly-once.
"""

import dataclasses
import datetime
import logging

import sqlalchemy as sa

from mistral_db import models
from mistral_db import session as db_session

LOG = logging.getLogger(__name__)

RESEND_AFTER = datetime.timedelta(seconds=30)


@dataclasses.dataclass(frozen=True)
class Message:
    id: str
    topic: str
    method: str
    payload: dict


def add(session, *, topic: str, method: str, payload: dict, execution_id=None) -> Message:
    """Write one message in the current transaction."""
    row = models.OutboxMessage(
        id=models.new_id(),
        topic=topic,
        method=method,
        payload=payload,
        execution_id=execution_id,
        available_at=models.utcnow() + RESEND_AFTER,
    )
    session.add(row)
    return Message(row.id, topic, method, payload)


def send_and_forget(send, messages: list[Message]) -> None:
    """After commit: send each message with ``send(message)``, then delete the sent rows."""
    sent = []
    for message in messages:
        try:
            send(message)
            sent.append(message.id)
        except Exception:  # noqa: BLE001 - the sweep sends it again
            LOG.exception(
                "Could not send %s (%s); the sweep will retry", message.id, message.method
            )
    if sent:
        with db_session.transaction() as session:
            session.execute(
                sa.delete(models.OutboxMessage).where(models.OutboxMessage.id.in_(sent))
            )


def sweep(send, limit: int = 100) -> int:
    """Send again the messages nobody acknowledged in time. Returns how many were sent."""
    now = models.utcnow()
    with db_session.transaction() as session:
        stmt = (
            sa.select(models.OutboxMessage)
            .where(models.OutboxMessage.available_at <= now)
            .order_by(models.OutboxMessage.created_at)
            .limit(limit)
        )
        if session.get_bind().dialect.name != "sqlite":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list(session.execute(stmt).scalars())
        for row in rows:
            row.available_at = now + RESEND_AFTER
            row.attempts += 1
        messages = [Message(r.id, r.topic, r.method, r.payload) for r in rows]
    if messages:
        LOG.warning("Re-sending %d outbox message(s)", len(messages))
        send_and_forget(send, messages)
    return len(messages)
