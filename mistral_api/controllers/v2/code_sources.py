"""/v2/code_sources: upload, replace, read and delete Python code sources (raw text)."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import errors, listing, policies
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.code_sources import CodeSource, CodeSources
from mistral_api.resources.workflows import SCOPE_TYPES
from mistral_api.responses import json_response
from mistral_db import models
from mistral_engine import exceptions
from mistral_engine.services import code_sources as cs_service


def _content() -> str:
    """The module text: the whole body, whatever its content type (as in Mistral)."""
    try:
        return pecan.request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise exceptions.BadRequest("The code source is not valid UTF-8 text.")


class CodeSourcesController(rest.RestController):
    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def post(self, name=None, scope="private", namespace=""):
        policies.enforce("code_sources:create", ctx())
        policies.enforce_scope("code_sources", scope, ctx())
        row = cs_service.create_code_source(
            ctx(), name, _content(), namespace=namespace, scope=scope
        )
        # Mistral answers a create with the columns it set, so empty ones are left out.
        wire = CodeSource.wire_from_db(row)
        return json_response({k: v for k, v in wire.items() if v is not None}, status=201)

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def put(self, identifier=None, scope="private", namespace=""):
        policies.enforce("code_sources:update", ctx())
        policies.enforce_scope("code_sources", scope, ctx())
        row = cs_service.update_code_source(
            ctx(), identifier, _content(), namespace=namespace, scope=scope
        )
        return json_response(CodeSource.wire_from_db(row))

    @wsme_pecan.wsexpose(CodeSource, wtypes.text, wtypes.text, types.uniquelist)
    def get(self, identifier, namespace="", fields=""):
        policies.enforce("code_sources:get", ctx())
        listing.validate_fields(fields, CodeSource.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row = cs_service.get_code_source(ctx(), identifier, namespace)
        return CodeSource.wire_from_db(row, fields or None)

    @wsme_pecan.wsexpose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, identifier, namespace=""):
        policies.enforce("code_sources:delete", ctx())
        cs_service.delete_code_source(ctx(), identifier, namespace)

    @wsme_pecan.wsexpose(
        CodeSources,
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
        policies.enforce("code_sources:list", ctx())
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
            CodeSources,
            CodeSource,
            models.CodeSource,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            all_projects=all_projects,
            filters=filters,
        )
