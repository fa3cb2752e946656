"""Carries the request context across RPC: a RequestContext becomes a dict and back."""

import dataclasses

import oslo_messaging as messaging

from mistral_engine.context import RequestContext


class ContextSerializer(messaging.NoOpSerializer):
    def serialize_context(self, ctx):
        if isinstance(ctx, RequestContext):
            values = dataclasses.asdict(ctx)
            values["roles"] = list(ctx.roles)
            return values
        return ctx or {}

    def deserialize_context(self, ctx):
        if isinstance(ctx, RequestContext):
            return ctx
        values = dict(ctx or {})
        known = {f.name for f in dataclasses.fields(RequestContext)}
        values = {k: v for k, v in values.items() if k in known}
        values["roles"] = tuple(values.get("roles") or ())
        return RequestContext(**values)
