"""The trivial standard actions: noop, async_noop, echo, fail, sleep, test_dict."""

import time

from mistral_lib import actions as ml_actions

from mistral_engine import exceptions as exc
from mistral_engine.actions.std.base import StdAction


def _non_negative(value, convert):
    """Mistral's leniency: an invalid or negative number means 0."""
    try:
        number = convert(value)
    except (TypeError, ValueError):
        return 0
    return 0 if number < 0 else number


class NoOpAction(StdAction):
    """No-operation action.

    This action does nothing. It can be mostly useful for testing and
    debugging purposes.
    """

    mistral_class = "NoOpAction"

    def run(self, context):
        return None

    def test(self, context):
        return None


class AsyncNoOpAction(NoOpAction):
    """Asynchronous no-operation action."""

    mistral_class = "AsyncNoOpAction"

    def is_sync(self):
        return False


class EchoAction(StdAction):
    """Echo action.

    This action just returns a configured value as a result without doing
    anything else. The value of such action implementation is that it
    can be used in development (for testing), demonstration and designing
    of workflows themselves where echo action can play the role of temporary
    stub.
    """

    mistral_class = "EchoAction"

    def __init__(self, output, delay=0):
        super().__init__()
        self.output = output
        self._delay = _non_negative(delay, float)

    def run(self, context):
        if self._delay:
            time.sleep(self._delay)
        return self.output

    def test(self, context):
        return "Echo"


class FailAction(StdAction):
    """'Always fail' action.

    If you pass the `error_data` parameter, this action will be failed and
    return this data as error data. Otherwise, the action just throws an
    instance of ActionException.

    This behavior is useful in a number of cases, especially if we need to
    test a scenario where some of workflow tasks fail.

    :param error_data: Action will be failed with this data
    """

    mistral_class = "FailAction"

    def __init__(self, error_data=None):
        super().__init__()
        self.error_data = error_data

    def __repr__(self) -> str:
        return "Fail action"

    def run(self, context):
        if self.error_data:
            return ml_actions.Result(error=self.error_data)
        raise exc.ActionException("Fail action expected exception.")

    test = run


class SleepAction(StdAction):
    """Sleep action.

    This action sleeps for given amount of seconds. It can be mostly useful
    for testing and debugging purposes.
    """

    mistral_class = "SleepAction"

    def __init__(self, seconds=1):
        super().__init__()
        self._seconds = _non_negative(seconds, int)

    def run(self, context):
        time.sleep(self._seconds)
        return None

    def test(self, context):
        return None


class TestDictAction(StdAction):
    """Generates test dict."""

    __test__ = False  # not a pytest class
    mistral_class = "TestDictAction"

    def __init__(self, size=0, key_prefix="", val=""):
        super().__init__()
        self.size = size
        self.key_prefix = key_prefix
        self.val = val

    def run(self, context):
        return {f"{self.key_prefix}{i}": self.val for i in range(self.size)}

    def test(self, context):
        return {}
