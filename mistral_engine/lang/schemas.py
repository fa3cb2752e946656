"""JSON schemas of the workflow language, shaped like Mistral's own.

Key order matters: it decides which error is reported first, so each schema
lists its keywords and properties in the order Mistral assembles them.
"""

from mistral_engine.expressions import PATTERNS

NONEMPTY_STRING = {"type": "string", "minLength": 1}
UNIQUE_STRING_LIST = {
    "type": "array",
    "items": NONEMPTY_STRING,
    "uniqueItems": True,
    "minItems": 1,
}
POSITIVE_INTEGER = {"type": "integer", "minimum": 0}
POSITIVE_NUMBER = {"type": "number", "minimum": 0.0}
EXPRESSION = {
    "oneOf": [{"type": "string", "pattern": f"^{PATTERNS[n]}\\s*$"} for n in sorted(PATTERNS)]
}
ANY_TYPES = ["array", "boolean", "integer", "number", "object", "string"]
ANY = {"anyOf": [{"type": t} for t in ANY_TYPES]}
ANY_NULLABLE = {"anyOf": [{"type": t} for t in ["null", *ANY_TYPES]]}
NONEMPTY_DICT = {
    "type": "object",
    "minProperties": 1,
    "patternProperties": {r"^\w+$": ANY_NULLABLE},
}
ONE_KEY_DICT = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "patternProperties": {r"^\w+$": ANY_NULLABLE},
}
EXPRESSION_OR_POSITIVE_INTEGER = {"oneOf": [EXPRESSION, POSITIVE_INTEGER]}
EXPRESSION_OR_BOOLEAN = {"oneOf": [EXPRESSION, {"type": "boolean"}]}
VERSION = {"anyOf": [NONEMPTY_STRING, POSITIVE_INTEGER, POSITIVE_NUMBER]}
WORKFLOW_TYPE = {"enum": ["reverse", "direct"]}
STRING_OR_ONE_KEY_DICT = {"oneOf": [NONEMPTY_STRING, ONE_KEY_DICT]}
UNIQUE_STRING_OR_ONE_KEY_DICT_LIST = {
    "type": "array",
    "items": STRING_OR_ONE_KEY_DICT,
    "uniqueItems": True,
    "minItems": 1,
}
STRING_OR_STRING_LIST = {"oneOf": [NONEMPTY_STRING, UNIQUE_STRING_LIST]}

# Attributes every named entity may carry.
META_PROPERTIES = {
    "name": NONEMPTY_STRING,
    "version": VERSION,
    "description": NONEMPTY_STRING,
    "tags": UNIQUE_STRING_LIST,
}

# --- transitions (on-success / on-error / on-complete / on-skip) -------------

NEXT_TASK = {
    "oneOf": [
        {"type": "string", "pattern": r"^\S+$", "description": "Task name (e.g.: `task1`)"},
        {
            "type": "string",
            "pattern": r"^\w+ \w+=(.*)$",
            "description": "Task name with dict parameter "
            '(e.g.: `fail msg="test"`, `fail msg=<% task() %>`)',
        },
        {
            "type": "string",
            "pattern": r"^\w+\(\w+=(.*)\)$",
            "description": "Task name with func parameter "
            '(e.g.: `fail(msg="test")`, `fail(msg=<% task() %>)`)',
        },
    ]
}
TASK_WITH_EXPRESSION = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "patternProperties": {x["pattern"]: EXPRESSION for x in NEXT_TASK["oneOf"]},
}
LIST_OF_TASKS = {
    "type": "array",
    "items": {"oneOf": [NEXT_TASK, TASK_WITH_EXPRESSION]},
    "uniqueItems": True,
    "minItems": 1,
}
PUBLISH = {
    "type": "object",
    "properties": {
        "branch": NONEMPTY_DICT,
        "global": NONEMPTY_DICT,
        "atomic": NONEMPTY_DICT,
        **META_PROPERTIES,
    },
    "additionalProperties": False,
}
ADVANCED_ON_CLAUSE = {
    "type": "object",
    "minProperties": 1,
    "properties": {
        "publish": PUBLISH,
        "next": {"oneOf": [NEXT_TASK, TASK_WITH_EXPRESSION, LIST_OF_TASKS]},
    },
    "additionalProperties": False,
}
ON_CLAUSE = {
    "oneOf": [NEXT_TASK, TASK_WITH_EXPRESSION, LIST_OF_TASKS, ADVANCED_ON_CLAUSE],
    "properties": dict(META_PROPERTIES),
}

# --- policies --------------------------------------------------------------

RETRY_DICT = {
    "type": "object",
    "properties": {
        "count": {"oneOf": [EXPRESSION, POSITIVE_INTEGER]},
        "break-on": EXPRESSION,
        "continue-on": EXPRESSION,
        "delay": {"oneOf": [EXPRESSION, POSITIVE_INTEGER]},
    },
    "required": ["delay", "count"],
    "additionalProperties": False,
}
RETRY = {"oneOf": [RETRY_DICT, NONEMPTY_STRING], "properties": dict(META_PROPERTIES)}

