"""Workflow specifications, the task graph helpers and graph validation."""

from dataclasses import dataclass, field

from mistral_engine import exceptions as exc
from mistral_engine.lang import schemas
from mistral_engine.lang.base import (
    DSL_VERSION,
    check_expressions,
    check_schema,
    input_entries,
    is_uuid_like,
    with_injected,
)
from mistral_engine.lang.task_defaults import TaskDefaultsSpec
from mistral_engine.lang.tasks import TaskSpec, parse_task
from mistral_engine.lang.transitions import CLAUSE_NAMES, ENGINE_COMMANDS, Transition

WORKFLOW_TYPES = ("direct", "reverse")
SPEC_CLASS_NAMES = {"direct": "DirectWorkflowSpec", "reverse": "ReverseWorkflowSpec"}


@dataclass(frozen=True)
class WorkflowSpec:
    """One workflow. ``data`` is the raw dict with ``name``/``version`` injected."""

    name: str
    type: str
    description: str | None
    tags: list
    input: list
    output: dict
    output_on_error: dict
    vars: dict
    task_defaults: TaskDefaultsSpec | None
    tasks: dict[str, TaskSpec]
    data: dict = field(repr=False)

    @property
    def spec_class_name(self) -> str:
        """Mistral's class name, which appears in some user-visible messages."""
        return SPEC_CLASS_NAMES[self.type]

    def input_params(self) -> list[tuple[str, bool, object]]:
        """``(name, has_default, default)`` per declared input parameter."""
        return input_entries(self.input)

    def input_string(self) -> str:
        """The API ``input`` field: ``a, b="1", c="None"``."""
        parts = [f'{n}="{d}"' if has else n for n, has, d in self.input_params()]
        return ", ".join(parts)

    def interface(self) -> dict:
        return {"input": self.input, "output": list(self.output)}

    # --- direct workflow graph -------------------------------------------

    def clause(self, task_name: str, clause: str) -> tuple[Transition, ...]:
        """Targets of ``clause`` for the task, falling back to task-defaults.

        The task's own clause wins when it has targets; otherwise the
        default clause applies with the task itself removed.
        """
        own = self.tasks[task_name].on_clause(clause)
        if own and own.next:
            return own.next
        default = self.task_defaults.on_clause(clause) if self.task_defaults else None
        return default.without(task_name) if default else ()

    def outbound_names(self, task_name: str) -> list[str]:
        names = []
        for clause in CLAUSE_NAMES:
            names.extend(t.name for t in self.clause(task_name, clause) if t.name not in names)
        return names

    def inbound_tasks(self, task_name: str) -> list[TaskSpec]:
        return [t for t in self.tasks.values() if task_name in self.outbound_names(t.name)]

    def start_tasks(self) -> list[TaskSpec]:
        targets = {n for t in self.tasks for n in self.outbound_names(t)}
        return [t for name, t in self.tasks.items() if name not in targets]

    # --- reverse workflow graph ------------------------------------------

    def task_requires(self, task_name: str) -> list[str]:
        """Own requirements plus task-defaults ``requires``, minus the task itself."""
        names = list(self.tasks[task_name].requires)
        if self.task_defaults:
            names += [r for r in self.task_defaults.requires if r not in names]
        return [n for n in names if n != task_name]


def _check_direct_graph(spec: WorkflowSpec) -> None:
    if not spec.start_tasks():
        raise exc.DSLParsingException(
            "Failed to find start tasks in direct workflow. "
            "There must be at least one task without inbound transition."
            f"[workflow_name={spec.name}]"
        )
    for task_name in spec.tasks:
        for target in spec.outbound_names(task_name):
            if target not in spec.tasks and target not in ENGINE_COMMANDS:
                raise exc.InvalidModelException(f"Task '{target}' not found.")
    errors = []
    for task in spec.tasks.values():
        if not task.join:
            continue
        inbound = len(spec.inbound_tasks(task.name))
        if task.join == "all":
            if inbound == 0:
                errors.append(f"No inbound tasks for task with 'join: all' [task_name={task.name}]")
        elif inbound < task.join_count:
            errors.append(
                "Not enough inbound tasks for task with 'join' "
                f"[task_name={task.name}, join={task.join_count}, inbound_tasks={inbound}]"
            )
    if errors:
        raise exc.InvalidModelException("\n".join(errors))


def _check_reverse_graph(spec: WorkflowSpec) -> None:
    for task_name in spec.tasks:
        for required in spec.task_requires(task_name):
            if required not in spec.tasks:
                raise exc.InvalidModelException(f"Task '{required}' not found.")


def parse_workflow(data: object, validate: bool = True) -> WorkflowSpec:
    """Build a workflow from its dict (``name`` and ``version`` already injected)."""
    if not isinstance(data, dict):
        raise exc.InvalidModelException(
            "A specification with polymorphic key must be backed by a dictionary "
            f"[spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data={data}]"
        )
    wf_type = data.get("type", "direct")
    if wf_type not in WORKFLOW_TYPES:
        raise exc.DSLParsingException(
            "Failed to find a specification class to instantiate "
            f"[spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data={data}]"
        )
    check_schema(data, schemas.WORKFLOW, validate)
    check_expressions([data.get("output"), data.get("vars")], validate)
    check_expressions(data.get("output-on-error"), validate)
    defaults = data.get("task-defaults")
    task_defaults = TaskDefaultsSpec.parse(defaults, validate) if defaults is not None else None
    tasks = {}
    for task_name, task_data in data["tasks"].items():
        if not isinstance(task_data, dict):
            raise exc.InvalidModelException(
                "A specification with polymorphic key must be backed by a dictionary "
                f"[spec_cls=<class 'mistral.lang.v2.tasks.TaskSpec'>, data={task_data}]"
            )
        injected = with_injected(task_data, type=wf_type, name=task_name, version=DSL_VERSION)
        tasks[task_name] = parse_task(injected, validate)
    spec = WorkflowSpec(
        name=data["name"],
        type=wf_type,
        description=data.get("description"),
        tags=list(data.get("tags", [])),
        input=list(data.get("input", [])),
        output=data.get("output", {}),
        output_on_error=data.get("output-on-error", {}),
        vars=data.get("vars", {}),
        task_defaults=task_defaults,
        tasks=tasks,
        # As in Mistral, the stored spec's tasks carry their injected type, name and version.
        data={**data, "tasks": {name: task.data for name, task in tasks.items()}},
    )
    if validate:
        if is_uuid_like(spec.name):
            raise exc.InvalidModelException("Workflow name cannot be in the format of UUID.")
        if wf_type == "direct":
            _check_direct_graph(spec)
        else:
            _check_reverse_graph(spec)
    return spec
