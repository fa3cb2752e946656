"""Execution states of workflows, tasks and actions, and the allowed transitions (§19)."""

IDLE = "IDLE"
WAITING = "WAITING"
RUNNING = "RUNNING"
RUNNING_DELAYED = "DELAYED"
PAUSED = "PAUSED"
SUCCESS = "SUCCESS"
CANCELLED = "CANCELLED"
ERROR = "ERROR"
SKIPPED = "SKIPPED"

ALL = (IDLE, WAITING, RUNNING, RUNNING_DELAYED, PAUSED, SUCCESS, CANCELLED, ERROR, SKIPPED)

# SKIPPED has no entry: nothing leaves it (Mistral's table has no row for it).
_VALID_TRANSITIONS = {
    IDLE: (RUNNING, ERROR, CANCELLED),
    WAITING: (RUNNING,),
    RUNNING: (PAUSED, RUNNING_DELAYED, SUCCESS, ERROR, CANCELLED),
    RUNNING_DELAYED: (RUNNING, ERROR, CANCELLED),
    PAUSED: (RUNNING, ERROR, CANCELLED),
    SUCCESS: (),
    CANCELLED: (RUNNING,),
    ERROR: (RUNNING, SKIPPED),
}

COMPLETED_STATES = frozenset({SUCCESS, ERROR, CANCELLED, SKIPPED})
TERMINAL_STATES = frozenset({SUCCESS, ERROR, CANCELLED})
INCOMPLETE_STATES = frozenset({IDLE, RUNNING, WAITING, RUNNING_DELAYED, PAUSED})


def is_valid(state: str) -> bool:
    return state in ALL


def is_valid_transition(from_state: str, to_state: str) -> bool:
    """Same-state moves are always valid; unknown states never are."""
    if not is_valid(from_state) or not is_valid(to_state):
        return False
    if from_state == to_state:
        return True
    return to_state in _VALID_TRANSITIONS.get(from_state, ())


def is_completed(state: str) -> bool:
    return state in COMPLETED_STATES


def is_running(state: str) -> bool:
    return state in (RUNNING, RUNNING_DELAYED)


def is_paused(state: str) -> bool:
    return state == PAUSED


def is_paused_or_completed(state: str) -> bool:
    return is_paused(state) or is_completed(state)


def is_cancelled_or_skipped(state: str) -> bool:
    return state in (CANCELLED, SKIPPED)