POLICY_PROPERTIES = {
    "retry": RETRY,
    "wait-before": EXPRESSION_OR_POSITIVE_INTEGER,
    "wait-after": EXPRESSION_OR_POSITIVE_INTEGER,
    "timeout": EXPRESSION_OR_POSITIVE_INTEGER,
    "pause-before": EXPRESSION_OR_BOOLEAN,
    "concurrency": EXPRESSION_OR_POSITIVE_INTEGER,
    "fail-on": EXPRESSION_OR_BOOLEAN,
}

TASK_DEFAULTS = {
    "type": "object",
    "properties": {
        **POLICY_PROPERTIES,
        "on-complete": ON_CLAUSE,
        "on-success": ON_CLAUSE,
        "on-error": ON_CLAUSE,
        "on-skip": ON_CLAUSE,
        "safe-rerun": EXPRESSION_OR_BOOLEAN,
        "requires": STRING_OR_STRING_LIST,
        **META_PROPERTIES,
    },
    "additionalProperties": False,
}

# --- tasks -----------------------------------------------------------------


def _task_schema(wf_type: str) -> dict:
    kind_props = (
        {
            "join": {"oneOf": [{"enum": ["all", "one"]}, POSITIVE_INTEGER]},
            "on-complete": ON_CLAUSE,
            "on-success": ON_CLAUSE,
            "on-error": ON_CLAUSE,
            "on-skip": ON_CLAUSE,
        }
        if wf_type == "direct"
        else {"requires": STRING_OR_STRING_LIST}
    )
    return {
        "type": "object",
        "properties": {
            "type": {"enum": [wf_type]},
            "action": NONEMPTY_STRING,
            "workflow": NONEMPTY_STRING,
            "input": {"oneOf": [NONEMPTY_DICT, NONEMPTY_STRING]},
            "with-items": {"oneOf": [NONEMPTY_STRING, UNIQUE_STRING_LIST]},
            "publish": NONEMPTY_DICT,
            "publish-on-error": NONEMPTY_DICT,
            "publish-on-skip": NONEMPTY_DICT,
            **POLICY_PROPERTIES,
            "target": NONEMPTY_STRING,
            "keep-result": EXPRESSION_OR_BOOLEAN,
            "safe-rerun": EXPRESSION_OR_BOOLEAN,
            **kind_props,
            **META_PROPERTIES,
        },
        "additionalProperties": False,
        "anyOf": [
            {"not": {"type": "object", "required": ["action", "workflow"]}},
            {
                "oneOf": [
                    {"type": "object", "required": ["action"]},
                    {"type": "object", "required": ["workflow"]},
                ]
            },
        ],
        "required": ["name", "version"],
    }


TASK = {"direct": _task_schema("direct"), "reverse": _task_schema("reverse")}

# --- workflows, actions, lists, workbooks ------------------------------------

WORKFLOW = {
    "properties": {
        "tasks": {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {r"^\w+$": NONEMPTY_DICT},
        },
        "type": WORKFLOW_TYPE,
        "task-defaults": NONEMPTY_DICT,
        "input": UNIQUE_STRING_OR_ONE_KEY_DICT_LIST,
        "output": NONEMPTY_DICT,
        "output-on-error": NONEMPTY_DICT,
        "vars": NONEMPTY_DICT,
        "tags": UNIQUE_STRING_LIST,
    },
    "required": ["tasks"],
}

ACTION = {
    "type": "object",
    "properties": {
        "base": NONEMPTY_STRING,
        "base-input": NONEMPTY_DICT,
        "input": UNIQUE_STRING_OR_ONE_KEY_DICT_LIST,
        "output": ANY_NULLABLE,
        **META_PROPERTIES,
    },
    "required": ["base", "name", "version"],
    "additionalProperties": False,
}

ITEM_LIST = {
    "type": "object",
    "properties": {"version": VERSION},
    "additionalProperties": NONEMPTY_DICT,
    "required": ["version"],
}

_WB_VERSION = {"enum": ["2.0", 2.0]}
_WB_SECTION = {
    "type": "object",
    "minProperties": 1,
    "patternProperties": {"^version$": _WB_VERSION, r"^(?!version$)[\w-]+$": ANY},
    "additionalProperties": False,
}
WORKBOOK = {
    "type": "object",
    "properties": {
        "version": {**_WB_VERSION, **VERSION},
        "actions": _WB_SECTION,
        "workflows": _WB_SECTION,
        "name": NONEMPTY_STRING,
        "description": NONEMPTY_STRING,
        "tags": UNIQUE_STRING_LIST,
    },
    "additionalProperties": False,
    "required": ["name", "version"],
}
