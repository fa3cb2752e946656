"""Real database backends for the tests: fresh databases on the machine's servers.

``MISTRAL_TEST_BACKENDS`` (comma list of sqlite, postgresql, mysql; default all three)
chooses which ones run. PostgreSQL and MariaDB are the servers this machine runs on
127.0.0.1 (trust auth / root without password).
"""

import os
import uuid

import sqlalchemy as sa

ALL = ("sqlite", "postgresql", "mysql")
PG_ADMIN_URL = os.environ.get(
    "MISTRAL_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
MYSQL_ADMIN_URL = os.environ.get("MISTRAL_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/")


def selected() -> list[str]:
    raw = os.environ.get("MISTRAL_TEST_BACKENDS", ",".join(ALL))
    return [b.strip() for b in raw.split(",") if b.strip()]


def create_database(backend: str, tmp_dir: str) -> str:
    """A new empty database; returns its SQLAlchemy URL."""
    name = f"mistral_t_{uuid.uuid4().hex[:10]}"
    if backend == "sqlite":
        return f"sqlite:///{os.path.join(tmp_dir, name + '.sqlite')}"
    if backend == "postgresql":
        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    if backend == "mysql":
        engine = sa.create_engine(MYSQL_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        engine.dispose()
        return MYSQL_ADMIN_URL.rstrip("/") + f"/{name}?charset=utf8mb4"
    raise ValueError(backend)


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    name = sa.engine.make_url(url).database
    if url.startswith("postgresql"):
        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        engine = sa.create_engine(MYSQL_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
    engine.dispose()
