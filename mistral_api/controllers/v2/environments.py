"""/v2/environments (being written)."""

from pecan import rest


class EnvironmentsController(rest.RestController):
    pass
