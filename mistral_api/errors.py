"""Maps exceptions to Mistral's JSON error body and status code.

WSME endpoints answer ``{"faultcode", "faultstring", "debuginfo"}`` (WSME renders a
MistralException itself, through its ``code``); plain pecan
endpoints (the text/plain definition uploads) answer ``{"faultstring"}`` only, as in
Mistral.
"""

import functools
import json
import logging

import webob

from mistral_engine import exceptions

LOG = logging.getLogger(__name__)


def pecan_errors(func):
    """For plain ``pecan.expose`` methods: a MistralException becomes a JSON response."""

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except exceptions.MistralException as error:
            _log(error)
            return error_response(error.http_code, error.message)

    return wrapped


def error_response(status: int, message: str, wsme_style: bool = False) -> webob.Response:
    body = {"faultstring": message}
    if wsme_style:
        body = {
            "faultcode": "Client" if status < 500 else "Server",
            "faultstring": message,
            "debuginfo": None,
        }
    return webob.Response(
        status=status,
        content_type="application/json",
        body=json.dumps(body).encode(),
        charset="UTF-8",
    )


def _log(error: exceptions.MistralException) -> None:
    if error.http_code >= 500:
        LOG.exception("Error during API call: %s", error)
    else:
        LOG.info("Error during API call: %s", error)
