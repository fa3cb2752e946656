"""Caches pecan's per-request signature inspection and routing; a shorter WSME argument path.

Pecan inspects controller signatures on every request (building a namedtuple class each
time); the signatures never change, so the result is cached per function. Routing walks
the controller tree for every request, although the same method and path always lead to
the same controller and arguments: the result of a successful walk is kept (with the
routing arguments pecan's RestController records on the request) in a bounded cache.

WSME looks for every argument of a function in the query parameters through generic
dispatch on its type, present or not; for functions whose arguments are all scalar types
(every GET here), ``_scalar_args_from_params`` converts the present ones only, with
WSME's own conversion and the same unknown-argument error.
"""

import collections
import functools
import threading

import pecan.core
import pecan.decorators
import pecan.rest
import pecan.routing
import pecan.util
import wsme.rest.args
import wsme.types
from wsme.exc import UnknownArgument

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


def _scalar_plan(funcdef):
    """``((name, datatype), ...)`` when no argument is an array, a dict or a complex type
    (which WSME also reads from dotted or indexed parameters); else None."""
    plan = []
    for argdef in funcdef.arguments:
        base = argdef.datatype
        while isinstance(base, wsme.types.UserType):
            base = base.basetype
        if isinstance(base, (wsme.types.ArrayType, wsme.types.DictType)) or (
            wsme.types.iscomplex(base) and base is not wsme.types.File
        ):
            return None
        plan.append((argdef.name, argdef.datatype))
    return tuple(plan)


def _scalar_args_from_params(args_from_params):
    plans = {}

    @functools.wraps(args_from_params)
    def wrapper(funcdef, params):
        try:
            plan = plans[funcdef]
        except KeyError:
            plan = plans[funcdef] = _scalar_plan(funcdef)
        if plan is None:
            return args_from_params(funcdef, params)
        kw = {}
        for name, datatype in plan:
            if name in params:
                kw[name] = wsme.rest.args.from_param(datatype, params[name])
        if not funcdef.ignore_extra_args:
            unknown = set(params.keys()) - set(kw)
            unknown.discard("__body__")
            if unknown:
                raise UnknownArgument(", ".join(unknown))
        return [], kw

    return wrapper


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
    wsme.rest.args.args_from_params = _scalar_args_from_params(wsme.rest.args.args_from_params)
    _applied = True
