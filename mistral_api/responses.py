"""Hand-rendered JSON answers of the text/plain upload endpoints."""

import json

import webob


def json_response(body, status: int = 200) -> webob.Response:
    return webob.Response(
        status=status,
        content_type="application/json",
        charset="UTF-8",
        body=json.dumps(body).encode("utf-8"),
    )
