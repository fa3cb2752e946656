"""/v2/actions (being written)."""

from pecan import rest


class ActionsController(rest.RestController):
    pass
