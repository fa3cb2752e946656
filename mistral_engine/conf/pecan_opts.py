"""Options of the [pecan] group and the auth switches of [DEFAULT]."""

from oslo_config import cfg

OPTS = [
    cfg.StrOpt(
        "root", default="mistral_api.controllers.root.RootController", help="Pecan root controller"
    ),
    cfg.ListOpt(
        "modules",
        default=["mistral_api"],
        help="A list of modules where pecan will search for applications.",
    ),
    cfg.BoolOpt(
        "debug",
        default=False,
        help="Enables the ability to display tracebacks in the browser and "
        "interactively debug during development.",
    ),
    cfg.BoolOpt("auth_enable", default=True, help="Enables user authentication in pecan."),
]

DEFAULT_OPTS = [
    cfg.StrOpt(
        "auth_type",
        default="keystone",
        help="Authentication type (valid options: keystone, keycloak-oidc)",
    ),
    cfg.StrOpt(
        "js_implementation",
        default="pyv8",
        choices=["pyv8", "v8eval", "py_mini_racer"],
        help="The JavaScript implementation to be used by the std.javascript action.",
    ),
]


def list_opts():
    return [("pecan", OPTS), (None, DEFAULT_OPTS)]
