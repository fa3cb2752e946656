"""Fixtures for the action tests: config overrides, a stand-in expression evaluator."""

import re

import pytest
from oslo_config import cfg

import mistral_engine.conf  # noqa: F401  (registers [DEFAULT] js_implementation)
from mistral_engine.actions.std import http_opts


@pytest.fixture
def conf():
    """cfg.CONF with [action_std_http] registered; overrides are cleared afterwards."""
    http_opts.options()
    overrides = []

    def set_override(name, value, group=None):
        cfg.CONF.set_override(name, value, group=group)
        overrides.append((name, group))

    yield set_override
    for name, group in overrides:
        cfg.CONF.clear_override(name, group=group)


_EXPR = re.compile(r"<%\s*((?:(?!%>).)*?)\s*%>")


def _eval_one(expr, ctx):
    if expr == "$":
        return ctx
    if expr == "$.len()":
        return len(ctx)
    m = re.fullmatch(r"\$\.(\w+)(\.len\(\))?", expr)
    if m:
        value = ctx[m.group(1)]
        return len(value) if m.group(2) else value
    raise ValueError(f"stand-in evaluator cannot do {expr!r}")


def stand_in_evaluate(value, context, functions=None):
    """A tiny YAQL subset: ``$``, ``$.key``, ``.len()``; enough to test the plumbing."""
    if isinstance(value, dict):
        return {k: stand_in_evaluate(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [stand_in_evaluate(v, context) for v in value]
    if not isinstance(value, str):
        return value
    whole = _EXPR.fullmatch(value.strip())
    if whole:
        return _eval_one(whole.group(1), context)
    return _EXPR.sub(lambda m: str(_eval_one(m.group(1), context)), value)


@pytest.fixture
def evaluate():
    return stand_in_evaluate
