"""Dynamic actions: action classes defined by the Python text of a code source."""

import threading
import types
from collections import OrderedDict

_CACHE_SIZE = 128
_cache: "OrderedDict[tuple, types.ModuleType]" = OrderedDict()
_lock = threading.Lock()


def load_module(name: str, content: str) -> types.ModuleType:
    """Execute ``content`` in a fresh module named after the code source."""
    module = types.ModuleType(name)
    exec(compile(content, f"<code source {name}>", "exec"), module.__dict__)
    return module


def load_dynamic_action_class(
    code_source_name: str,
    code_source_content: str,
    class_name: str,
    code_source_id: str | None = None,
    version: int | None = None,
) -> type:
    """The class ``class_name`` from the code source (AttributeError when absent).

    Modules are cached by ``(code_source_id, version)``; a new version (every PUT of
    the code source) executes the text again. Without an id nothing is cached.
    """
    key = (code_source_id, version)
    module = None
    if code_source_id is not None:
        with _lock:
            module = _cache.get(key)
            if module is not None:
                _cache.move_to_end(key)
    if module is None:
        module = load_module(code_source_name, code_source_content)
        if code_source_id is not None:
            with _lock:
                # Older versions of the same code source are dead weight now.
                for old in [k for k in _cache if k[0] == code_source_id]:
                    del _cache[old]
                _cache[key] = module
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    return getattr(module, class_name)


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def cached_keys() -> list[tuple]:
    with _lock:
        return list(_cache)
