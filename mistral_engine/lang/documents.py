"""The three uploadable documents: workflow lists, action lists, workbooks."""

from dataclasses import dataclass, field

from mistral_engine import exceptions as exc
from mistral_engine.lang import schemas
from mistral_engine.lang.actions import ActionSpec, parse_action
from mistral_engine.lang.base import DSL_VERSION, check_schema, with_injected
from mistral_engine.lang.workflows import WorkflowSpec, parse_workflow
from mistral_engine.lang.yaml_loader import load_yaml


@dataclass(frozen=True)
class WorkflowListSpec:
    version: object
    workflows: list[WorkflowSpec]
    data: dict = field(repr=False)

    def __iter__(self):
        return iter(self.workflows)

    def __len__(self) -> int:
        return len(self.workflows)

    def get(self, name: str) -> WorkflowSpec | None:
        return next((w for w in self.workflows if w.name == name), None)


@dataclass(frozen=True)
class ActionListSpec:
    version: object
    actions: list[ActionSpec]
    data: dict = field(repr=False)

    def __iter__(self):
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)


@dataclass(frozen=True)
class WorkbookSpec:
    """A workbook; item names are unqualified (the service stores ``<wb>.<name>``)."""

    name: str
    version: object
    description: str | None
    tags: list
    workflows: list[WorkflowSpec]
    actions: list[ActionSpec]
    data: dict = field(repr=False)


def _list_items(data: dict, validate: bool) -> list[tuple[str, dict]]:
    check_schema(data, schemas.ITEM_LIST, validate)
    if validate and len(data) < 2:
        raise exc.InvalidModelException(f"At least one item must be in the list [data={data}].")
    return [
        (name, with_injected(body, name=name, version=DSL_VERSION))
        for name, body in data.items()
        if name != "version"
    ]


def workflow_list_from_dict(data: dict, validate: bool = True) -> WorkflowListSpec:
    workflows = [parse_workflow(body, validate) for _, body in _list_items(data, validate)]
    return WorkflowListSpec(version=data.get("version"), workflows=workflows, data=data)


def action_list_from_dict(data: dict, validate: bool = True) -> ActionListSpec:
    actions = [parse_action(body, validate) for _, body in _list_items(data, validate)]
    return ActionListSpec(version=data.get("version"), actions=actions, data=data)


def _check_workbook_version(data: dict) -> None:
    version = data.get("version", DSL_VERSION)
    try:
        supported = bool(version) and str(float(version)) == DSL_VERSION
    except (TypeError, ValueError):
        supported = False
    if not supported:
        raise exc.DSLParsingException(f"Unsupported DSL version: {version}")


def _section(data: dict, key: str) -> list[tuple[str, object]]:
    body = data.get(key)
    if not isinstance(body, dict):
        return []
    return [
        (
            name,
            with_injected(item, name=name, version=DSL_VERSION) if isinstance(item, dict) else item,
        )
        for name, item in body.items()
        if name != "version"
    ]


def workbook_from_dict(data: dict, validate: bool = True) -> WorkbookSpec:
    _check_workbook_version(data)
    check_schema(data, schemas.WORKBOOK, validate)
    actions = [parse_action(body, validate) for _, body in _section(data, "actions")]
    workflows = [parse_workflow(body, validate) for _, body in _section(data, "workflows")]
    return WorkbookSpec(
        name=data["name"],
        version=data.get("version"),
        description=data.get("description"),
        tags=list(data.get("tags", [])),
        workflows=workflows,
        actions=actions,
        data=data,
    )


def parse_workflows(text: str, validate: bool = True) -> WorkflowListSpec:
    """Parse a POST/PUT /v2/workflows body."""
    return workflow_list_from_dict(load_yaml(text), validate)


def parse_actions(text: str, validate: bool = True) -> ActionListSpec:
    """Parse a POST/PUT /v2/actions body."""
    return action_list_from_dict(load_yaml(text), validate)


def parse_workbook(text: str, validate: bool = True) -> WorkbookSpec:
    """Parse a POST/PUT /v2/workbooks body."""
    return workbook_from_dict(load_yaml(text), validate)
