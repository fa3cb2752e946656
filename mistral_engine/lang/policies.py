"""Task policies: retry, wait-before, wait-after, timeout, pause-before,
concurrency, fail-on (values are numbers/booleans or expressions)."""

from dataclasses import dataclass

from mistral_engine.lang import schemas
from mistral_engine.lang.base import check_expressions, check_schema
from mistral_engine.lang.inline import parse_cmd_and_input

POLICY_KEYS = (
    "retry",
    "wait-before",
    "wait-after",
    "timeout",
    "pause-before",
    "concurrency",
    "fail-on",
)

# Mistral builds policies in this order; hooks run in it too.
POLICY_ORDER = (
    "pause-before",
    "wait-before",
    "wait-after",
    "fail-on",
    "retry",
    "timeout",
    "concurrency",
)


@dataclass(frozen=True)
class RetrySpec:
    """``count`` extra attempts after ``delay`` seconds; values may be expressions."""

    count: int | str | None
    delay: int | str
    break_on: str | None
    continue_on: str | None
    data: object

    @classmethod
    def parse(cls, data: object, validate: bool) -> "RetrySpec":
        if isinstance(data, str):
            data = parse_cmd_and_input(data)[1]
        check_schema(data, schemas.RETRY, validate)
        check_expressions(
            [data.get(k) for k in ("count", "delay", "break-on", "continue-on")], validate
        )
        return cls(
            count=data.get("count"),
            delay=data.get("delay"),
            break_on=data.get("break-on"),
            continue_on=data.get("continue-on"),
            data=data,
        )


@dataclass(frozen=True)
class PoliciesSpec:
    """Policy values of one task (or of task-defaults), with Mistral's defaults."""

    retry: RetrySpec | None = None
    wait_before: int | str = 0
    wait_after: int | str = 0
    timeout: int | str = 0
    pause_before: bool | str = False
    concurrency: int | str = 0
    fail_on: bool | str = False

    @classmethod
    def parse(cls, data: dict, validate: bool) -> "PoliciesSpec":
        """``data`` is the task (or task-defaults) dict; only policy keys are read."""
        present = {k: data[k] for k in POLICY_KEYS if data.get(k)}
        check_schema(present, {"type": "object", "properties": schemas.POLICY_PROPERTIES}, validate)
        check_expressions([v for k, v in present.items() if k != "retry"], validate)
        retry = present.get("retry")
        return cls(
            retry=RetrySpec.parse(retry, validate) if retry is not None else None,
            wait_before=present.get("wait-before", 0),
            wait_after=present.get("wait-after", 0),
            timeout=present.get("timeout", 0),
            pause_before=present.get("pause-before", False),
            concurrency=present.get("concurrency", 0),
            fail_on=present.get("fail-on", False),
        )

    def get(self, key: str) -> object:
        """Value by DSL key (``'wait-before'``...)."""
        return getattr(self, key.replace("-", "_"))
