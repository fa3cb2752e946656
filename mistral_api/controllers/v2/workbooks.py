"""/v2/workbooks: CRUD of workbooks by name, in namespaces, plus validation."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import errors, listing, policies, wire_cache
from mistral_api.controllers.v2 import definition_upload as upload
from mistral_api.controllers.v2.validation import SpecValidationController
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.workbooks import Workbook, Workbooks
from mistral_api.responses import json_response
from mistral_db import models
from mistral_engine.services import workbooks as wb_service


def _upload_args(policy_prefix: str) -> dict:
    text = upload.request_text()
    scope = upload.scope_param()
    policies.enforce_scope(policy_prefix, scope, ctx())
    return {"text": text, "scope": scope, "validate": not upload.skip_validation_param()}


class WorkbooksController(rest.RestController):
    validate = SpecValidationController(wb_service.validate_workbook)

    @wsme_pecan.wsexpose(Workbook, wtypes.text, wtypes.text, types.uniquelist)
    def get(self, name, namespace="", fields=""):
        policies.enforce("workbooks:get", ctx())
        fields = list(fields or [])
        if fields and "id" not in fields:
            fields.insert(0, "id")
        listing.validate_fields(fields, Workbook.get_fields())
        row = wb_service.get_workbook(ctx(), name, namespace)
        return Workbook.wire_from_db(row, fields or None)

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def put(self, namespace=""):
        policies.enforce("workbooks:update", ctx())
        args = _upload_args("workbooks")
        row = wb_service.update_workbook(
            ctx(), args["text"], namespace=namespace, scope=args["scope"], validate=args["validate"]
        )
        wire_cache.remember(Workbook, [row])
        return json_response(Workbook.from_db_model(row).to_dict())

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def post(self, namespace=""):
        policies.enforce("workbooks:create", ctx())
        args = _upload_args("workbooks")
        row = wb_service.create_workbook(
            ctx(), args["text"], namespace=namespace, scope=args["scope"], validate=args["validate"]
        )
        wire_cache.remember(Workbook, [row])
        return json_response(Workbook.from_db_model(row).to_dict(), 201)

    @wsme_pecan.wsexpose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, name, namespace=""):
        policies.enforce("workbooks:delete", ctx())
        wb_service.delete_workbook(ctx(), name, namespace)

    @wsme_pecan.wsexpose(
        Workbooks,
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
    )
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        created_at=None,
        definition=None,
        name=None,
        scope=None,
        tags=None,
        updated_at=None,
        namespace=None,
    ):
        policies.enforce("workbooks:list", ctx())
        filters = {
            "created_at": created_at,
            "definition": definition,
            "name": name,
            "scope": scope,
            "tags": tags,
            "updated_at": updated_at,
            "namespace": namespace,
        }
        return listing.get_all(
            Workbooks,
            Workbook,
            models.WorkbookDefinition,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            filters=filters,
        )
