"""The scalar fast path of WSME's args_from_params gives WSME's own result and errors."""

import pytest
import webob.multidict
import wsme.api
import wsme.rest.args
from wsme import types as wtypes
from wsme.exc import UnknownArgument

from mistral_api import pecan_speedups
from mistral_api.resources import types

pecan_speedups.apply()
FAST = wsme.rest.args.args_from_params
ORIGINAL = FAST.__wrapped__


def funcdef(*datatypes):
    def four(self, a=None, b=None, c=None, d=None):
        pass

    def two(self, a=None, b=None):
        pass

    func = four if len(datatypes) == 4 else two
    wsme.signature(None, *datatypes)(func)
    definition = wsme.api.FunctionDefinition.get(func)
    definition.resolve_types(wtypes.registry)
    return definition


SCALARS = funcdef(int, types.uniquelist, wtypes.text, types.boolean)


@pytest.mark.parametrize(
    "query",
    [
        [],
        [("a", "5")],
        [("a", "5"), ("b", "name,id"), ("c", "has:x"), ("d", "true")],
        [("c", "x"), ("c", "y")],
    ],
)
def test_scalar_arguments_convert_as_wsme_converts_them(query):
    params = webob.multidict.MultiDict(query)
    assert FAST(SCALARS, params) == ORIGINAL(SCALARS, params)


def test_an_unknown_parameter_is_refused_with_wsmes_error():
    params = webob.multidict.MultiDict([("a", "1"), ("zz", "2")])
    with pytest.raises(UnknownArgument) as fast:
        FAST(SCALARS, params)
    with pytest.raises(UnknownArgument) as original:
        ORIGINAL(SCALARS, params)
    assert str(fast.value) == str(original.value) == 'Unknown argument: "zz"'


def test_a_bad_value_raises_what_wsme_raises():
    params = webob.multidict.MultiDict([("a", "abc")])
    with pytest.raises(ValueError) as fast:
        FAST(SCALARS, params)
    with pytest.raises(ValueError) as original:
        ORIGINAL(SCALARS, params)
    assert str(fast.value) == str(original.value)


def test_functions_with_array_arguments_take_wsmes_own_path():
    arrays = funcdef(int, [wtypes.text])
    assert pecan_speedups._scalar_plan(arrays) is None
    params = webob.multidict.MultiDict([("b", "x"), ("b", "y")])
    assert FAST(arrays, params) == ([], {"b": ["x", "y"]})
