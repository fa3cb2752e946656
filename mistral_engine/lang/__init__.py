"""Parser and validator of the Mistral workflow language v2 (pure: no I/O, no DB).

Entry points for the API layer: ``parse_workflows``, ``parse_workbook``,
``parse_actions`` (text in, immutable specs out, ``DSLParsingException`` and
subclasses on invalid input), ``load_yaml`` and the ``definition`` helpers.
"""

from mistral_engine.lang.actions import ActionSpec, parse_action
from mistral_engine.lang.documents import (
    ActionListSpec,
    WorkbookSpec,
    WorkflowListSpec,
    action_list_from_dict,
    parse_actions,
    parse_workbook,
    parse_workflows,
    workbook_from_dict,
    workflow_list_from_dict,
)
from mistral_engine.lang.fragments import extract_fragment, workflow_definitions
from mistral_engine.lang.inline import parse_cmd_and_input
from mistral_engine.lang.policies import PoliciesSpec, RetrySpec
from mistral_engine.lang.task_defaults import TaskDefaultsSpec
from mistral_engine.lang.tasks import TaskSpec
from mistral_engine.lang.transitions import ENGINE_COMMANDS, OnClause, PublishSpec, Transition
from mistral_engine.lang.workflows import WorkflowSpec, parse_workflow
from mistral_engine.lang.yaml_loader import MAX_DEFINITION_BYTES, load_yaml

__all__ = [
    "ENGINE_COMMANDS",
    "MAX_DEFINITION_BYTES",
    "ActionListSpec",
    "ActionSpec",
    "OnClause",
    "PoliciesSpec",
    "PublishSpec",
    "RetrySpec",
    "TaskDefaultsSpec",
    "TaskSpec",
    "Transition",
    "WorkbookSpec",
    "WorkflowListSpec",
    "WorkflowSpec",
    "action_list_from_dict",
    "extract_fragment",
    "load_yaml",
    "parse_action",
    "parse_actions",
    "parse_cmd_and_input",
    "parse_workbook",
    "parse_workflow",
    "parse_workflows",
    "workbook_from_dict",
    "workflow_definitions",
    "workflow_list_from_dict",
]
