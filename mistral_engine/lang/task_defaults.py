"""``task-defaults``: policies, transitions and ``requires`` shared by all tasks."""

from dataclasses import dataclass, field

from mistral_engine.lang import schemas
from mistral_engine.lang.base import check_expressions, check_schema
from mistral_engine.lang.policies import PoliciesSpec
from mistral_engine.lang.transitions import OnClause, parse_on_clause


@dataclass(frozen=True)
class TaskDefaultsSpec:
    policies: PoliciesSpec
    on_success: OnClause | None
    on_error: OnClause | None
    on_complete: OnClause | None
    on_skip: OnClause | None
    safe_rerun: bool | str | None
    requires: tuple
    data: dict = field(default_factory=dict, repr=False)

    def on_clause(self, clause: str) -> OnClause | None:
        return getattr(self, clause.replace("-", "_"))

    @classmethod
    def parse(cls, data: dict, validate: bool) -> "TaskDefaultsSpec":
        check_schema(data, schemas.TASK_DEFAULTS, validate)
        check_expressions(data.get("safe-rerun"), validate)
        requires = data.get("requires", [])
        return cls(
            policies=PoliciesSpec.parse(data, validate),
            on_success=parse_on_clause(data.get("on-success"), validate),
            on_error=parse_on_clause(data.get("on-error"), validate),
            on_complete=parse_on_clause(data.get("on-complete"), validate),
            on_skip=parse_on_clause(data.get("on-skip"), validate),
            safe_rerun=data.get("safe-rerun"),
            requires=tuple([requires] if isinstance(requires, str) else requires),
            data=data,
        )
