"""/v2/actions: system and ad-hoc actions by name or UUID, in namespaces."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import errors, listing, policies, wire_cache
from mistral_api.controllers.v2 import definition_upload as upload
from mistral_api.controllers.v2.validation import SpecValidationController
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.actions import Action, Actions
from mistral_api.responses import json_response
from mistral_db import models
from mistral_engine import exceptions
from mistral_engine.services import actions as action_service


def _actions_response(rows, status: int = 200):
    wire_cache.remember(Action, rows)
    return json_response({"actions": [Action.from_db_model(row).to_dict() for row in rows]}, status)


def _scope() -> str:
    scope = upload.scope_param()
    policies.enforce_scope("actions", scope, ctx())
    return scope


def _boolean(name: str, value):
    """A boolean query parameter (WSME would read any non-empty text, "false" too, as true)."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise exceptions.BadRequest(f"Invalid boolean value for {name}: {value}")


class ActionsController(rest.RestController):
    validate = SpecValidationController(action_service.validate_actions)

    @wsme_pecan.wsexpose(Action, wtypes.text, wtypes.text, types.uniquelist)
    def get(self, identifier, namespace="", fields=""):
        policies.enforce("actions:get", ctx())
        fields = list(fields or [])
        if fields and "id" not in fields:
            fields.insert(0, "id")
        listing.validate_fields(fields, Action.get_fields())
        row = action_service.get_action(ctx(), identifier, namespace)
        return Action.wire_from_db(row, fields or None)

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def put(self, identifier=None, namespace=""):
        policies.enforce("actions:update", ctx())
        text = upload.request_text()
        rows = action_service.update_actions(
            ctx(), text, identifier=identifier, namespace=namespace or "", scope=_scope()
        )
        return _actions_response(rows)

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def post(self, namespace=""):
        policies.enforce("actions:create", ctx())
        text = upload.request_text()
        rows = action_service.create_actions(ctx(), text, namespace=namespace or "", scope=_scope())
        return _actions_response(rows, 201)

    @wsme_pecan.wsexpose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, identifier, namespace=""):
        policies.enforce("actions:delete", ctx())
        action_service.delete_action(ctx(), identifier, namespace)

    @wsme_pecan.wsexpose(
        Actions,
        types.uuid,
        int,
        types.uniquelist,
        types.list_type,
        types.uniquelist,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
    )
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="name",
        sort_dirs="asc",
        fields="",
        created_at=None,
        name=None,
        scope=None,
        tags=None,
        updated_at=None,
        description=None,
        definition=None,
        is_system=None,
        input=None,
        namespace="",
    ):
        """Actions of one namespace (the default one unless ``namespace`` is given)."""
        policies.enforce("actions:list", ctx())
        filters = {
            "created_at": created_at,
            "name": name,
            "scope": scope,
            "tags": tags,
            "updated_at": updated_at,
            "description": description,
            "definition": definition,
            "is_system": _boolean("is_system", is_system),
            "input": input,
            "namespace": namespace or "",
        }
        return listing.get_all(
            Actions,
            Action,
            models.ActionDefinition,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            filters=filters,
        )
