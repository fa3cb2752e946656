"""Finding definitions the engine needs: workflows, ad-hoc and dynamic actions and
code sources, with Mistral's namespace fallback (the given namespace first, then the
default one)."""

import sqlalchemy as sa

from mistral_db import api as db_api
from mistral_db import models
from mistral_engine import exceptions, lang

_spec_cache: dict[tuple[str, str], lang.WorkflowSpec] = {}


def _in_namespaces(session, model, caller, name: str, namespace: str):
    with session.no_autoflush:  # pending engine rows never change a definition lookup
        return _first_in_namespaces(session, model, caller, name, namespace)


def _first_in_namespaces(session, model, caller, name: str, namespace: str):
    for ns in dict.fromkeys([namespace or "", ""]):
        row = db_api.find_one(session, model, caller, name=name, namespace=ns)
        if row is not None:
            return row
    return None


def workflow_definition(session, caller, identifier: str, namespace: str = ""):
    """A workflow definition by UUID or by name (namespace, then default namespace)."""
    if db_api.is_uuid(identifier):
        row = db_api.get_by_id(session, models.WorkflowDefinition, caller, identifier)
        if row is not None:
            return row
    row = _in_namespaces(session, models.WorkflowDefinition, caller, identifier, namespace)
    if row is None:
        raise exceptions.DBEntityNotFoundError(
            f"Workflow not found [workflow_identifier={identifier}, namespace={namespace or ''}]"
        )
    return row


def subworkflow_definition(
    session, caller, parent_wf_name: str, parent_spec_name: str, namespace: str, name: str
):
    """A sub-workflow: a short name inside a workbook resolves within that workbook first."""
    if parent_wf_name != parent_spec_name and parent_wf_name.endswith("." + parent_spec_name):
        workbook = parent_wf_name[: -len(parent_spec_name) - 1]
        row = _in_namespaces(
            session, models.WorkflowDefinition, caller, f"{workbook}.{name}", namespace
        )
        if row is not None:
            return row
    row = _in_namespaces(session, models.WorkflowDefinition, caller, name, namespace)
    if row is None:
        raise exceptions.WorkflowException(
            f"Failed to find workflow [name={name}] [namespace={namespace or ''}]"
        )
    return row


def workflow_spec(spec: dict, cache_key: tuple | None = None) -> lang.WorkflowSpec:
    """The parsed spec of a stored spec dict (cached by definition id and update time)."""
    if cache_key is not None:
        cached = _spec_cache.get(cache_key)
        if cached is not None:
            return cached
    wf_spec = lang.parse_workflow(spec, validate=False)  # validated when it was stored
    if cache_key is not None:
        if len(_spec_cache) > 2000:
            _spec_cache.clear()
        _spec_cache[cache_key] = wf_spec
    return wf_spec


def adhoc_action(session, caller, name: str, namespace: str = ""):
    """An ad-hoc (DSL) action definition, or None."""
    row = _in_namespaces(session, models.ActionDefinition, caller, name, namespace)
    if row is None or row.is_system:
        return None
    return row


def dynamic_action(session, caller, name: str, namespace: str = ""):
    return _in_namespaces(session, models.DynamicActionDefinition, caller, name, namespace)


def code_source(session, code_source_id: str):
    return session.execute(
        sa.select(models.CodeSource).where(models.CodeSource.id == code_source_id)
    ).scalar_one_or_none()
