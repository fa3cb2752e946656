"""Runs the alembic migrations shipped in the ``migrations`` package (the only way to
make tables)."""

import io
import os

from alembic import command
from alembic.config import Config

import migrations

MIGRATIONS_DIR = os.path.dirname(os.path.abspath(migrations.__file__))


def alembic_config(url: str, stdout=None) -> Config:
    cfg = Config(os.path.join(MIGRATIONS_DIR, "alembic.ini"), stdout=stdout or io.StringIO())
    cfg.set_main_option("script_location", MIGRATIONS_DIR)
    cfg.set_main_option("version_locations", os.path.join(MIGRATIONS_DIR, "versions"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def stamp(url: str, revision: str) -> None:
    command.stamp(alembic_config(url), revision)


def current(url: str, stdout) -> None:
    command.current(alembic_config(url, stdout), verbose=True)


def history(url: str, stdout) -> None:
    command.history(alembic_config(url, stdout), verbose=True)


def revision(url: str, message: str, autogenerate: bool, stdout) -> None:
    command.revision(alembic_config(url, stdout), message=message, autogenerate=autogenerate)
