"""/v2/executions: list, read, start, change and delete workflow executions, plus the
per-execution sub-collections (tasks, sub-executions, report)."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.controllers.v2 import execution_report, tasks
from mistral_api.hooks import ctx, engine_client
from mistral_api.resources import executions as res
from mistral_api.resources import types
from mistral_db import models
from mistral_engine import exceptions
from mistral_engine.services import execution_tree
from mistral_engine.services import executions as ex_service

_BODY_FIELDS = (
    "id",
    "workflow_id",
    "workflow_name",
    "workflow_namespace",
    "description",
    "params",
    "input",
    "source_execution_id",
)


def _set_fields(body: res.Execution) -> dict:
    """The body fields the client set (a null counts as not set)."""
    values = {}
    for name in _BODY_FIELDS:
        value = getattr(body, name)
        if value is not wtypes.Unset and value is not None:
            values[name] = value
    return values


def check_nulls(model, nulls) -> list[str]:
    """Mistral's check that each ``nulls`` name is a nullable column."""
    columns = model.__table__.columns
    for name in nulls or ():
        if name not in columns.keys():
            raise exceptions.BadRequest(f"'{name}' is not a valid field name.")
        if not columns[name].nullable:
            raise exceptions.BadRequest(f"The field '{name}' can't hold None value.")
    return list(nulls or ())


class SubExecutionsController(rest.RestController):
    """GET /v2/executions/{id}/executions: the execution and all executions below it."""

    def __init__(self, execution_id: str):
        super().__init__()
        self.execution_id = execution_id

    @wsme_pecan.wsexpose(res.Executions, types.boolean, int, types.boolean)
    def get_all(self, errors_only=False, max_depth=-1, include_output=False):
        policies.enforce("executions:get", ctx())
        rows = execution_tree.sub_executions(
            ctx(), self.execution_id, errors_only=errors_only, max_depth=max_depth
        )
        cls = res.execution_class(include_output, None)
        return {"executions": [cls.wire_from_db(row) for row in rows]}


class ExecutionsController(rest.RestController):
    @pecan.expose()
    def _lookup(self, execution_id, sub_resource, *remainder):
        if sub_resource == "tasks":
            return tasks.ExecutionTasksController(execution_id), remainder
        if sub_resource == "executions":
            return SubExecutionsController(execution_id), remainder
        if sub_resource == "report":
            return execution_report.ExecutionReportController(execution_id), remainder
        return None

    @wsme_pecan.wsexpose(res.Execution, wtypes.text, types.uniquelist)
    def get(self, execution_id, fields=""):
        policies.enforce("executions:get", ctx())
        listing.validate_fields(fields, res.Execution.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row, published = ex_service.get_execution(ctx(), execution_id)
        return res.render_execution(row, fields or None, published)

    @wsme_pecan.wsexpose(res.Execution, body=res.Execution, status_code=201)
    def post(self, body):
        policies.enforce("executions:create", ctx())
        row = ex_service.start_execution(ctx(), engine_client(), _set_fields(body))
        return res.render_execution(row)

    @wsme_pecan.wsexpose(res.Execution, wtypes.text, body=res.Execution)
    def put(self, execution_id, body):
        policies.enforce("executions:update", ctx())
        params = body.params if isinstance(body.params, dict) else {}
        row = ex_service.update_execution(
            ctx(),
            engine_client(),
            execution_id,
            state=body.state or None,
            description=body.description or None,
            env=params.get("env") or None,
            state_info=body.state_info or None,
        )
        return res.render_execution(row)

    @wsme_pecan.wsexpose(None, wtypes.text, types.boolean, status_code=204)
    def delete(self, execution_id, force=False):
        policies.enforce("executions:delete", ctx())
        ex_service.delete_execution(ctx(), execution_id, force=force)

    @wsme_pecan.wsexpose(
        res.Executions,
        types.uuid,
        int,
        types.uniquelist,
        types.list_type,
        types.uniquelist,
        wtypes.text,
        types.uuid,
        wtypes.text,
        types.uniquelist,
        types.jsontype,
        types.uuid,
        types.uuid,
        wtypes.text,
        wtypes.text,
        types.jsontype,
        types.jsontype,
        wtypes.text,
        wtypes.text,
        types.boolean,
        wtypes.text,
        types.boolean,
        types.list_type,
    )
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        workflow_name=None,
        workflow_id=None,
        description=None,
        tags=None,
        params=None,
        task_execution_id=None,
        root_execution_id=None,
        state=None,
        state_info=None,
        input=None,
        output=None,
        created_at=None,
        updated_at=None,
        include_output=False,
        project_id=None,
        all_projects=False,
        nulls="",
    ):
        policies.enforce("executions:list", ctx())
        nulls = check_nulls(models.WorkflowExecution, nulls)
        if all_projects or project_id:
            policies.enforce("executions:list:all_projects", ctx())
        filters = {
            "created_at": created_at,
            "workflow_name": workflow_name,
            "workflow_id": workflow_id,
            "tags": tags,
            "params": params,
            "task_execution_id": task_execution_id,
            "state": state,
            "state_info": state_info,
            "input": input,
            "output": output,
            "updated_at": updated_at,
            "description": description,
            "project_id": project_id,
            "root_execution_id": root_execution_id,
        }
        cls = res.execution_class(include_output, fields)
        return listing.get_all(
            res.Executions,
            cls,
            models.WorkflowExecution,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            all_projects=all_projects or bool(project_id),
            filters=filters,
            nulls=nulls,
            marker_not_found="WorkflowExecution not found [id={id}]",
        )
