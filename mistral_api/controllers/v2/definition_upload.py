"""Reading DSL text from a request: allowed content types, size limit, query flags."""

import pecan

from mistral_engine import exceptions

_TEXT_TYPES = (
    "",
    "text/plain",
    "text/yaml",
    "text/x-yaml",
    "application/yaml",
    "application/x-yaml",
    "multipart/form-data",
    "application/octet-stream",
    # JSON is YAML too; Mistral accepts definitions sent with this type.
    "application/json",
)


def request_text() -> str:
    """The definition in the request body, refused when it is not text or is empty."""
    request = pecan.request
    content_type = (request.content_type or "").split(";")[0].strip().lower()
    if content_type not in _TEXT_TYPES:
        raise exceptions.UnsupportedMediaType(
            f"Unsupported Content-Type '{content_type}': definitions are sent as YAML text "
            "(Content-Type: text/plain)."
        )
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise exceptions.BadRequest("The definition is not valid UTF-8 text.")
    return text


def scope_param(default: str = "private") -> str:
    return pecan.request.GET.get("scope", default)


def skip_validation_param() -> bool:
    return "skip_validation" in pecan.request.GET
