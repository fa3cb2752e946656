"""Dynamic actions: classes loaded from code source text, cached by (id, version)."""

import pytest

from mistral_engine.actions import dynamic, instantiate, load_dynamic_action_class, run_action

CODE_V1 = """
from mistral_lib import actions

class Hello(actions.Action):
    def __init__(self, who):
        self.who = who

    def run(self, context):
        return "hello " + self.who
"""
CODE_V2 = CODE_V1.replace('"hello "', '"bye "')


@pytest.fixture(autouse=True)
def _clean():
    dynamic.clear_cache()
    yield
    dynamic.clear_cache()


def test_load_and_run():
    cls = load_dynamic_action_class("my_src", CODE_V1, "Hello", "cs-1", 1)
    assert cls.__module__ == "my_src"
    action = instantiate(cls, {"who": "w"}, "my.hello")
    assert run_action(action, "ax").data == "hello w"


def test_cache_by_id_and_version():
    a = load_dynamic_action_class("my_src", CODE_V1, "Hello", "cs-1", 1)
    b = load_dynamic_action_class("my_src", "raise SystemExit('not executed')", "Hello", "cs-1", 1)
    assert a is b
    c = load_dynamic_action_class("my_src", CODE_V2, "Hello", "cs-1", 2)
    assert c is not a
    assert run_action(c(who="w"), "ax").data == "bye w"
    assert dynamic.cached_keys() == [("cs-1", 2)]


def test_no_id_no_cache():
    a = load_dynamic_action_class("s", CODE_V1, "Hello")
    b = load_dynamic_action_class("s", CODE_V1, "Hello")
    assert a is not b
    assert dynamic.cached_keys() == []


def test_missing_class_is_attribute_error():
    with pytest.raises(AttributeError):
        load_dynamic_action_class("s", CODE_V1, "Nope", "cs-2", 1)


def test_syntax_error_surfaces():
    with pytest.raises(SyntaxError):
        load_dynamic_action_class("s", "def (", "X", "cs-3", 1)
