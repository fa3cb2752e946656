"""Options of the [api] group: where the REST API listens and how lists behave."""

from oslo_config import cfg

OPTS = [
    cfg.HostAddressOpt("host", default="127.0.0.1", help="Mistral API server host"),
    cfg.PortOpt("port", default=8989, help="Mistral API server port"),
    cfg.BoolOpt(
        "allow_action_execution_deletion",
        default=False,
        help="Enables the ability to delete action_execution which has no relationship "
        "with workflows.",
    ),
    cfg.BoolOpt(
        "enable_ssl_api",
        default=False,
        help="Enable the integrated stand-alone API to service requests via HTTPS instead of HTTP.",
    ),
    cfg.IntOpt(
        "api_workers",
        default=1,
        help="Number of threads' worth of API workers (the API always serves with a thread pool).",
    ),
    cfg.IntOpt(
        "api_threads",
        default=8,
        min=1,
        help="Size of the API server's thread pool. More threads than cores mostly add GIL "
        "contention; raise it when many requests wait on long engine calls.",
    ),
    cfg.StrOpt(
        "validation_mode",
        default="mandatory",
        choices=["enabled", "mandatory", "disabled"],
        help="Defines in what cases Mistral will be validating the syntax of workflow YAML "
        "definitions.",
    ),
    cfg.IntOpt(
        "max_limit",
        default=1000,
        min=1,
        help="The maximum number of items returned in a single response.",
    ),
    cfg.BoolOpt(
        "enable_info_endpoint",
        default=False,
        help="Enable API for exposing info json about the current Mistral build.",
    ),
    cfg.StrOpt(
        "info_json_file_path",
        default="info.json",
        help="Specify the path to info json file for the info endpoint.",
    ),
    cfg.IntOpt(
        "max_request_body_kb",
        default=1024,
        min=1,
        help="Largest request body accepted, in kilobytes; larger bodies get 413.",
    ),
]


def list_opts():
    return [("api", OPTS)]
