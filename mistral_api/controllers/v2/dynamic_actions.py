"""/v2/dynamic_actions: actions implemented by a class of a code source."""

from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.dynamic_actions import DynamicAction, DynamicActions
from mistral_api.resources.workflows import SCOPE_TYPES
from mistral_db import models
from mistral_engine.services import dynamic_actions as da_service


def _set(value):
    return None if value is wtypes.Unset else value


def _code_source_ref(dyn_action: DynamicAction) -> da_service.CodeSourceRef:
    return da_service.CodeSourceRef(
        id=_set(dyn_action.code_source_id), name=_set(dyn_action.code_source_name)
    )


def _created(wire: dict) -> dict:
    """Mistral answers a create with the columns it set, so empty ones are left out."""
    return {key: value for key, value in wire.items() if value is not None}


class DynamicActionsController(rest.RestController):
    @wsme_pecan.wsexpose(DynamicAction, body=DynamicAction, status_code=201)
    def post(self, dyn_action):
        policies.enforce("dynamic_actions:create", ctx())
        policies.enforce_scope("dynamic_actions", dyn_action.scope, ctx())
        row = da_service.create_dynamic_action(
            ctx(),
            _set(dyn_action.name),
            _set(dyn_action.class_name),
            _code_source_ref(dyn_action),
            namespace=_set(dyn_action.namespace) or "",
            scope=_set(dyn_action.scope),
        )
        return _created(DynamicAction.wire_from_db(row))

    @wsme_pecan.wsexpose(DynamicAction, body=DynamicAction)
    def put(self, dyn_action):
        policies.enforce("dynamic_actions:update", ctx())
        policies.enforce_scope("dynamic_actions", dyn_action.scope, ctx())
        row = da_service.update_dynamic_action(
            ctx(),
            _set(dyn_action.id) or _set(dyn_action.name),
            namespace=_set(dyn_action.namespace) or "",
            class_name=_set(dyn_action.class_name),
            scope=_set(dyn_action.scope),
            code_source=_code_source_ref(dyn_action),
        )
        return DynamicAction.wire_from_db(row)

    @wsme_pecan.wsexpose(DynamicAction, wtypes.text, wtypes.text, types.uniquelist)
    def get(self, identifier, namespace="", fields=""):
        policies.enforce("dynamic_actions:get", ctx())
        listing.validate_fields(fields, DynamicAction.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row = da_service.get_dynamic_action(ctx(), identifier, namespace)
        return DynamicAction.wire_from_db(row, fields or None)

    @wsme_pecan.wsexpose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, identifier, namespace=""):
        policies.enforce("dynamic_actions:delete", ctx())
        da_service.delete_dynamic_action(ctx(), identifier, namespace)

    @wsme_pecan.wsexpose(
        DynamicActions,
        types.uuid,
        int,
        types.uniquelist,
        types.list_type,
        types.uniquelist,
        wtypes.text,
        wtypes.text,
        SCOPE_TYPES,
        types.uuid,
        wtypes.text,
        wtypes.text,
        bool,
        wtypes.text,
    )
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        name=None,
        tags=None,
        scope=None,
        project_id=None,
        created_at=None,
        updated_at=None,
        all_projects=False,
        namespace=None,
    ):
        # No separate all_projects rule: the list itself is admin-only by default.
        policies.enforce("dynamic_actions:list", ctx())
        filters = {
            "name": name,
            "tags": tags,
            "scope": scope,
            "project_id": project_id,
            "created_at": created_at,
            "updated_at": updated_at,
            "namespace": namespace,
        }
        return listing.get_all(
            DynamicActions,
            DynamicAction,
            models.DynamicActionDefinition,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            all_projects=all_projects,
            filters=filters,
        )
