"""Code sources: Python modules stored as text, the home of dynamic actions' classes.

The content is only ever parsed here (``ast``), never executed: loading the module is
the action provider's job, on the engine and executor side.
"""

import ast

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.services import definitions

# Statements whose bodies still run at module level, so a class defined inside them
# (``try: ... except ImportError: class X: ...``) is a module attribute.
_MODULE_LEVEL_BLOCKS = (ast.If, ast.Try, ast.With)
if hasattr(ast, "TryStar"):
    _MODULE_LEVEL_BLOCKS += (ast.TryStar,)


def not_found(identifier: str, namespace: str = "") -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(
        f"Code Source not found [name={identifier},namespace={namespace or ''}]"
    )


def find_code_source(session, ctx, identifier: str, namespace: str = "") -> models.CodeSource:
    """A visible code source by UUID or by name in ``namespace``; 404 when there is none."""
    row = db_api.find_by_identifier(session, models.CodeSource, ctx.caller, identifier, namespace)
    if row is None:
        raise not_found(identifier, namespace)
    return row


def defined_classes(content: str) -> set[str]:
    """Names of the classes the module defines at module level.

    Raises SyntaxError (or ValueError, for NUL bytes) when the content is not Python.
    """
    tree = ast.parse(content)
    names = set()
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, _MODULE_LEVEL_BLOCKS):
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(node, field, ()))
            for handler in getattr(node, "handlers", ()):
                pending.extend(handler.body)
    return names


def create_code_source(
    ctx, name: str | None, content: str, *, namespace: str = "", scope: str = "private"
) -> models.CodeSource:
    if not name:
        raise exceptions.InputException(
            "Name of the code source is not provided (query parameter 'name')."
        )
    definitions.check_scope(scope)
    row = models.CodeSource(
        project_id=ctx.project_id,
        name=name,
        namespace=namespace or "",
        content=content,
        scope=scope,
        version=1,
    )
    with db_session.transaction() as session:
        db_api.insert(session, row)
    return row


def update_code_source(
    ctx, identifier: str | None, content: str, *, namespace: str = "", scope: str = "private"
) -> models.CodeSource:
    """Replace the content and scope; the version goes up on every update, changed or not."""
    if not identifier:
        raise exceptions.InputException(
            "Identifier of the code source is not provided (query parameter 'identifier')."
        )
    definitions.check_scope(scope)
    with db_session.transaction() as session:
        row = find_code_source(session, ctx, identifier, namespace)
        definitions.ensure_owner(ctx, row)
        row.content = content
        row.scope = scope
        row.version = (row.version or 0) + 1
        db_api.flush_or_duplicate(session, row)
    return row


def get_code_source(ctx, identifier: str, namespace: str = "") -> models.CodeSource:
    with db_session.transaction(read_only=True) as session:
        return find_code_source(session, ctx, identifier, namespace)


def delete_code_source(ctx, identifier: str, namespace: str = "") -> None:
    """Delete the code source and every dynamic action (of any project) built on it.

    The foreign key cascades too where it is enforced; deleting explicitly keeps the
    behaviour the same on every backend.
    """
    with db_session.transaction() as session:
        row = find_code_source(session, ctx, identifier, namespace)
        definitions.ensure_owner(ctx, row)
        session.execute(
            sa.delete(models.DynamicActionDefinition).where(
                models.DynamicActionDefinition.code_source_id == row.id
            )
        )
        db_api.delete(session, row)
