"""The execution lock: every event of an execution tree is applied while holding its root
workflow execution row.

``SELECT ... FOR UPDATE`` on PostgreSQL and MySQL serializes the events of one tree across
every engine process; events of different executions proceed in parallel. SQLite has one
writer at a time anyway (``mistral_db.session`` serializes writers in the process).
"""

import contextlib

import sqlalchemy as sa

from mistral_db import models
from mistral_engine import exceptions


@contextlib.contextmanager
def locked_execution(session, root_id: str):
    """Lock the root workflow execution ``root_id`` for the rest of the transaction and
    yield it. The lock is released when the transaction ends."""
    stmt = sa.select(models.WorkflowExecution).where(models.WorkflowExecution.id == root_id)
    if session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    # Anything this session read before the lock may be stale: drop it, and let the locking
    # read itself overwrite the root if the session had it already.
    session.expire_all()
    root = session.execute(stmt.execution_options(populate_existing=True)).scalar_one_or_none()
    if root is None:
        raise exceptions.DBEntityNotFoundError(f"WorkflowExecution not found [id={root_id}]")
    yield root
