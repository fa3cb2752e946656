"""The CronTrigger resource: a workflow started on a cron pattern or at a given time."""

import wsme
from wsme import types as wtypes

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList
from mistral_api.resources.workflows import SCOPE_TYPES


class CronTrigger(Resource):
    id = wtypes.text
    name = wtypes.text
    workflow_name = wtypes.text
    workflow_id = wtypes.text
    workflow_input = types.jsontype
    workflow_params = types.jsontype
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    scope = SCOPE_TYPES
    pattern = wtypes.text
    remaining_executions = wtypes.IntegerType(minimum=1)
    first_execution_time = wtypes.text
    next_execution_time = wtypes.text
    created_at = wtypes.text
    updated_at = wtypes.text


class CronTriggers(ResourceList):
    _type = "cron_triggers"
    cron_triggers = [CronTrigger]
