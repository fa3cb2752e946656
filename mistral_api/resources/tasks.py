"""The Task resource: a task execution with its computed result and global publishes."""

import json

from wsme import types as wtypes

from mistral_api.resources import types
from mistral_api.resources.base import Resource, ResourceList

STATE_TYPES = wtypes.Enum(str, "IDLE", "RUNNING", "SUCCESS", "ERROR", "RUNNING_DELAYED")


class Task(Resource):
    id = wtypes.text
    name = wtypes.text
    type = wtypes.text
    workflow_name = wtypes.text
    workflow_namespace = wtypes.text
    workflow_id = wtypes.text
    workflow_execution_id = wtypes.text
    tags = [wtypes.text]
    state = wtypes.text
    state_info = wtypes.text
    project_id = wtypes.text
    runtime_context = types.jsontype
    result = wtypes.text
    published = types.jsontype
    published_global = types.jsontype
    processed = bool
    created_at = wtypes.text
    updated_at = wtypes.text
    started_at = wtypes.text
    finished_at = wtypes.text
    reset = bool
    env = types.jsontype


_UNSET = object()


def render_task(row, fields=None, result=_UNSET, published_global=None) -> dict:
    """A task as GET shows it: the row plus ``result`` (JSON text) and, when the task
    published globally, ``published_global``."""
    wire = Task.wire_from_db(row, fields)
    if result is not _UNSET and (not fields or "result" in fields):
        wire["result"] = json.dumps(result)
    if published_global and (not fields or "published_global" in fields):
        wire["published_global"] = json.dumps(published_global)
    if fields:
        # Keep the asked order, as Mistral's projection does.
        wire = {name: wire[name] for name in fields if name in wire}
    return wire


class Tasks(ResourceList):
    _type = "tasks"
    tasks = [Task]
