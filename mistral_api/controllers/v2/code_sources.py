"""/v2/code_sources (being written)."""

from pecan import rest


class CodeSourcesController(rest.RestController):
    pass
