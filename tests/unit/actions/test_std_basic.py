"""std.noop, std.async_noop, std.echo, std.fail, std.sleep, std.test_dict."""

import time

import pytest
from mistral_lib import actions as ml_actions

from mistral_engine import exceptions as exc
from mistral_engine.actions import get_system_action_class, instantiate, run_action


def _run(name, **params):
    return run_action(instantiate(get_system_action_class(name), params, name), "ax-1")


def test_noop_and_async_noop():
    res = _run("std.noop")
    assert (res.data, res.error) == (None, None)
    assert get_system_action_class("std.noop")().is_sync() is True
    assert get_system_action_class("std.async_noop")().is_sync() is False
    assert _run("std.async_noop").data is None


def test_echo_returns_output_unchanged():
    out = {"a": [1, 2, {"b": None}]}
    res = _run("std.echo", output=out)
    assert res.data == {"a": [1, 2, {"b": None}]}
    assert res.error is None


@pytest.mark.parametrize("delay, expected", [(0.2, 0.2), ("0.1", 0.1), (-3, 0), ("x", 0)])
def test_echo_delay_is_lenient(delay, expected):
    action = get_system_action_class("std.echo")(output=1, delay=delay)
    assert action._delay == expected


def test_echo_sleeps_for_delay():
    start = time.monotonic()
    assert _run("std.echo", output="x", delay=0.2).data == "x"
    assert time.monotonic() - start >= 0.2


def test_fail_without_data_raises_mistral_text():
    action = get_system_action_class("std.fail")()
    assert str(action) == "Fail action"
    with pytest.raises(exc.ActionException) as e:
        action.run(None)
    assert str(e.value) == "Fail action expected exception."
    res = run_action(action, "ax-7")
    assert res.error == (
        "The action raised an exception [action=Fail action, action_ex_id=ax-7, "
        "msg='Fail action expected exception.']"
    )
    assert res.data is None


@pytest.mark.parametrize("falsy", [0, "", None, {}, []])
def test_fail_with_falsy_data_raises(falsy):
    res = _run("std.fail", error_data=falsy)
    assert res.error.startswith("The action raised an exception [action=Fail action")


@pytest.mark.parametrize("data", ["boom", {"code": 7, "why": "x"}, [1], 3])
def test_fail_with_data_is_error_result(data):
    res = _run("std.fail", error_data=data)
    assert isinstance(res, ml_actions.Result)
    assert res.error == data
    assert res.is_error()


def test_sleep():
    cls = get_system_action_class("std.sleep")
    assert cls(seconds="2")._seconds == 2
    assert cls(seconds=-1)._seconds == 0
    assert cls(seconds="abc")._seconds == 0
    start = time.monotonic()
    assert _run("std.sleep", seconds=1).data is None
    assert time.monotonic() - start >= 1


def test_test_dict():
    assert _run("std.test_dict", size=2, val="v").data == {"0": "v", "1": "v"}
    assert _run("std.test_dict", size=3, key_prefix="k", val=1).data == {
        "k0": 1,
        "k1": 1,
        "k2": 1,
    }
    assert _run("std.test_dict").data == {}


def test_repr_names_mistral_class():
    action = get_system_action_class("std.echo")(output=1)
    assert repr(action) == f"<mistral.actions.std_actions.EchoAction object at {id(action):#x}>"
