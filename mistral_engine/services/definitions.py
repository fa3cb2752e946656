"""Helpers shared by the definition services: validation mode, scope checks, checksums."""

import hashlib

import sqlalchemy as sa
from oslo_config import cfg

from mistral_engine import exceptions
from mistral_engine.context import DEFAULT_PROJECT_ID

SCOPES = ("private", "public")


def validation_enabled(requested: bool = True) -> bool:
    """``[api] validation_mode``: mandatory always validates, disabled never, enabled obeys
    the request's ``skip_validation``."""
    mode = cfg.CONF.api.validation_mode
    if mode == "mandatory":
        return True
    if mode == "disabled":
        return False
    return requested


def checksum(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise exceptions.InvalidModelException(
            f"Scope must be one of the following: {', '.join(SCOPES)}; actual: {scope}"
        )
    return scope


def ensure_owner(ctx, row) -> None:
    """Non-admins may change only their own project's rows and never system ones."""
    if ctx.is_admin:
        return
    if getattr(row, "is_system", False):
        raise exceptions.BadRequest(
            f"Can not modify a system {type(row).__name__} resource, ID: {row.id}"
        )
    if row.project_id != ctx.project_id:
        raise exceptions.NotAllowedException(
            f"Can not access {type(row).__name__} resource of other projects, ID: {row.id}"
        )


def system_sync_rows(session, model, names) -> dict:
    """``{name: row}`` of what a sync of system definitions may touch: the system rows of
    the default namespace, and the default project's rows that carry one of ``names``."""
    stmt = sa.select(model).where(
        model.namespace == "",
        sa.or_(
            model.is_system.is_(True),
            sa.and_(model.name.in_(list(names)), model.project_id == DEFAULT_PROJECT_ID),
        ),
    )
    return {row.name: row for row in session.execute(stmt).scalars()}
