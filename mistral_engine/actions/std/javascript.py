"""std.javascript / std.js: evaluate a script with the engine chosen by js_implementation."""

import json

from oslo_config import cfg

from mistral_engine import exceptions as exc
from mistral_engine.actions.std.base import StdAction


def _implementation() -> str:
    try:
        return cfg.CONF.js_implementation
    except cfg.NoSuchOptError:
        return "pyv8"


def _py_mini_racer(script: str, ctx) -> object:
    try:
        from py_mini_racer import MiniRacer  # shipped by the "mini-racer" package
    except ImportError:
        raise exc.MistralException(
            "PyMiniRacer module is not available. Please install PyMiniRacer."
        )
    # JSON round trip: plain Python values, as the old PyMiniRacer returned them.
    source = f"$ = {json.dumps(ctx)}; JSON.stringify((function () {{\n{script}\n}})())"
    out = MiniRacer().eval(source)
    return json.loads(out) if isinstance(out, str) else None


def _pyv8(script: str, ctx) -> object:
    try:
        import PyV8
    except ImportError:
        raise exc.MistralException("PyV8 module is not available. Please install PyV8.")
    with PyV8.JSContext() as js_ctx:
        js_ctx.eval(f"$ = {json.dumps(ctx)}")
        return PyV8.convert(js_ctx.eval(f"function f() {{\n{script}\n}}\nf()"))


def _v8eval(script: str, ctx) -> object:
    try:
        import v8eval
    except ImportError:
        raise exc.MistralException("v8eval module is not available. Please install v8eval.")
    return v8eval.V8().eval(f"$ = {json.dumps(ctx)}; function f() {{\n{script}\n}}\nf()")


_EVALUATORS = {"py_mini_racer": _py_mini_racer, "pyv8": _pyv8, "v8eval": _v8eval}


def evaluate(script: str, ctx) -> object:
    """Run ``script`` as a function body with ``$`` bound to ``ctx``; return its value."""
    return _EVALUATORS[_implementation()](script, ctx)


class JavaScriptAction(StdAction):
    """Evaluates given JavaScript."""

    mistral_class = "JavaScriptAction"

    def __init__(self, script, context=None):
        super().__init__()
        self.script = script
        self.js_context = context

    def run(self, context):
        try:
            return evaluate(self.script, self.js_context)
        except Exception as e:
            raise exc.ActionException(f"JavaScriptAction failed: {e}")

    def test(self, context):
        return self.script
