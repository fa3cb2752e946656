"""The ActionExecution resource: one run of an action, in a task or ad hoc."""

from wsme import types as wtypes

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList


class ActionExecution(Resource):
    id = wtypes.text
    workflow_name = wtypes.text
    workflow_namespace = wtypes.text
    task_execution_id = wtypes.text
    state = wtypes.text
    state_info = wtypes.text
    tags = [wtypes.text]
    name = wtypes.text
    description = wtypes.text
    project_id = wtypes.text
    accepted = bool
    input = types.jsontype
    output = types.jsontype
    created_at = wtypes.text
    updated_at = wtypes.text
    params = types.jsontype


class ActionExecutionWithoutOutput(ActionExecution):
    """An action execution as lists show it unless ``include_output`` is asked for."""

    @classmethod
    def _wire_plan(cls):
        plan = cls.__dict__.get("_wire_plan_cache")
        if plan is None:
            plan = [item for item in ActionExecution._wire_plan() if item[0] != "output"]
            cls._wire_plan_cache = plan
        return plan


def action_execution_class(include_output, fields):
    if include_output or (fields and "output" in fields):
        return ActionExecution
    return ActionExecutionWithoutOutput


class ActionExecutions(ResourceList):
    _type = "action_executions"
    action_executions = [ActionExecution]
