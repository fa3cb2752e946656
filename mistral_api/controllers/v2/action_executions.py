"""/v2/action_executions: list and read action executions, run an action ad hoc, report an
asynchronous action's result, delete finished ad-hoc runs; and the action executions of
one task (/v2/tasks/{id}/action_executions)."""

import json

import sqlalchemy as sa
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.hooks import ctx, engine_client
from mistral_api.resources import action_executions as res
from mistral_api.resources import types
from mistral_api.resources.base import format_datetime
from mistral_db import models
from mistral_engine.services import action_executions as ae_service

_FILTER_TYPES = (
    wtypes.text,
    wtypes.text,
    types.uniquelist,
    wtypes.text,
    wtypes.text,
    wtypes.text,
    types.uuid,
    wtypes.text,
    wtypes.text,
    types.boolean,
    types.jsontype,
    types.jsontype,
    types.jsontype,
    wtypes.text,
    types.boolean,
)
_PAGE_TYPES = (types.uuid, int, types.uniquelist, types.list_type, types.uniquelist)


def _list(
    task_execution_id,
    marker,
    limit,
    sort_keys,
    sort_dirs,
    fields,
    include_output,
    task_name,
    **filters,
):
    extra_where = []
    if task_name is not None:
        # Action executions do not store their task's name: match it through the task.
        extra_where.append(
            models.ActionExecution.task_execution_id.in_(
                sa.select(models.TaskExecution.id).where(models.TaskExecution.name == task_name)
            )
        )
    if task_execution_id:
        filters["task_execution_id"] = task_execution_id
    return listing.get_all(
        res.ActionExecutions,
        res.action_execution_class(include_output, fields),
        models.ActionExecution,
        ctx(),
        marker=marker,
        limit=limit,
        sort_keys=sort_keys,
        sort_dirs=sort_dirs,
        fields=fields,
        filters=filters,
        extra_where=extra_where,
        marker_not_found="ActionExecution not found [id={id}]",
    )


def _render(result: dict) -> dict:
    """The engine's dict of an action execution it started or ran."""
    wire = {}
    for name, is_json in res.ActionExecution._wire_plan():
        if name not in result:
            continue
        value = result[name]
        if is_json and value is not None:
            value = json.dumps(value)
        elif name in ("created_at", "updated_at"):
            value = format_datetime(value)
        wire[name] = value
    return wire


def _get_one(action_ex_id, fields) -> dict:
    policies.enforce("action_executions:get", ctx())
    listing.validate_fields(fields, res.ActionExecution.get_fields())
    if fields and "id" not in fields:
        fields.insert(0, "id")
    row = ae_service.get_action_execution(ctx(), action_ex_id)
    return res.ActionExecution.wire_from_db(row, fields or None)


class ActionExecutionsController(rest.RestController):
    @wsme_pecan.wsexpose(res.ActionExecution, wtypes.text, types.uniquelist)
    def get(self, action_ex_id, fields=""):
        return _get_one(action_ex_id, fields)

    @wsme_pecan.wsexpose(res.ActionExecution, body=res.ActionExecution, status_code=201)
    def post(self, body):
        policies.enforce("action_executions:create", ctx())
        result = ae_service.start_action(
            ctx(),
            engine_client(),
            name=body.name or None,
            action_input=body.input or {},
            params=body.params or {},
            description=body.description or None,
            namespace=body.workflow_namespace or "",
        )
        return _render(result)

    @wsme_pecan.wsexpose(res.ActionExecution, wtypes.text, body=res.ActionExecution)
    def put(self, action_ex_id, body):
        policies.enforce("action_executions:update", ctx())
        output = None if body.output is wtypes.Unset else body.output
        row = ae_service.complete_action(
            ctx(),
            engine_client(),
            action_ex_id,
            state=None if body.state is wtypes.Unset else body.state,
            output=output,
        )
        return res.ActionExecution.wire_from_db(row)

    @wsme_pecan.wsexpose(None, wtypes.text, status_code=204)
    def delete(self, action_ex_id):
        policies.enforce("action_executions:delete", ctx())
        ae_service.delete_action_execution(ctx(), action_ex_id)

    @wsme_pecan.wsexpose(res.ActionExecutions, *_PAGE_TYPES, *_FILTER_TYPES)
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        created_at=None,
        name=None,
        tags=None,
        updated_at=None,
        workflow_name=None,
        task_name=None,
        task_execution_id=None,
        state=None,
        state_info=None,
        accepted=None,
        input=None,
        output=None,
        params=None,
        description=None,
        include_output=False,
    ):
        policies.enforce("action_executions:list", ctx())
        return _list(
            task_execution_id,
            marker,
            limit,
            sort_keys,
            sort_dirs,
            fields,
            include_output,
            task_name,
            created_at=created_at,
            name=name,
            tags=tags,
            updated_at=updated_at,
            workflow_name=workflow_name,
            state=state,
            state_info=state_info,
            accepted=accepted,
            input=input,
            output=output,
            description=description,
        )


class TaskActionExecutionsController(rest.RestController):
    """GET /v2/tasks/{id}/action_executions[/{action_ex_id}]."""

    def __init__(self, task_id: str):
        super().__init__()
        self.task_id = task_id

    @wsme_pecan.wsexpose(res.ActionExecution, wtypes.text, types.uniquelist)
    def get(self, action_ex_id, fields=""):
        return _get_one(action_ex_id, fields)

    @wsme_pecan.wsexpose(res.ActionExecutions, *_PAGE_TYPES, *_FILTER_TYPES[:6], *_FILTER_TYPES[7:])
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        created_at=None,
        name=None,
        tags=None,
        updated_at=None,
        workflow_name=None,
        task_name=None,
        state=None,
        state_info=None,
        accepted=None,
        input=None,
        output=None,
        params=None,
        description=None,
        include_output=False,
    ):
        policies.enforce("action_executions:list", ctx())
        return _list(
            self.task_id,
            marker,
            limit,
            sort_keys,
            sort_dirs,
            fields,
            include_output,
            task_name,
            created_at=created_at,
            name=name,
            tags=tags,
            updated_at=updated_at,
            workflow_name=workflow_name,
            state=state,
            state_info=state_info,
            accepted=accepted,
            input=input,
            output=output,
            description=description,
        )
