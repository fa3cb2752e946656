"""/v2/workbooks (being written)."""

from pecan import rest


class WorkbooksController(rest.RestController):
    pass
