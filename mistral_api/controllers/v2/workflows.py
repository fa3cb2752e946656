"""/v2/workflows: CRUD of workflow definitions by name or UUID, in namespaces."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import errors, listing, policies, wire_cache
from mistral_api.controllers.v2 import definition_upload as upload
from mistral_api.controllers.v2 import members
from mistral_api.controllers.v2.validation import SpecValidationController
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.workflows import Workflow, Workflows
from mistral_api.responses import json_response
from mistral_db import models
from mistral_engine.services import workflows as wf_service


class WorkflowsController(rest.RestController):
    validate = SpecValidationController(wf_service.validate_workflows)

    @pecan.expose()
    def _lookup(self, identifier, sub_resource, *remainder):
        if sub_resource == "members":
            return members.MembersController("workflow", identifier), remainder
        return None

    @wsme_pecan.wsexpose(Workflow, wtypes.text, wtypes.text, types.uniquelist)
    def get(self, identifier, namespace="", fields=""):
        policies.enforce("workflows:get", ctx())
        listing.validate_fields(fields, Workflow.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        if not fields:
            return listing.get_definition(
                Workflow,
                models.WorkflowDefinition,
                ctx(),
                identifier,
                namespace,
                load=lambda: wf_service.get_workflow(ctx(), identifier, namespace),
            )
        row = wf_service.get_workflow(ctx(), identifier, namespace)
        return Workflow.wire_from_db(row, fields)

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def put(self, identifier=None, namespace=""):
        policies.enforce("workflows:update", ctx())
        text = upload.request_text()
        scope = upload.scope_param()
        policies.enforce_scope("workflows", scope, ctx())
        rows = wf_service.update_workflows(
            ctx(),
            text,
            identifier=identifier,
            namespace=namespace,
            scope=scope,
            validate=not upload.skip_validation_param(),
        )
        wire_cache.remember(Workflow, rows)
        items = [Workflow.from_db_model(row).to_dict(keep_null=True) for row in rows]
        return json_response(items[0] if identifier else {"workflows": items})

    @errors.pecan_errors
    @pecan.expose(content_type="text/plain")
    def post(self, namespace=""):
        policies.enforce("workflows:create", ctx())
        text = upload.request_text()
        scope = upload.scope_param()
        policies.enforce_scope("workflows", scope, ctx())
        rows = wf_service.create_workflows(
            ctx(),
            text,
            namespace=namespace,
            scope=scope,
            validate=not upload.skip_validation_param(),
        )
        wire_cache.remember(Workflow, rows)
        return json_response(
            {"workflows": [Workflow.from_db_model(row).to_dict() for row in rows]}, 201
        )

    @wsme_pecan.wsexpose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, identifier, namespace=""):
        policies.enforce("workflows:delete", ctx())
        wf_service.delete_workflow(ctx(), identifier, namespace)

    @wsme_pecan.wsexpose(
        Workflows,
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
        types.boolean,
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
        input=None,
        definition=None,
        tags=None,
        scope=None,
        project_id=None,
        created_at=None,
        updated_at=None,
        all_projects=False,
        namespace=None,
    ):
        policies.enforce("workflows:list", ctx())
        if all_projects:
            policies.enforce("workflows:list:all_projects", ctx())
        filters = {
            "name": name,
            "definition": definition,
            "tags": tags,
            "scope": scope,
            "project_id": project_id,
            "created_at": created_at,
            "updated_at": updated_at,
            "namespace": namespace,
        }
        return listing.get_all(
            Workflows,
            Workflow,
            models.WorkflowDefinition,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            all_projects=all_projects,
            filters=filters,
            marker_not_found="Workflow not found [workflow_id={id}]",
        )
