"""Lookup of system actions: std.*, ``mistral.actions`` plugins, action providers."""

import sys
import textwrap

import pytest

from mistral_engine import exceptions
from mistral_engine.actions import (
    catalogue,
    get_system_action_class,
    instantiate,
    is_engine_local,
    is_system_action,
    plugin_actions,
    registry,
    run_action,
)
from mistral_engine.actions.std import CLASSES


def test_every_catalogue_action_has_an_implementation():
    for action in catalogue.ACTIONS:
        if action.definition:
            assert get_system_action_class(action.name) is None  # ad-hoc (std.wait_ssh)
            continue
        cls = get_system_action_class(action.name)
        assert cls is CLASSES[action.name]
        from mistral_engine.actions import params_string

        assert params_string(cls) == action.input
        assert cls.is_sync(cls.__new__(cls)) is action.is_sync


def test_unknown():
    assert get_system_action_class("no.such.action") is None
    assert not is_system_action("no.such.action")


def test_engine_local():
    assert is_engine_local("std.noop")
    assert is_engine_local("std.echo")
    assert is_engine_local("std.fail")
    assert is_engine_local("std.echo", {"output": 1, "delay": 0})
    assert not is_engine_local("std.echo", {"output": 1, "delay": 2})
    assert not is_engine_local("std.http")
    assert not is_engine_local("std.sleep")


@pytest.fixture
def fake_dist(tmp_path, monkeypatch):
    pkg = tmp_path / "fakepack"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            '''
            from mistral_lib import actions

            class Greet(actions.Action):
                """Greets."""

                def __init__(self, name, loud=False):
                    self.name, self.loud = name, loud

                def run(self, context):
                    text = "hi " + self.name
                    return text.upper() if self.loud else text

            class NotAnAction:
                pass

            class Desc:
                name = "fake.provided"
                params_spec = "x"
                description = "Provided."
                action_class = Greet

            class Provider:
                def __init__(self, name):
                    self.name = name

                def find(self, action_name, namespace=None):
                    return Desc() if action_name == "fake.provided" else None

                def find_all(self, **kwargs):
                    return [Desc()]

            class Base(actions.Action):
                """Calls a client method."""

                client_method_name = None

                def __init__(self, **kwargs):
                    self.kwargs = kwargs

                def run(self, context):
                    return [self.client_method_name, self.kwargs]

            class Generator:
                base_action_class = Base

                @classmethod
                def create_actions(cls):
                    made = type("servers_list", (Base,), {"client_method_name": "servers.list"})
                    return [
                        {
                            "name": "fake.servers_list",
                            "description": "Lists servers.",
                            "arg_list": 'limit=null, action_region=""',
                            "class": made,
                        }
                    ]

            def generators():
                yield Generator
            '''
        )
    )
    dist = tmp_path / "fakepack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fakepack\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[mistral.actions]\n"
        "fake.greet = fakepack:Greet\n"
        "fake.bad = fakepack:NotAnAction\n"
        "fake.broken = fakepack:DoesNotExist\n"
        "std.echo = fakepack:Greet\n"
        "\n[mistral.action.providers]\n"
        "fake = fakepack:Provider\n"
        "legacy = mistral.actions.legacy:LegacyActionProvider\n"
        "\n[mistral.generators]\n"
        "fake = fakepack:generators\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.reload()
    yield
    sys.modules.pop("fakepack", None)
    registry.reload()


def test_entry_point_plugin(fake_dist):
    cls = get_system_action_class("fake.greet")
    assert cls.__name__ == "Greet"
    assert run_action(instantiate(cls, {"name": "x", "loud": True}, "fake.greet"), "a").data == (
        "HI X"
    )
    assert get_system_action_class("fake.bad") is None
    assert get_system_action_class("fake.broken") is None
    assert get_system_action_class("std.echo") is CLASSES["std.echo"]  # std wins
    assert is_system_action("fake.greet")


def test_provider(fake_dist):
    assert registry.find_provider_descriptor("fake.provided").name == "fake.provided"
    assert get_system_action_class("fake.provided").__name__ == "Greet"
    listed = {a.name: a for a in plugin_actions()}
    assert listed["fake.greet"].input == "name, loud=false"
    assert listed["fake.greet"].description == "Greets."
    assert listed["fake.provided"].input == "x"
    assert "std.echo" not in listed


def test_without_plugins_nothing_extra():
    registry.reload()
    assert get_system_action_class("fake.greet") is None


def test_generated_action(fake_dist):
    cls = get_system_action_class("fake.servers_list")
    assert (cls.__module__, cls.__name__, cls.client_method_name) == (
        "fakepack",
        "Base",
        "servers.list",
    )
    assert is_system_action("fake.servers_list")
    action = instantiate(cls, {"limit": 2}, "fake.servers_list")
    assert run_action(action, "a").data == ["servers.list", {"limit": 2}]
    with pytest.raises(exceptions.InputException) as raised:
        instantiate(cls, {"flavor": 1}, "fake.servers_list")
    assert str(raised.value) == (
        "Invalid input [name=fake.servers_list, class=fakepack.Base, unexpected=['flavor']]"
    )
    listed = {a.name: a for a in plugin_actions()}
    assert (listed["fake.servers_list"].input, listed["fake.servers_list"].description) == (
        'limit=null, action_region=""',
        "Lists servers.",
    )
