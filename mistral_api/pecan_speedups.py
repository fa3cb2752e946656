"""Caches pecan's per-request signature inspection and routing.

Pecan inspects controller signatures on every request (building a namedtuple class each
time); the signatures never change, so the result is cached per function. Routing walks
the controller tree for every request, although the same method and path always lead to
the same controller and arguments: the result of a successful walk is kept (with the
routing arguments pecan's RestController records on the request) in a bounded cache.
"""

import collections
import functools
import threading

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


ROUTE_CACHE_SIZE = 4096


def _cached_route(route):
    cache: collections.OrderedDict = collections.OrderedDict()
    lock = threading.Lock()

    @functools.wraps(route)
    def cached_route(self, req, node, path):
        if "_method" in req.GET or req.content_type == "application/x-www-form-urlencoded":
            return route(self, req, node, path)  # the method may be overridden per request
        key = (id(node), req.method, path)
        with lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
        if hit is not None:
            controller, remainder, routing_args = hit
            if routing_args:
                req.pecan["routing_args"] = list(routing_args)
            return controller, remainder
        already = list(req.pecan.get("routing_args", ()))
        controller, remainder = route(self, req, node, path)
        routing_args = tuple(req.pecan.get("routing_args", ()))
        if not already:
            with lock:
                cache[key] = (controller, tuple(remainder), routing_args)
                if len(cache) > ROUTE_CACHE_SIZE:
                    cache.popitem(last=False)
        return controller, remainder

    return cached_route


def apply() -> None:
    global _applied
    if _applied:
        return
    pecan.core.PecanBase.route = _cached_route(pecan.core.PecanBase.route)
    pecan.util._getargspec = _cached(pecan.util._getargspec)
    cached = _cached(pecan.util.getargspec)
    for module in (pecan.util, pecan.core, pecan.routing, pecan.decorators, pecan.rest):
        if hasattr(module, "getargspec"):
            module.getargspec = cached
    _applied = True
