"""Input checks with Mistral's exact texts; parameter strings."""

import pytest

from mistral_engine import exceptions as exc
from mistral_engine.actions import (
    check_class_input,
    descriptor_repr,
    get_system_action_class,
    instantiate,
    params_string,
)


def _error(name, params):
    with pytest.raises(exc.InputException) as e:
        instantiate(get_system_action_class(name), params, name)
    return str(e.value)


def test_unexpected():
    assert _error("std.echo", {"output": 1, "bogus": 2}) == (
        "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, "
        "unexpected=['bogus']]"
    )


def test_missing():
    assert _error("std.echo", {}) == (
        "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, "
        "missing=['output']]"
    )


def test_missing_and_unexpected_in_order():
    assert _error("std.email", {"zz": 1, "to_addrs": [], "aa": 2}) == (
        "Invalid input [name=std.email, class=mistral.actions.std_actions.SendEmailAction, "
        "missing=['from_addr', 'smtp_server'], unexpected=['zz', 'aa']]"
    )


def test_exception_is_400():
    with pytest.raises(exc.InputException) as e:
        check_class_input(get_system_action_class("std.noop"), {"x": 1}, "std.noop")
    assert e.value.http_code == 400


def test_plugin_class_names_and_kwargs():
    class Mine:
        def __init__(self, a, b=1, **rest):
            self.a, self.b, self.rest = a, b, rest

    class Strict:
        def __init__(self, a, when=object()):
            pass

    assert params_string(Mine) == "a, b=1, **rest"
    assert params_string(Strict) == "a"  # mistral-lib drops non-JSON defaults
    assert instantiate(Mine, {"a": 0, "zzz": 1}).rest == {"zzz": 1}  # ** disables the check
    with pytest.raises(exc.InputException) as e:
        instantiate(Strict, {})
    assert str(e.value) == (
        f"Invalid input [name={Strict.__module__}.Strict, class={Strict.__module__}.Strict, "
        "missing=['a']]"
    )


def test_descriptor_repr():
    assert descriptor_repr("std.http", get_system_action_class("std.http")) == (
        "Python action [name=std.http, cls=<class 'mistral.actions.std_actions.HTTPAction'>]"
    )
