"""/v2/tasks: list and read task executions, rerun or skip a failed one; the tasks of one
execution (/v2/executions/{id}/tasks) and the executions below one task."""

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.controllers.v2 import action_executions
from mistral_api.hooks import ctx, engine_client
from mistral_api.resources import executions as ex_res
from mistral_api.resources import types
from mistral_api.resources.tasks import Task, Tasks, render_task
from mistral_db import models
from mistral_engine.services import executions as ex_service
from mistral_engine.services import tasks as task_service

_LIST_TYPES = (
    types.uuid,
    int,
    types.uniquelist,
    types.list_type,
    types.uniquelist,
    wtypes.text,
    wtypes.text,
    types.uuid,
    types.uniquelist,
    wtypes.text,
    wtypes.text,
    wtypes.text,
    types.jsontype,
    types.boolean,
    wtypes.text,
    wtypes.text,
    types.boolean,
    types.jsontype,
)


def _list_tasks(filters: dict, marker, limit, sort_keys, sort_dirs, fields, extra_where=()):
    return listing.get_all(
        Tasks,
        Task,
        models.TaskExecution,
        ctx(),
        marker=marker,
        limit=limit,
        sort_keys=sort_keys,
        sort_dirs=sort_dirs,
        fields=fields,
        filters=filters,
        extra_where=extra_where,
        marker_not_found="Task execution not found [id={id}]",
    )


def _filters(**values) -> dict:
    # result, reset and env are not stored columns; Mistral accepts them and they match
    # nothing useful, so they are not applied.
    for name in ("result", "reset", "env"):
        values.pop(name, None)
    return values


class TaskSubExecutionsController(rest.RestController):
    """GET /v2/tasks/{id}/executions: the workflow executions below one task."""

    def __init__(self, task_id: str):
        super().__init__()
        self.task_id = task_id

    @wsme_pecan.wsexpose(ex_res.Executions, types.boolean, int, types.boolean)
    def get_all(self, errors_only=False, max_depth=-1, include_output=False):
        policies.enforce("executions:get", ctx())
        rows = task_service.sub_executions(
            ctx(), self.task_id, errors_only=errors_only, max_depth=max_depth
        )
        cls = ex_res.execution_class(include_output, None)
        return {"executions": [cls.wire_from_db(row) for row in rows]}


class TaskWorkflowExecutionsController(rest.RestController):
    """GET /v2/tasks/{id}/workflow_executions: the executions a task started, as a list."""

    def __init__(self, task_id: str):
        super().__init__()
        self.task_id = task_id

    @wsme_pecan.wsexpose(
        ex_res.Executions,
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
        wtypes.text,
        wtypes.text,
        types.jsontype,
        types.jsontype,
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
        workflow_name=None,
        workflow_id=None,
        description=None,
        tags=None,
        params=None,
        state=None,
        state_info=None,
        input=None,
        output=None,
        created_at=None,
        updated_at=None,
    ):
        policies.enforce("executions:list", ctx())
        filters = dict(
            task_execution_id=self.task_id,
            created_at=created_at,
            workflow_name=workflow_name,
            workflow_id=workflow_id,
            tags=tags,
            params=params,
            state=state,
            state_info=state_info,
            input=input,
            output=output,
            updated_at=updated_at,
            description=description,
        )
        return listing.get_all(
            ex_res.Executions,
            ex_res.execution_class(False, fields),
            models.WorkflowExecution,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            filters=filters,
            marker_not_found="WorkflowExecution not found [id={id}]",
        )


class ExecutionTasksController(rest.RestController):
    """GET /v2/executions/{id}/tasks."""

    def __init__(self, execution_id: str):
        super().__init__()
        self.execution_id = execution_id

    @wsme_pecan.wsexpose(Tasks, *_LIST_TYPES)
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        name=None,
        workflow_name=None,
        workflow_id=None,
        tags=None,
        state=None,
        state_info=None,
        result=None,
        published=None,
        processed=None,
        created_at=None,
        updated_at=None,
        reset=None,
        env=None,
    ):
        policies.enforce("tasks:list", ctx())
        ex_service.check_exists(ctx(), self.execution_id)
        filters = _filters(
            workflow_execution_id=self.execution_id,
            created_at=created_at,
            workflow_name=workflow_name,
            workflow_id=workflow_id,
            tags=tags,
            state=state,
            state_info=state_info,
            updated_at=updated_at,
            name=name,
            published=published,
            processed=processed,
        )
        return _list_tasks(filters, marker, limit, sort_keys, sort_dirs, fields)


class TasksController(rest.RestController):
    @pecan.expose()
    def _lookup(self, task_id, sub_resource, *remainder):
        if sub_resource == "action_executions":
            return action_executions.TaskActionExecutionsController(task_id), remainder
        if sub_resource == "executions":
            return TaskSubExecutionsController(task_id), remainder
        if sub_resource == "workflow_executions":
            return TaskWorkflowExecutionsController(task_id), remainder
        return None

    @wsme_pecan.wsexpose(Task, wtypes.text, types.uniquelist)
    def get(self, task_id, fields=""):
        policies.enforce("tasks:get", ctx())
        listing.validate_fields(fields, Task.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row, result, published_global = task_service.get_task(ctx(), task_id)
        return render_task(row, fields or None, result, published_global)

    @wsme_pecan.wsexpose(Task, wtypes.text, body=Task)
    def put(self, task_id, body):
        policies.enforce("tasks:update", ctx())
        row, result, published_global = task_service.rerun_task(
            ctx(),
            engine_client(),
            task_id,
            state=body.state or None,
            reset=None if body.reset is wtypes.Unset else body.reset,
            env=body.env or None,
            name=body.name or None,
            workflow_name=body.workflow_name or None,
        )
        return render_task(row, None, result, published_global)

    @wsme_pecan.wsexpose(Tasks, *_LIST_TYPES[:7], types.uuid, *_LIST_TYPES[7:])
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        name=None,
        workflow_name=None,
        workflow_id=None,
        workflow_execution_id=None,
        tags=None,
        state=None,
        state_info=None,
        result=None,
        published=None,
        processed=None,
        created_at=None,
        updated_at=None,
        reset=None,
        env=None,
    ):
        policies.enforce("tasks:list", ctx())
        filters = _filters(
            created_at=created_at,
            workflow_name=workflow_name,
            workflow_id=workflow_id,
            tags=tags,
            state=state,
            state_info=state_info,
            updated_at=updated_at,
            name=name,
            workflow_execution_id=workflow_execution_id,
            published=published,
            processed=processed,
        )
        return _list_tasks(filters, marker, limit, sort_keys, sort_dirs, fields)
