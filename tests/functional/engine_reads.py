"""Reads the engine tests share: tasks by name, a task's action executions, and waiting
for a task to reach a state."""

import time


def by_name(tasks: list) -> dict:
    return {t["name"]: t for t in tasks}


def tasks_by_name(api, ex_id: str) -> dict:
    return by_name(api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"])


def actions_of(api, task_id: str) -> list:
    """The task's action executions with their output, oldest first."""
    return api.get(
        f"/v2/action_executions?task_execution_id={task_id}&include_output=true"
        "&sort_keys=created_at"
    ).json()["action_executions"]


def wait_task_state(api, ex_id: str, name: str, state: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        task = tasks_by_name(api, ex_id).get(name)
        if task is not None and task["state"] == state:
            return task
        time.sleep(0.05)
    raise AssertionError(f"task {name} of {ex_id} never {state}")
