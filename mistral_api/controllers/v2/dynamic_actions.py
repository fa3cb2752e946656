"""/v2/dynamic_actions (being written)."""

from pecan import rest


class DynamicActionsController(rest.RestController):
    pass
