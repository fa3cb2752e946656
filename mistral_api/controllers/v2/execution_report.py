"""GET /v2/executions/{id}/report: statistics and the tree of tasks, actions and
sub-workflows of one execution."""

from pecan import rest
from wsmeext import pecan as wsme_pecan

from mistral_api import policies
from mistral_api.hooks import ctx
from mistral_api.resources import executions as res
from mistral_api.resources import types
from mistral_engine.services import execution_tree


class ExecutionReportController(rest.RestController):
    def __init__(self, execution_id: str):
        super().__init__()
        self.execution_id = execution_id

    @wsme_pecan.wsexpose(res.ExecutionReport, types.boolean, int, types.boolean)
    def get_all(self, errors_only=False, max_depth=-1, statistics_only=False):
        policies.enforce("executions:get", ctx())
        report = execution_tree.report(
            ctx(),
            self.execution_id,
            errors_only=errors_only,
            max_depth=max_depth,
            statistics_only=statistics_only,
        )
        return res.render_report(report)
