"""GET /v2 and the tree of /v2 resources."""

import pecan
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api.controllers.v2 import (
    action_executions,
    actions,
    code_sources,
    cron_triggers,
    dynamic_actions,
    environments,
    executions,
    tasks,
    workbooks,
    workflows,
)
from mistral_api.resources.base import Resource


class RootResource(Resource):
    uri = wtypes.text


class Controller:
    workflows = workflows.WorkflowsController()
    workbooks = workbooks.WorkbooksController()
    actions = actions.ActionsController()
    environments = environments.EnvironmentsController()
    code_sources = code_sources.CodeSourcesController()
    dynamic_actions = dynamic_actions.DynamicActionsController()
    executions = executions.ExecutionsController()
    tasks = tasks.TasksController()
    action_executions = action_executions.ActionExecutionsController()
    cron_triggers = cron_triggers.CronTriggersController()

    @wsme_pecan.wsexpose(RootResource)
    def index(self):
        return RootResource(uri=f"{pecan.request.application_url}/v2")
