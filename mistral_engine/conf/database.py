"""Options of the [database] group, named as oslo.db names them."""

from oslo_config import cfg

OPTS = [
    cfg.StrOpt(
        "connection",
        secret=True,
        default="sqlite:///mistral.sqlite",
        help="The SQLAlchemy connection string to use to connect to the database.",
    ),
    cfg.IntOpt(
        "max_pool_size", default=5, help="Maximum number of SQL connections to keep open in a pool."
    ),
    cfg.IntOpt(
        "max_overflow", default=50, help="If set, use this value for max_overflow with SQLAlchemy."
    ),
    cfg.IntOpt(
        "pool_timeout", default=30, help="If set, use this value for pool_timeout with SQLAlchemy."
    ),
    cfg.IntOpt(
        "connection_recycle_time",
        default=3600,
        help="Connections which have been "
        "present in the connection pool longer than this number of seconds will be "
        "replaced with a new one the next time they are checked out from the pool.",
    ),
    cfg.IntOpt(
        "max_retries",
        default=10,
        help="Maximum number of database connection "
        "retries during startup and of deadlock retries of one transaction.",
    ),
    cfg.FloatOpt(
        "retry_interval",
        default=0.5,
        help="Interval between retries of a deadlocked transaction (grows linearly).",
    ),
    cfg.BoolOpt("connection_debug", default=False, help="Log every SQL statement."),
]


def list_opts():
    return [("database", OPTS)]
