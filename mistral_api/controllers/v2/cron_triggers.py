"""/v2/cron_triggers: create, show (by name or id), list and delete cron triggers."""

from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.cron_triggers import CronTrigger, CronTriggers
from mistral_api.resources.workflows import SCOPE_TYPES
from mistral_db import models
from mistral_engine.services import cron_triggers as cron_service


def _set(value):
    return None if value is wtypes.Unset else value


class CronTriggersController(rest.RestController):
    @wsme_pecan.wsexpose(CronTrigger, wtypes.text, types.uniquelist)
    def get(self, identifier, fields=""):
        policies.enforce("cron_triggers:get", ctx())
        listing.validate_fields(fields, CronTrigger.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row = cron_service.get_cron_trigger(ctx(), identifier)
        return CronTrigger.wire_from_db(row, fields or None)

    @wsme_pecan.wsexpose(CronTrigger, body=CronTrigger, status_code=201)
    def post(self, trigger):
        policies.enforce("cron_triggers:create", ctx())
        scope = _set(trigger.scope) or "private"
        policies.enforce_scope("cron_triggers", scope, ctx())
        row = cron_service.create_cron_trigger(
            ctx(),
            name=_set(trigger.name),
            workflow_name=_set(trigger.workflow_name),
            workflow_id=_set(trigger.workflow_id),
            workflow_input=_set(trigger.workflow_input),
            workflow_params=_set(trigger.workflow_params),
            pattern=_set(trigger.pattern),
            first_time=_set(trigger.first_execution_time),
            count=_set(trigger.remaining_executions),
            scope=scope,
        )
        wire = CronTrigger.wire_from_db(row)
        # Mistral answers a create with the columns it wrote: no updated_at yet.
        del wire["updated_at"]
        return wire

    @wsme_pecan.wsexpose(None, wtypes.text, status_code=204)
    def delete(self, identifier):
        policies.enforce("cron_triggers:delete", ctx())
        cron_service.delete_cron_trigger(ctx(), identifier)

    @wsme_pecan.wsexpose(
        CronTriggers,
        types.uuid,
        int,
        types.uniquelist,
        types.list_type,
        types.uniquelist,
        wtypes.text,
        wtypes.text,
        types.uuid,
        types.jsontype,
        types.jsontype,
        SCOPE_TYPES,
        wtypes.text,
        wtypes.IntegerType(minimum=1),
        wtypes.text,
        wtypes.text,
        wtypes.text,
        wtypes.text,
        types.uuid,
        bool,
    )
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
        workflow_input=None,
        workflow_params=None,
        scope=None,
        pattern=None,
        remaining_executions=None,
        first_execution_time=None,
        next_execution_time=None,
        created_at=None,
        updated_at=None,
        project_id=None,
        all_projects=False,
    ):
        policies.enforce("cron_triggers:list", ctx())
        if all_projects:
            policies.enforce("cron_triggers:list:all_projects", ctx())
        filters = {
            "created_at": created_at,
            "name": name,
            "updated_at": updated_at,
            "workflow_name": workflow_name,
            "workflow_id": workflow_id,
            "workflow_input": workflow_input,
            "workflow_params": workflow_params,
            "scope": scope,
            "pattern": pattern,
            "remaining_executions": remaining_executions,
            "first_execution_time": first_execution_time,
            "next_execution_time": next_execution_time,
            "project_id": project_id,
        }
        return listing.get_all(
            CronTriggers,
            CronTrigger,
            models.CronTrigger,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            filters=filters,
            all_projects=all_projects,
        )
