"""Configuration: every option group Mistral operators know, registered on one CONF.

Group and option names follow Mistral's so an existing mistral.conf works unchanged.
"""

from oslo_config import cfg

from mistral_engine.actions.std import http_opts
from mistral_engine.conf import api, database, engine, pecan_opts

CONF = cfg.CONF

_MODULES = (api, database, engine, pecan_opts, http_opts)


def register_all(conf: cfg.ConfigOpts = CONF) -> None:
    for module in _MODULES:
        for group, opts in module.list_opts():
            conf.register_opts(opts, group=group)


register_all()
