"""WSGI entry point for uWSGI or gunicorn: ``gunicorn mistral_api.wsgi:application``.

Reads ``MISTRAL_CONFIG_FILE`` (default ``/etc/mistral/mistral.conf`` when it exists).
"""

import os

from oslo_config import cfg

from mistral_api import app as api_app
from mistral_engine import conf as _conf  # noqa: F401  registers the options

_path = os.environ.get("MISTRAL_CONFIG_FILE", "/etc/mistral/mistral.conf")
cfg.CONF([], project="mistral", default_config_files=[_path] if os.path.exists(_path) else [])

application = api_app.setup_app(cfg.CONF)
