"""``mistral-db-manage``: upgrade, current, history, revision, stamp and populate."""

import sys

from oslo_config import cfg

from mistral_db import migration
from mistral_engine import conf as _conf  # noqa: F401  registers the options


def _add_commands(subparsers):
    upgrade = subparsers.add_parser("upgrade")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = subparsers.add_parser("downgrade")
    downgrade.add_argument("revision")
    stamp = subparsers.add_parser("stamp")
    stamp.add_argument("revision")
    subparsers.add_parser("current")
    subparsers.add_parser("history")
    revision = subparsers.add_parser("revision")
    revision.add_argument("-m", "--message", default="")
    revision.add_argument("--autogenerate", action="store_true")
    subparsers.add_parser("populate")


def main(argv=None) -> None:
    conf = cfg.CONF
    conf.register_cli_opt(cfg.SubCommandOpt("command", handler=_add_commands))
    conf(sys.argv[1:] if argv is None else argv, project="mistral", default_config_files=[])
    url = conf.database.connection
    name = conf.command.name
    if name == "upgrade":
        migration.upgrade(url, conf.command.revision)
    elif name == "downgrade":
        migration.downgrade(url, conf.command.revision)
    elif name == "stamp":
        migration.stamp(url, conf.command.revision)
    elif name == "current":
        migration.current(url, sys.stdout)
    elif name == "history":
        migration.history(url, sys.stdout)
    elif name == "revision":
        migration.revision(url, conf.command.message, conf.command.autogenerate, sys.stdout)
    elif name == "populate":
        from mistral_db import session as db_session
        from mistral_engine.services import populate

        db_session.configure_from_conf(conf)
        count = populate.populate_system_actions()
        print(f"Registered {count} system actions.")
