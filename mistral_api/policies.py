"""oslo.policy rules defined in code under Mistral's rule names, and the enforcer.

An operator's ``[oslo_policy] policy_file`` overrides any of them. Code sources, dynamic
actions and every ``publicize`` rule are admin-only by default, as in Mistral.
"""

import threading
import time

from oslo_config import cfg
from oslo_policy import policy

from mistral_engine import exceptions

ADMIN_ONLY = "rule:admin_only"
ADMIN_OR_OWNER = "rule:admin_or_owner"

_OWNER_RULES = {
    "actions": ("create", "delete", "get", "list", "update"),
    "action_executions": ("create", "delete", "get", "list", "update"),
    "cron_triggers": ("create", "delete", "get", "list"),
    "environments": ("create", "delete", "get", "list", "update"),
    "event_triggers": ("create", "delete", "get", "list", "update"),
    "executions": ("create", "delete", "get", "list", "update"),
    "members": ("create", "delete", "get", "list", "update"),
    "services": ("list",),
    "tasks": ("get", "list", "update"),
    "workbooks": ("create", "delete", "get", "list", "update"),
    "workflows": ("create", "delete", "get", "list", "update"),
}
_ADMIN_RULES = {
    "actions": ("publicize",),
    "code_sources": ("create", "delete", "get", "list", "publicize", "update"),
    "cron_triggers": ("publicize", "list:all_projects"),
    "dynamic_actions": ("create", "delete", "get", "list", "publicize", "update"),
    "environments": ("publicize",),
    "event_triggers": ("publicize", "list:all_projects"),
    "executions": ("list:all_projects",),
    "workbooks": ("publicize",),
    "workflows": ("publicize", "list:all_projects"),
}


def list_rules() -> list[policy.RuleDefault]:
    rules = [
        policy.RuleDefault("admin_only", "is_admin:True", description="Admin role."),
        policy.RuleDefault(
            "admin_or_owner",
            "is_admin:True or project_id:%(project_id)s",
            description="Admin or the project that owns the resource.",
        ),
    ]
    for check, table in ((ADMIN_OR_OWNER, _OWNER_RULES), (ADMIN_ONLY, _ADMIN_RULES)):
        for resource, actions in table.items():
            for action in actions:
                rules.append(
                    policy.RuleDefault(
                        f"{resource}:{action}", check, description=f"{action} {resource}"
                    )
                )
    return rules


_enforcer = None
_lock = threading.Lock()


def get_enforcer(conf=None) -> policy.Enforcer:
    global _enforcer
    with _lock:
        if _enforcer is None:
            _enforcer = policy.Enforcer(conf or cfg.CONF)
            _enforcer.register_defaults(list_rules())
            _enforcer.load_rules()
        return _enforcer


def reset() -> None:
    global _enforcer
    with _lock:
        _enforcer = None
        _decisions.clear()


_decisions: dict = {}
_decisions_at = [0.0]
DECISION_TTL = 5.0  # seconds; a changed policy file is picked up within this time


def _decide(action: str, creds: dict, target: dict) -> bool:
    try:
        return get_enforcer().enforce(action, target, creds, do_raise=False)
    except policy.PolicyNotRegistered:
        return True


def enforce(action: str, ctx, target: dict | None = None) -> None:
    """Raise 403 unless the caller may do ``action`` (e.g. ``workflows:create``).

    Decisions about the caller's own project depend only on the caller, so they are
    remembered for a few seconds instead of re-evaluating the rule on every request.
    """
    creds = ctx.to_policy_values()
    if target is None:
        key = (action, ctx.project_id, ctx.user_id, tuple(ctx.roles), ctx.is_admin)
        now = time.monotonic()
        if now - _decisions_at[0] > DECISION_TTL:
            _decisions.clear()
            _decisions_at[0] = now
        allowed = _decisions.get(key)
        if allowed is None:
            allowed = _decide(action, creds, {"project_id": ctx.project_id, "user_id": ctx.user_id})
            _decisions[key] = allowed
    else:
        allowed = _decide(action, creds, target)
    if not allowed:
        raise exceptions.NotAllowedException()


def enforce_scope(resource: str, scope, ctx) -> None:
    """Making something public needs ``<resource>:publicize`` (admin-only by default)."""
    if scope == "public":
        enforce(f"{resource}:publicize", ctx)
