"""Database engine and transactions: one engine per URL, `transaction()`, deadlock retry.

SQLite (the embedded default) runs in WAL mode and writers are serialized inside the
process by a lock, so concurrent API threads queue instead of failing with
"database is locked".
"""

import contextlib
import functools
import logging
import threading
import time

import sqlalchemy as sa
from sqlalchemy import event, exc, orm

from mistral_engine import exceptions

LOG = logging.getLogger(__name__)

_engines: dict[tuple[str, bool], sa.Engine] = {}
_engines_lock = threading.Lock()
_sqlite_writer = threading.RLock()

_state = {
    "url": None,
    "pool_size": 5,
    "max_overflow": 50,
    "pool_timeout": 30,
    "recycle": 3600,
    "max_retries": 10,
    "retry_interval": 0.5,
    "echo": False,
}


def configure(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 50,
    pool_timeout: int = 30,
    recycle: int = 3600,
    max_retries: int = 10,
    retry_interval: float = 0.5,
    echo: bool = False,
) -> None:
    """Set the database this process talks to (called once by the composition root)."""
    _state.update(
        url=url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        recycle=recycle,
        max_retries=max_retries,
        retry_interval=retry_interval,
        echo=echo,
    )


def configure_from_conf(conf) -> None:
    db = conf.database
    # A pool smaller than the threads that use it closes and reopens its overflow
    # connections on every burst (a new server backend each time on PostgreSQL).
    threads = conf.api.api_threads + conf.engine.event_threads
    configure(
        db.connection,
        pool_size=max(db.max_pool_size, threads),
        max_overflow=db.max_overflow,
        pool_timeout=db.pool_timeout,
        recycle=db.connection_recycle_time,
        max_retries=db.max_retries,
        retry_interval=db.retry_interval,
        echo=db.connection_debug,
    )


def current_url() -> str:
    if not _state["url"]:
        raise RuntimeError("database is not configured")
    return _state["url"]


def is_sqlite(url: str | None = None) -> bool:
    return (url or current_url()).startswith("sqlite")


def get_engine(url: str | None = None) -> sa.Engine:
    return _engine(url or current_url(), reader=False)


def get_reader_engine(url: str | None = None) -> sa.Engine:
    """The engine of ``reading()``: its connections run in autocommit, so a read costs
    no BEGIN and no ROLLBACK round trip. Each statement still sees committed data only
    (READ COMMITTED, what every transaction here uses)."""
    return _engine(url or current_url(), reader=True)


def _engine(url: str, reader: bool) -> sa.Engine:
    key = (url, reader)
    engine = _engines.get(key)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create_engine(url, reader)
            _engines[key] = engine
        return engine


def dispose_all() -> None:
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create_engine(url: str, reader: bool = False) -> sa.Engine:
    # Autocommit connections hold no transaction to reset when they go back to the pool.
    reader_kwargs = dict(isolation_level="AUTOCOMMIT", pool_reset_on_return=None) if reader else {}
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            **reader_kwargs,
            echo=_state["echo"],
            connect_args={"check_same_thread": False, "timeout": 30},
            # Every connection a burst opened is kept: a SQLite connection is cheap to
            # keep and costs its PRAGMAs to open again.
            pool_size=_state["pool_size"] + _state["max_overflow"],
            max_overflow=0,
            pool_timeout=_state["pool_timeout"],
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    kwargs = dict(
        reader_kwargs,
        echo=_state["echo"],
        pool_size=_state["pool_size"],
        max_overflow=_state["max_overflow"],
        pool_timeout=_state["pool_timeout"],
        pool_recycle=_state["recycle"],
        # No ping per checkout (a round trip per transaction): dead connections are
        # replaced by pool_recycle and the retry on disconnect errors.
        pool_pre_ping=False,
    )
    if url.startswith("mysql") and not reader:
        kwargs["isolation_level"] = "READ COMMITTED"
    return sa.create_engine(url, **kwargs)


_session_factories: dict[str, orm.sessionmaker] = {}


def _session_factory() -> orm.sessionmaker:
    url = current_url()
    factory = _session_factories.get(url)
    if factory is None:
        factory = orm.sessionmaker(bind=get_engine(url), expire_on_commit=False)
        _session_factories[url] = factory
    return factory


@contextlib.contextmanager
def transaction(read_only: bool = False):
    """One unit of work: commits when the block ends, rolls back on any exception."""
    lock = _sqlite_writer if (not read_only and is_sqlite()) else contextlib.nullcontext()
    with lock:
        session = _session_factory()()
        try:
            yield session
            if not read_only:
                session.commit()
            # A read-only unit just closes: close() keeps loaded attributes usable,
            # while rollback() would expire them.
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


@contextlib.contextmanager
def reading():
    """A pooled Core connection for reads that need no ORM objects (ids, columns):
    cheaper than a Session, which it skips with its identity map and unit of work."""
    with get_reader_engine().connect() as connection:
        yield connection


def _is_retriable(error: Exception) -> bool:
    if not isinstance(error, exc.DBAPIError):
        return False
    text = str(error.orig if error.orig is not None else error).lower()
    return any(
        marker in text
        for marker in (
            "deadlock",
            "lock wait timeout",
            "could not serialize",
            "database is locked",
            "server has gone away",
            "lost connection",
        )
    )


def retry_on_deadlock(func):
    """Re-run a whole transactional function when the database reports a deadlock."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        attempt = 0
        while True:
            try:
                return func(*args, **kwargs)
            except exc.DBAPIError as error:
                attempt += 1
                if not _is_retriable(error):
                    raise
                if attempt > _state["max_retries"]:
                    raise exceptions.ServiceUnavailable() from error
                LOG.warning("Retrying %s after a deadlock (attempt %s)", func.__name__, attempt)
                time.sleep(_state["retry_interval"] * attempt)

    return wrapper


def warm_up(writers: int, readers: int = 0) -> None:
    """Open ``writers`` connections of the transaction pool and ``readers`` of the reader
    pool now, so that the first requests after a start do not pay for connecting (nor for
    the dialect's first-connect queries), and configure the ORM mappers, which the first
    query would otherwise do. More connections open on demand; a server's connection
    limit is shared by every process, so only what the first burst needs opens here."""
    orm.configure_mappers()
    for engine, count in ((get_engine(), writers), (get_reader_engine(), readers)):
        if count <= 0:
            continue
        size = engine.pool.size() if hasattr(engine.pool, "size") else 1
        opened = [engine.connect() for _ in range(min(count, size))]
        for connection in opened:
            connection.close()
