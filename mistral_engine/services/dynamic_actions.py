"""Dynamic actions: named actions implemented by a class of a stored code source.

Unlike Mistral 23, creating or updating one checks that the code source defines the
class (by parsing it), so a typo fails at once instead of when the action first runs.
"""

import dataclasses

from mistral_db import api as db_api
from mistral_db import models
from mistral_db import session as db_session
from mistral_engine import exceptions
from mistral_engine.services import code_sources, definitions


@dataclasses.dataclass
class CodeSourceRef:
    """How a request names a code source: by id or by name (looked up in ``namespace``)."""

    id: str | None = None
    name: str | None = None

    def __bool__(self) -> bool:
        return bool(self.id or self.name)

    @property
    def identifier(self) -> str:
        return self.id or self.name


def not_found(identifier: str, namespace: str = "") -> exceptions.DBEntityNotFoundError:
    return exceptions.DBEntityNotFoundError(
        f"Dynamic Action not found [name={identifier},namespace={namespace or ''}]"
    )


def check_class(code_source: models.CodeSource, class_name: str | None) -> None:
    """400 unless ``code_source`` defines ``class_name`` at module level."""
    if not class_name:
        raise exceptions.InvalidActionException(
            "The class of the dynamic action is not provided ('class_name')."
        )
    try:
        classes = code_sources.defined_classes(code_source.content or "")
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        reason = getattr(error, "msg", None) or str(error)
        raise exceptions.InvalidActionException(
            f"Code source is not valid Python ({reason}{f', line {line}' if line else ''}), "
            f"so class '{class_name}' can not be found in it "
            f"[code_source={code_source.name}, code_source_id={code_source.id}]"
        ) from error
    if class_name not in classes:
        raise exceptions.InvalidActionException(
            f"Class '{class_name}' is not defined in the code source "
            f"[code_source={code_source.name}, code_source_id={code_source.id}]"
        )


def _find(session, ctx, identifier: str, namespace: str) -> models.DynamicActionDefinition:
    row = db_api.find_by_identifier(
        session, models.DynamicActionDefinition, ctx.caller, identifier, namespace
    )
    if row is None:
        raise not_found(identifier, namespace)
    return row


def create_dynamic_action(
    ctx,
    name: str | None,
    class_name: str | None,
    code_source: CodeSourceRef,
    *,
    namespace: str = "",
    scope: str | None = None,
) -> models.DynamicActionDefinition:
    if not code_source:
        raise exceptions.InputException(
            "Either 'code_source_id' or 'code_source_name' must be provided."
        )
    if not name:
        raise exceptions.InputException("Name of the dynamic action is not provided.")
    scope = definitions.check_scope(scope or "private")
    namespace = namespace or ""
    with db_session.transaction() as session:
        source = code_sources.find_code_source(session, ctx, code_source.identifier, namespace)
        check_class(source, class_name)
        row = models.DynamicActionDefinition(
            project_id=ctx.project_id,
            name=name,
            namespace=namespace,
            class_name=class_name,
            scope=scope,
            code_source_id=source.id,
            code_source_name=source.name,
        )
        db_api.insert(session, row)
    return row


def update_dynamic_action(
    ctx,
    identifier: str | None,
    *,
    namespace: str = "",
    class_name: str | None = None,
    scope: str | None = None,
    code_source: CodeSourceRef | None = None,
) -> models.DynamicActionDefinition:
    """Change the class, scope and/or code source; what is not given stays as it is.

    The (possibly new) code source must define the (possibly unchanged) class.
    """
    if not identifier:
        raise exceptions.InputException("Either 'name' or 'id' must be provided.")
    if scope:
        definitions.check_scope(scope)
    namespace = namespace or ""
    with db_session.transaction() as session:
        source = None
        if code_source:
            source = code_sources.find_code_source(session, ctx, code_source.identifier, namespace)
        row = _find(session, ctx, identifier, namespace)
        definitions.ensure_owner(ctx, row)
        if source is None:
            source = db_api.get_by_id(
                session, models.CodeSource, ctx.caller, row.code_source_id, insecure=True
            )
            if source is None:
                raise code_sources.not_found(row.code_source_id, row.namespace)
        new_class = class_name or row.class_name
        check_class(source, new_class)
        row.class_name = new_class
        row.code_source_id = source.id
        row.code_source_name = source.name
        if scope:
            row.scope = scope
        db_api.flush_or_duplicate(session, row)
    return row


def get_dynamic_action(ctx, identifier: str, namespace: str = "") -> models.DynamicActionDefinition:
    with db_session.transaction(read_only=True) as session:
        return _find(session, ctx, identifier, namespace)


def delete_dynamic_action(ctx, identifier: str, namespace: str = "") -> None:
    with db_session.transaction() as session:
        row = _find(session, ctx, identifier, namespace)
        definitions.ensure_owner(ctx, row)
        db_api.delete(session, row)
