"""Entry point for oslo-config-generator: every option group this service reads."""

from mistral_engine.conf import _MODULES


def list_opts():
    result = []
    for module in _MODULES:
        result.extend(module.list_opts())
    return result
