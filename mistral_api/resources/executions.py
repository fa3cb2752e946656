"""The Execution resource, its list, and the execution report entries."""

import json

from wsme import types as wtypes

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList, format_datetime


class Execution(Resource):
    id = wtypes.text
    workflow_id = wtypes.text
    workflow_name = wtypes.text
    workflow_namespace = wtypes.text
    description = wtypes.text
    tags = [wtypes.text]
    params = types.jsontype
    task_execution_id = wtypes.text
    root_execution_id = wtypes.text
    source_execution_id = wtypes.text
    state = wtypes.text
    state_info = wtypes.text
    input = types.jsontype
    output = types.jsontype
    created_at = wtypes.text
    updated_at = wtypes.text
    project_id = wtypes.text
    published_global = types.jsontype


class ExecutionWithoutOutput(Execution):
    """An execution as lists show it unless ``include_output`` is asked for."""

    @classmethod
    def _wire_plan(cls):
        plan = cls.__dict__.get("_wire_plan_cache")
        if plan is None:
            plan = [item for item in Execution._wire_plan() if item[0] != "output"]
            cls._wire_plan_cache = plan
        return plan


def execution_class(include_output, fields):
    """The resource class a list renders with: ``output`` only when asked for."""
    if include_output or (fields and "output" in fields):
        return Execution
    return ExecutionWithoutOutput


def render_execution(row, fields=None, published_global=None) -> dict:
    wire = Execution.wire_from_db(row, fields)
    if published_global is not None and (not fields or "published_global" in fields):
        wire["published_global"] = json.dumps(published_global)
    return wire


class Executions(ResourceList):
    _type = "executions"
    executions = [Execution]


class ExecutionReportEntry(Resource):
    id = wtypes.text
    name = wtypes.text
    created_at = wtypes.text
    updated_at = wtypes.text
    state = wtypes.text
    state_info = wtypes.text


class ActionExecutionReportEntry(ExecutionReportEntry):
    accepted = bool
    last_heartbeat = wtypes.text


class WorkflowExecutionReportEntry(ExecutionReportEntry):
    pass


class TaskExecutionReportEntry(ExecutionReportEntry):
    action_executions = [ActionExecutionReportEntry]
    workflow_executions = [WorkflowExecutionReportEntry]
    retry_count = wtypes.IntegerType(minimum=0)


WorkflowExecutionReportEntry.task_executions = [TaskExecutionReportEntry]
wtypes.registry.reregister(WorkflowExecutionReportEntry)


class ExecutionReportStatistics(Resource):
    total_tasks_count = wtypes.IntegerType(minimum=0)
    running_tasks_count = wtypes.IntegerType(minimum=0)
    success_tasks_count = wtypes.IntegerType(minimum=0)
    error_tasks_count = wtypes.IntegerType(minimum=0)
    idle_tasks_count = wtypes.IntegerType(minimum=0)
    paused_tasks_count = wtypes.IntegerType(minimum=0)
    estimated_time = wtypes.IntegerType(minimum=-1)


class ExecutionReport(Resource):
    statistics = ExecutionReportStatistics
    root_workflow_execution = WorkflowExecutionReportEntry


def _entry(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "created_at": format_datetime(row.created_at),
        "updated_at": format_datetime(row.updated_at),
        "state": row.state,
        "state_info": row.state_info,
    }


def _workflow_entry(node) -> dict:
    entry = _entry(node.row)
    entry["name"] = node.row.name or node.row.workflow_name
    if node.tasks is not None:
        entry["task_executions"] = [_task_entry(task) for task in node.tasks]
    return entry


def _task_entry(node) -> dict:
    entry = {
        "action_executions": [_action_entry(row) for row in node.actions],
        "workflow_executions": [_workflow_entry(sub) for sub in node.workflows],
    }
    entry.update(_entry(node.row))
    if node.retry_count is not None:
        entry["retry_count"] = node.retry_count
    return entry


def _action_entry(row) -> dict:
    entry = {"accepted": row.accepted, "last_heartbeat": format_datetime(row.last_heartbeat)}
    entry.update(_entry(row))
    return entry


def render_report(report) -> dict:
    """The wire dict of a ``services.execution_tree.Report``."""
    wire = {"statistics": dict(report.statistics)}
    if report.root is not None:
        wire["root_workflow_execution"] = _workflow_entry(report.root)
    return wire
