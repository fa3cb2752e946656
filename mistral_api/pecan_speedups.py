"""Caches pecan's per-request signature inspection.

Pecan inspects controller signatures on every request (building a namedtuple class each
time); the signatures never change, so the result is cached per function.
"""

import functools

import pecan.core
import pecan.decorators
import pecan.rest
import pecan.routing
import pecan.util

_applied = False


def _key(func):
    return getattr(func, "__func__", func)


def _cached(inspect_func):
    cache = {}

    @functools.wraps(inspect_func)
    def wrapper(func):
        key = _key(func)
        try:
            return cache[key]
        except (KeyError, TypeError):
            result = inspect_func(func)
            try:
                cache[key] = result
            except TypeError:
                pass
            return result

    return wrapper


def apply() -> None:
    global _applied
    if _applied:
        return
    pecan.util._getargspec = _cached(pecan.util._getargspec)
    cached = _cached(pecan.util.getargspec)
    for module in (pecan.util, pecan.core, pecan.routing, pecan.decorators, pecan.rest):
        if hasattr(module, "getargspec"):
            module.getargspec = cached
    _applied = True
