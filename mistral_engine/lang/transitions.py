"""Transition clauses of direct workflows (``on-success`` and friends).

Every accepted form (a name, a list of names and one-key ``{name: condition}``
dicts, or the ``{publish, next}`` dict) is normalised into an ``OnClause``
whose ``next`` is a tuple of ``Transition(name, condition, params)``.
"""

from dataclasses import dataclass
from typing import NamedTuple

from mistral_engine import exceptions as exc
from mistral_engine.lang import schemas
from mistral_engine.lang.base import check_expressions, check_schema
from mistral_engine.lang.inline import parse_cmd_and_input

NOOP_COMMAND = "noop"
FAIL_COMMAND = "fail"
SUCCEED_COMMAND = "succeed"
PAUSE_COMMAND = "pause"
ENGINE_COMMANDS = (NOOP_COMMAND, FAIL_COMMAND, SUCCEED_COMMAND, PAUSE_COMMAND)

CLAUSE_NAMES = ("on-success", "on-error", "on-complete", "on-skip")


class Transition(NamedTuple):
    """One target of a clause; ``condition`` is None when unconditional."""

    name: str
    condition: str | None
    params: dict

    @property
    def is_engine_command(self) -> bool:
        return self.name in ENGINE_COMMANDS


@dataclass(frozen=True)
class PublishSpec:
    """Advanced publish: variables for the branch, the workflow, or atomic."""

    branch: dict
    global_: dict
    atomic: dict

    @classmethod
    def parse(cls, data: dict, validate: bool) -> "PublishSpec":
        check_schema(data, schemas.PUBLISH, validate)
        branch, global_, atomic = (data.get(k) for k in ("branch", "global", "atomic"))
        if validate:
            if not branch and not global_ and not atomic:
                raise exc.InvalidModelException(
                    "Either 'branch', 'global' or 'atomic' must be specified: "
                )
            for part in (branch, global_, atomic):
                check_expressions(part, validate)
        return cls(branch or {}, global_ or {}, atomic or {})


@dataclass(frozen=True)
class OnClause:
    next: tuple[Transition, ...]
    publish: PublishSpec | None
    data: object

    def names(self) -> list[str]:
        return [t.name for t in self.next]

    def without(self, task_name: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.next if t.name != task_name)


def _as_pairs(value: object) -> list[tuple[str, str | None]]:
    if not value:
        return []
    items = [value] if isinstance(value, (str, dict)) else value
    pairs = []
    for item in items:
        if isinstance(item, dict):
            name, condition = next(iter(item.items()))
            pairs.append((name, condition))
        else:
            pairs.append((item, None))
    return pairs


def parse_next(value: object, validate: bool) -> tuple[Transition, ...]:
    transitions = []
    for raw_name, condition in _as_pairs(value):
        name, params = parse_cmd_and_input(raw_name)
        if validate:
            check_expressions([name, condition, params], validate)
        transitions.append(Transition(name, condition, params))
    return tuple(transitions)


def parse_on_clause(data: object, validate: bool) -> OnClause | None:
    if data is None:
        return None
    check_schema(data, schemas.ON_CLAUSE, validate)
    # Any mapping is the advanced form, as in Mistral: a bare
    # ``{t2: <% cond %>}`` passes the schema but yields no transition.
    if isinstance(data, dict):
        publish = data.get("publish")
        return OnClause(
            next=parse_next(data.get("next"), validate),
            publish=PublishSpec.parse(publish, validate) if publish is not None else None,
            data=data,
        )
    return OnClause(next=parse_next(data, validate), publish=None, data=data)
