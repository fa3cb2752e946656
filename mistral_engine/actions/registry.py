"""Finding system actions: std.*, ``mistral.actions`` plugins, ``mistral.generators``
(mistral-extra's OpenStack actions) and ``mistral.action.providers``."""

import functools
import importlib.metadata
import inspect
import logging
import typing

from mistral_lib import actions as ml_actions
from mistral_lib.utils import inspect_utils as i_utils

from mistral_engine.actions import catalogue, inputs
from mistral_engine.actions.std import CLASSES as STD_CLASSES

LOG = logging.getLogger(__name__)

PLUGIN_GROUP = "mistral.actions"
PROVIDER_GROUP = "mistral.action.providers"
GENERATOR_GROUP = "mistral.generators"

# Run by the engine inside its own transaction instead of going to an executor.
_ENGINE_LOCAL = frozenset({"std.noop", "std.echo", "std.fail"})


def _entry_points(group: str) -> list:
    try:
        return list(importlib.metadata.entry_points(group=group))
    except Exception:  # a broken distribution must not take the engine down
        LOG.exception("Failed to read the %s entry points", group)
        return []


@functools.lru_cache(maxsize=1)
def _plugins() -> dict[str, type]:
    """Action classes registered under ``mistral.actions`` (first registration wins)."""
    found: dict[str, type] = {}
    for ep in _entry_points(PLUGIN_GROUP):
        if ep.name in found or ep.name in STD_CLASSES:
            continue
        try:
            cls = ep.load()
        except Exception:
            LOG.exception("Failed to load the action plugin %s (%s)", ep.name, ep.value)
            continue
        if isinstance(cls, type) and issubclass(cls, ml_actions.Action):
            found[ep.name] = cls
        else:
            LOG.warning("Ignoring action plugin %s: %r is not a mistral-lib Action", ep.name, cls)
    return found


class _Generated(typing.NamedTuple):
    action_class: type
    input: str
    description: str


def _generated_class(base: type, attrs: dict, arg_list: str) -> type:
    """``base`` with a generated action's attributes (e.g. ``client_method_name``).

    The constructor carries the generator's parameter string as ``__arguments__``, so
    listing and input checks use it as Mistral's descriptor does; the class keeps the
    base's module and name, which Mistral shows as the action's class.
    """

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)

    __init__.__arguments__ = arg_list
    namespace = dict(attrs, __init__=__init__, __module__=base.__module__, __doc__=base.__doc__)
    return type(base.__name__, (base,), namespace)


@functools.lru_cache(maxsize=1)
def _generated() -> dict[str, _Generated]:
    """Actions made by the generators under ``mistral.generators`` (mistral-extra's
    OpenStack actions). Each entry point is a function returning generator classes;
    later registrations of a name replace earlier ones, as in Mistral's legacy provider."""
    found: dict[str, _Generated] = {}
    for ep in _entry_points(GENERATOR_GROUP):
        try:
            generators = list(ep.load()() or ())
        except Exception:
            LOG.exception("Failed to load the action generators %s (%s)", ep.name, ep.value)
            continue
        for generator in generators:
            try:
                actions = list(generator.create_actions())
            except Exception:
                LOG.exception("Action generator %r failed to create its actions", generator)
                continue
            for action in actions:
                attrs = i_utils.get_public_fields(action["class"])
                arg_list = action.get("arg_list") or ""
                found[action["name"]] = _Generated(
                    _generated_class(generator.base_action_class, attrs, arg_list),
                    arg_list,
                    action.get("description") or "",
                )
    return found


@functools.lru_cache(maxsize=1)
def _providers() -> tuple:
    """Instances of third-party action providers (e.g. mistral-extra), when installed.

    Mistral's own providers (legacy, adhoc, dynamic) live in the ``mistral`` package and
    need its database: this engine replaces them, so they are skipped.
    """
    providers = []
    for ep in _entry_points(PROVIDER_GROUP):
        if ep.value.startswith("mistral."):
            continue
        try:
            providers.append(ep.load()(ep.name))
        except Exception:
            LOG.exception("Failed to instantiate the action provider %s (%s)", ep.name, ep.value)
    return tuple(providers)


def reload() -> None:
    """Forget discovered plugins and providers (after installing a package, in tests)."""
    _plugins.cache_clear()
    _generated.cache_clear()
    _providers.cache_clear()


def get_system_action_class(name: str) -> type | None:
    """The Python class of a system action, or None (ad-hoc std.wait_ssh is not a class)."""
    cls = STD_CLASSES.get(name) or _plugins().get(name)
    if cls is not None:
        return cls
    generated = _generated().get(name)
    if generated is not None:
        return generated.action_class
    desc = find_provider_descriptor(name)
    return getattr(desc, "action_class", None) if desc is not None else None


def find_provider_descriptor(name: str, namespace: str = ""):
    """A mistral-lib ActionDescriptor from a third-party provider, or None."""
    for provider in _providers():
        try:
            desc = provider.find(name, namespace=namespace)
        except Exception:
            LOG.exception("Action provider %s failed to look up %s", provider.name, name)
            continue
        if desc is not None:
            return desc
    return None


def is_system_action(name: str) -> bool:
    return (
        catalogue.is_system_action(name)
        or name in _plugins()
        or name in _generated()
        or find_provider_descriptor(name) is not None
    )


def plugin_actions() -> list[catalogue.SystemAction]:
    """Plugin and provider actions in the catalogue's form (for listing and populate)."""
    result = [
        catalogue.SystemAction(
            name=name,
            input=inputs.params_string(cls),
            description=_doc(cls),
            is_sync=_is_sync_class(cls),
        )
        for name, cls in _plugins().items()
    ]
    seen = {a.name for a in result} | set(catalogue.BY_NAME)
    for name, generated in _generated().items():
        if name in seen:
            continue
        seen.add(name)
        result.append(
            catalogue.SystemAction(
                name=name, input=generated.input, description=generated.description
            )
        )
    for provider in _providers():
        try:
            descs = list(provider.find_all())
        except Exception:
            LOG.exception("Action provider %s failed to list its actions", provider.name)
            continue
        for desc in descs:
            if desc.name in seen:
                continue
            seen.add(desc.name)
            result.append(
                catalogue.SystemAction(
                    name=desc.name, input=desc.params_spec or "", description=desc.description
                )
            )
    return result


def _doc(cls: type) -> str:
    return inspect.getdoc(cls) or ""


def _is_sync_class(cls: type) -> bool:
    try:
        return bool(cls.is_sync(cls.__new__(cls)))
    except Exception:
        return True


def is_engine_local(name: str, input_dict: dict | None = None) -> bool:
    """True for std.noop/std.echo/std.fail, which the engine runs itself.

    std.echo with a positive ``delay`` would stall the engine, so it goes to an executor.
    """
    if name not in _ENGINE_LOCAL:
        return False
    if name == "std.echo" and input_dict:
        return STD_CLASSES["std.echo"](output=None, delay=input_dict.get("delay", 0))._delay == 0
    return True
