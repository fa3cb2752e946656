"""Options of the ``[action_std_http]`` group (Mistral 23's std.http egress policy)."""

from oslo_config import cfg

GROUP = "action_std_http"

OPTS = [
    cfg.ListOpt(
        "allowed_hosts",
        default=[],
        help="Optional allow-list of hostnames that the std.http action may connect to. "
        "If empty (the default) any host is allowed except those blocked by the egress "
        "policy; if set, only these hosts are allowed.",
    ),
    cfg.ListOpt(
        "denied_cidrs",
        default=["127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10"],
        help="CIDR ranges that outbound std.http requests may not target (SSRF mitigation). "
        "Defaults to loopback and link-local. An empty list disables the address check "
        "(the http/https scheme check and allowed_hosts still apply).",
    ),
    cfg.IntOpt(
        "default_timeout",
        default=60,
        min=0,
        help="Default timeout (seconds) applied to a std.http request when the action does "
        "not set its own timeout. 0 means no default timeout (not recommended).",
    ),
    cfg.IntOpt(
        "max_response_size_bytes",
        default=5242880,
        min=0,
        help="Maximum size (bytes) of a std.http response, checked against the response "
        "Content-Length before buffering it into the action result. 0 disables the check.",
    ),
]


def list_opts():
    return [(GROUP, OPTS)]


def options(conf: cfg.ConfigOpts | None = None):
    """The group's values, registering the options first if nobody has yet."""
    conf = cfg.CONF if conf is None else conf
    conf.register_opts(OPTS, group=GROUP)  # idempotent for these same objects
    return conf[GROUP]
