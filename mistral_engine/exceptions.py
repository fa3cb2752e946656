"""Exceptions shared by every layer, each carrying its HTTP meaning.

``str(exc)`` is the bare message, which the API puts into ``faultstring``.
"""


class MistralException(Exception):
    """Base error: a message and the HTTP status the API answers with."""

    http_code = 500
    message = "An unknown exception occurred"

    def __init__(self, message: str | None = None):
        if message is not None:
            self.message = message
        # args hold just the message so the exception survives an RPC round trip.
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @property
    def faultstring(self) -> str:
        """What WSME puts in the error body (never a remote traceback)."""
        return self.message

    @property
    def code(self) -> int:
        """WSME renders an exception with a 4xx ``code`` as a client error of that status."""
        return self.http_code


# --- 400: bad input -------------------------------------------------------


class BadRequest(MistralException):
    http_code = 400


class DBError(BadRequest):
    message = "Database error"


class DSLParsingException(BadRequest):
    message = "Definition could not be parsed"


class InvalidModelException(DSLParsingException):
    message = "Wrong entity definition"


class ExpressionGrammarException(DSLParsingException):
    message = "Invalid grammar of expression"


class YaqlGrammarException(ExpressionGrammarException):
    message = "Invalid grammar of YAQL expression"


class JinjaGrammarException(ExpressionGrammarException):
    message = "Invalid grammar of Jinja expression"


class EvaluationException(BadRequest):
    message = "Can not evaluate expression"


class YaqlEvaluationException(EvaluationException):
    message = "Can not evaluate YAQL expression"


class JinjaEvaluationException(EvaluationException):
    message = "Can not evaluate Jinja expression"


class DataAccessException(BadRequest):
    message = "Data access error"


class ActionException(BadRequest):
    message = "Failed to process an action"


class InvalidActionException(BadRequest):
    message = "Invalid action"


class WorkflowException(BadRequest):
    message = "Workflow exception occurred"


class InputException(BadRequest):
    message = "Invalid input"


class SizeLimitExceededException(BadRequest):
    message = "Size limit exceeded"


class InvalidStateTransitionException(BadRequest):
    message = "Invalid state transition"


class InvalidResultException(BadRequest):
    message = "Invalid result"


class UnsupportedMediaType(MistralException):
    http_code = 415
    message = "Unsupported media type"


class RequestTooLarge(MistralException):
    http_code = 413
    message = "Request entity is too large"


# --- 401/403/404/409 ----------------------------------------------------------


class UnauthorizedException(MistralException):
    http_code = 401
    message = "Unauthorized"


class NotAllowedException(MistralException):
    http_code = 403
    message = "Operation forbidden (insufficient permissions)"


class DBEntityNotFoundError(MistralException):
    http_code = 404
    message = "Object not found"


class DBDuplicateEntryError(MistralException):
    http_code = 409
    message = "Database object already exists"


# --- 500 --------------------------------------------------------------------


class EngineException(MistralException):
    message = "Engine exception occurred"


class ServiceUnavailable(MistralException):
    message = "The service is temporarily unavailable"
