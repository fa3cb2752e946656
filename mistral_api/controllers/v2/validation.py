"""POST .../validate: parse a definition and answer ``{"valid": ..., "error": ...}``."""

import pecan
from pecan import rest

from mistral_api import errors
from mistral_api.controllers.v2 import definition_upload as upload


class SpecValidationController(rest.RestController):
    def __init__(self, validate_func):
        super().__init__()
        self._validate = validate_func

    @errors.pecan_errors
    @pecan.expose("json")
    def post(self):
        return self._validate(upload.request_text())
