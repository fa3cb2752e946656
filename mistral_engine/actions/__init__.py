"""Actions: the std.* catalogue and implementations, lookup, input checks, ad-hoc and
dynamic actions, and the runner. Pure: the engine passes in whatever comes from the DB.
"""

from mistral_engine.actions.adhoc import check_input as check_adhoc_input
from mistral_engine.actions.adhoc import expand_adhoc, transform_output
from mistral_engine.actions.dynamic import load_dynamic_action_class
from mistral_engine.actions.inputs import (
    check_class_input,
    class_display_name,
    descriptor_repr,
    instantiate,
    params_string,
)
from mistral_engine.actions.registry import (
    find_provider_descriptor,
    get_system_action_class,
    is_engine_local,
    is_system_action,
    plugin_actions,
)
from mistral_engine.actions.runner import build_context, error_text, run_action

__all__ = [
    "build_context",
    "check_adhoc_input",
    "check_class_input",
    "class_display_name",
    "descriptor_repr",
    "error_text",
    "expand_adhoc",
    "find_provider_descriptor",
    "get_system_action_class",
    "instantiate",
    "is_engine_local",
    "is_system_action",
    "load_dynamic_action_class",
    "params_string",
    "plugin_actions",
    "run_action",
    "transform_output",
]
