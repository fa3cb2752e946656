"""Options of the [engine] and [executor] groups."""

from oslo_config import cfg

ENGINE_OPTS = [
    cfg.StrOpt("engine", default="default", help="Mistral engine plugin"),
    cfg.HostAddressOpt("host", default="0.0.0.0", help="Name of the engine node."),
    cfg.StrOpt(
        "topic", default="mistral_engine", help="The message topic that the engine listens on."
    ),
    cfg.StrOpt("version", default="1.0", help="The version of the engine."),
    cfg.IntOpt(
        "event_threads",
        default=4,
        min=1,
        help="Threads of one engine process applying events (starts, action results...). "
        "Each event is a short transaction; more threads than this mostly add GIL and "
        "database contention (oslo.messaging's executor_thread_pool_size still sizes the "
        "executor's pool, whose actions may run long).",
    ),
    cfg.IntOpt(
        "execution_field_size_limit_kb",
        default=1024,
        help="The default maximum size in KB of large text fields of runtime "
        "execution objects. Use -1 for no limit.",
    ),
    cfg.IntOpt(
        "action_definition_cache_time",
        default=60,
        help="A number of seconds since the last update of an action definition "
        "after which Mistral will start using a new version.",
    ),
    cfg.StrOpt(
        "merge_strategy",
        default="replace",
        choices=["replace", "merge"],
        help="Merge strategy of the data inside the workflow execution.",
    ),
]

EXECUTOR_OPTS = [
    cfg.StrOpt("type", default="remote", choices=["local", "remote"], help="Type of executor."),
    cfg.HostAddressOpt("host", default="0.0.0.0", help="Name of the executor node."),
    cfg.StrOpt(
        "topic", default="mistral_executor", help="The message topic that the executor listens on."
    ),
    cfg.StrOpt("version", default="1.0", help="The version of the executor."),
]

SCHEDULER_OPTS = [
    cfg.FloatOpt(
        "fixed_delay",
        default=1.0,
        min=0.01,
        help="Longest pause, in seconds, between two looks for due jobs. A job this process "
        "schedules wakes it at the job's time; this bounds the delay of jobs scheduled by "
        "other engines.",
    ),
    cfg.FloatOpt(
        "random_delay",
        default=0.0,
        min=0,
        help="Up to this many seconds are added at random to each pause, so that many "
        "engines do not look at the same instant.",
    ),
    cfg.IntOpt("batch_size", default=100, min=1, help="Due jobs claimed at one look."),
    cfg.IntOpt(
        "captured_job_timeout",
        default=30,
        min=1,
        help="Seconds after which a job claimed by a scheduler that did not run it (its "
        "process died) may be claimed again.",
    ),
]

CRON_TRIGGER_OPTS = [
    cfg.BoolOpt(
        "enabled",
        default=True,
        help="If this value is set to False then the "
        "subsystem of cron triggers is disabled. Disabling cron triggers increases "
        "system performance.",
    ),
    cfg.IntOpt(
        "execution_interval",
        default=1,
        min=1,
        help="This setting defines how frequently Mistral checks for cron triggers "
        "that need execution. By default this is every second.",
    ),
]


def list_opts():
    return [
        ("engine", ENGINE_OPTS),
        ("executor", EXECUTOR_OPTS),
        ("scheduler", SCHEDULER_OPTS),
        ("cron_trigger", CRON_TRIGGER_OPTS),
    ]
