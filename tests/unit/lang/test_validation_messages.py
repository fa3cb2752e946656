# ruff: noqa: E501
"""Validation messages, case by case.

Each expected text is what Mistral 23 (``mistral.lang.parser``) raised for the
same document (first line, i.e. before the jsonschema detail block). Rows
marked "stricter than Mistral" are expressions Mistral does not syntax-check
(nested values, output-on-error, target, action names, transition params).
"""

import pytest

from mistral_engine import exceptions as exc
from mistral_engine import lang

PARSERS = {"wf": lang.parse_workflows, "wb": lang.parse_workbook, "act": lang.parse_actions}

# (case name, document kind, YAML text, exception class name or None, message)
# fmt: off
CASES = [
    ('unknown_task_key', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      foo: 1\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"),
    ('requires_direct', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      requires: [a]\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('requires' was unexpected)"),
    ('onsuccess_reverse', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      on-success: [a]\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('on-success' was unexpected)"),
    ('action_and_wf', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      workflow: other\n", 'InvalidModelException', "Invalid DSL: {'action': 'std.noop', 'workflow': 'other', 'type': 'direct', 'name': 't1', 'version': '2.0'} is valid under each of {'type': 'object', 'required': ['workflow']}, {'type': 'object', 'required': ['action']}"),
    ('no_tasks', 'wf', "version: '2.0'\nwf:\n  input: [a]\n", 'InvalidModelException', "Invalid DSL: 'tasks' is a required property"),
    ('tasks_empty', 'wf', "version: '2.0'\nwf:\n  tasks: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('missing_version', 'wf', 'wf:\n  tasks:\n    t1: {action: std.noop}\n', 'InvalidModelException', "Invalid DSL: 'version' is a required property"),
    ('empty_doc', 'wf', '', 'InvalidModelException', "Invalid DSL: 'version' is a required property"),
    ('only_version', 'wf', "version: '2.0'\n", 'InvalidModelException', "At least one item must be in the list [data={'version': '2.0'}]."),
    ('publish_empty', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('vars_empty', 'wf', "version: '2.0'\nwf:\n  vars: {}\n  tasks:\n    t1:\n      action: std.noop\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('literal_cond', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: true\n    t2: {action: std.noop}\n", 'InvalidModelException', 'Invalid DSL: True is not valid under any of the given schemas'),
    ('retry_count_only', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: {count: 3}\n", 'InvalidModelException', "Invalid DSL: 'delay' is a required property"),
    ('unknown_target', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: nope\n", 'InvalidModelException', "Task 'nope' not found."),
    ('no_start', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: t2\n    t2:\n      on-success: t1\n", 'DSLParsingException', 'Failed to find start tasks in direct workflow. There must be at least one task without inbound transition.[workflow_name=wf]'),
    ('join_all_no_inbound', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      join: all\n", 'InvalidModelException', "No inbound tasks for task with 'join: all' [task_name=t1]"),
    ('join_3', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t0:\n      on-success: t1\n    t1:\n      join: 3\n", 'InvalidModelException', "Not enough inbound tasks for task with 'join' [task_name=t1, join=3, inbound_tasks=1]"),
    ('bad_with_items', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: x of [1]\n", 'InvalidModelException', "Wrong format of 'with-items' property. Please use format 'var in {[some, list] | <% $.array %> }: {'with-items': 'x of [1]', 'type': 'direct', 'name': 't1', 'version': '2.0'}"),
    ('with_items_nonjson', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: y in ['a', 'b']\n", 'InvalidModelException', "Invalid array in 'with-items' clause: ['a', 'b'], error: Expecting value: line 1 column 2 (char 1)"),
    ('bad_yaql', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.echo output=<% $.a + %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('bad_yaql_publish', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish:\n        a: <% $.a + %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('bad_jinja', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish:\n        a: '{{ _.a + }}'\n", 'JinjaGrammarException', "Syntax error 'unexpected 'end of print statement''."),
    ('bad_jinja_block', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish:\n        a: '{% if %}'\n", 'JinjaGrammarException', "Syntax error 'Expected an expression, got 'end of statement block''."),
    ('mixed', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish:\n        a: '{{ _.a }} <% $.b %>'\n", 'ExpressionGrammarException', "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed."),
    ('uuid', 'wf', "version: '2.0'\n123e4567-e89b-12d3-a456-426614174000:\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', 'Workflow name cannot be in the format of UUID.'),
    ('wf_not_dict', 'wf', "version: '2.0'\nwf: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'object'"),
    ('wf_empty_dict', 'wf', "version: '2.0'\nwf: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('task_not_dict', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'object'"),
    ('task_null', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n", 'InvalidModelException', "Invalid DSL: None is not of type 'object'"),
    ('task_bad_name', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t-1: {action: std.noop}\n", None, None),
    ('type_bad', 'wf', "version: '2.0'\nwf:\n  type: foo\n  tasks:\n    t1: {action: std.noop}\n", 'DSLParsingException', "Failed to find a specification class to instantiate [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data={'type': 'foo', 'tasks': {'t1': {'action': 'std.noop'}}, 'name': 'wf', 'version': '2.0'}]"),
    ('input_dup', 'wf', "version: '2.0'\nwf:\n  input: [a, a]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: ['a', 'a'] has non-unique elements"),
    ('input_twokey', 'wf', "version: '2.0'\nwf:\n  input: [{a: 1, b: 2}]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: {'a': 1, 'b': 2} has too many properties"),
    ('input_notlist', 'wf', "version: '2.0'\nwf:\n  input: a\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 'a' is not of type 'array'"),
    ('input_int', 'wf', "version: '2.0'\nwf:\n  input: [1]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', 'Invalid DSL: 1 is not valid under any of the given schemas'),
    ('output_list', 'wf', "version: '2.0'\nwf:\n  output: [1]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: [1] is not of type 'object'"),
    ('tags_dup', 'wf', "version: '2.0'\nwf:\n  tags: [a, a]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: ['a', 'a'] has non-unique elements"),
    ('tags_str', 'wf', "version: '2.0'\nwf:\n  tags: a\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 'a' is not of type 'array'"),
    ('desc_int', 'wf', "version: '2.0'\nwf:\n  description: 5\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('wf_unknown', 'wf', "version: '2.0'\nwf:\n  outputs: 5\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('td_unknown', 'wf', "version: '2.0'\nwf:\n  task-defaults:\n    publish: {a: 1}\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('publish' was unexpected)"),
    ('td_empty', 'wf', "version: '2.0'\nwf:\n  task-defaults: {}\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('td_onerr_unknown', 'wf', "version: '2.0'\nwf:\n  task-defaults:\n    on-error: [nope]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Task 'nope' not found."),
    ('td_requires_unknown', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  task-defaults:\n    requires: [nope]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Task 'nope' not found."),
    ('requires_unknown', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      requires: nope\n", 'InvalidModelException', "Task 'nope' not found."),
    ('requires_cmd', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      requires: fail\n", 'InvalidModelException', "Task 'fail' not found."),
    ('timeout_neg', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      timeout: -1\n", 'InvalidModelException', 'Invalid DSL: -1 is not valid under any of the given schemas'),
    ('timeout_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      timeout: abc\n", 'InvalidModelException', "Invalid DSL: 'abc' is not valid under any of the given schemas"),
    ('timeout_bool', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      timeout: true\n", 'InvalidModelException', 'Invalid DSL: True is not valid under any of the given schemas'),
    ('timeout_float', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      timeout: 1.5\n", 'InvalidModelException', 'Invalid DSL: 1.5 is not valid under any of the given schemas'),
    ('pause_int', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      pause-before: 1\n", 'InvalidModelException', 'Invalid DSL: 1 is not valid under any of the given schemas'),
    ('pause_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      pause-before: yes please\n", 'InvalidModelException', "Invalid DSL: 'yes please' is not valid under any of the given schemas"),
    ('failon_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      fail-on: abc\n", 'InvalidModelException', "Invalid DSL: 'abc' is not valid under any of the given schemas"),
    ('keep_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      keep-result: abc\n", 'InvalidModelException', "Invalid DSL: 'abc' is not valid under any of the given schemas"),
    ('safe_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      safe-rerun: abc\n", 'InvalidModelException', "Invalid DSL: 'abc' is not valid under any of the given schemas"),
    ('conc_neg', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      concurrency: -2\n", 'InvalidModelException', 'Invalid DSL: -2 is not valid under any of the given schemas'),
    ('retry_unknown', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: {count: 1, delay: 1, foo: 2}\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"),
    ('retry_count_neg', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: {count: -1, delay: 1}\n", 'InvalidModelException', 'Invalid DSL: -1 is not valid under any of the given schemas'),
    ('retry_breakon_lit', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: {count: 1, delay: 1, break-on: true}\n", 'InvalidModelException', 'Invalid DSL: True is not valid under any of the given schemas'),
    ('retry_oneline', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: count=3 delay=1\n", None, None),
    ('retry_oneline_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: count=3\n", 'InvalidModelException', 'Invalid DSL: {} is not valid under any of the given schemas'),
    ('retry_list', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: [1]\n", 'InvalidModelException', 'Invalid DSL: [1] is not valid under any of the given schemas'),
    ('retry_empty_str', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      retry: ''\n", 'InvalidModelException', "Invalid DSL: '' should be non-empty"),
    ('join_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      join: some\n", 'InvalidModelException', "Invalid DSL: 'some' is not valid under any of the given schemas"),
    ('join_neg', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      join: -1\n", 'InvalidModelException', 'Invalid DSL: -1 is less than the minimum of 0'),
    ('input_int_task', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      input: 5\n", 'InvalidModelException', 'Invalid DSL: 5 is not valid under any of the given schemas'),
    ('input_empty_task', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      input: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('input_str_task', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      input: abc\n", None, None),
    ('action_empty', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: ''\n", 'InvalidModelException', "Invalid DSL: '' should be non-empty"),
    ('action_int', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'string'"),
    ('action_bad_cmd', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: '=abc x=1'\n", 'InvalidModelException', 'Invalid action/workflow task property: =abc x=1'),
    ('with_items_int', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: [1]\n", 'InvalidModelException', "Invalid DSL: 1 is not of type 'string'"),
    ('with_items_dict', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: {a: 1}\n", 'InvalidModelException', "Invalid DSL: {'a': 1} is not valid under any of the given schemas"),
    ('onsuccess_empty_list', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: []\n", 'InvalidModelException', 'Invalid DSL: [] is not valid under any of the given schemas'),
    ('onsuccess_int', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: 5\n", 'InvalidModelException', 'Invalid DSL: 5 is not valid under any of the given schemas'),
    ('onsuccess_dup', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: [t2, t2]\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: ['t2', 't2'] is not valid under any of the given schemas"),
    ('onsuccess_dict_unknown', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        foo: 1\n", 'InvalidModelException', 'Invalid DSL: 1 is not valid under any of the given schemas'),
    ('onsuccess_dict_empty', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: {}\n", 'InvalidModelException', 'Invalid DSL: {} is not valid under any of the given schemas'),
    ('onsuccess_publish_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        publish:\n          foo: 1\n", 'InvalidModelException', "Invalid DSL: {'foo': 1} is not valid under any of the given schemas"),
    ('onsuccess_publish_empty', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        publish: {}\n        next: t2\n    t2: {action: std.noop}\n", 'InvalidModelException', "Either 'branch', 'global' or 'atomic' must be specified: "),
    ('onsuccess_next_unknown', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        next: [nope]\n", 'InvalidModelException', "Task 'nope' not found."),
    ('onsuccess_cmd_space', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2 t3\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 't2 t3' is not valid under any of the given schemas"),
    ('onsuccess_fail_msg', 'wf', 'version: \'2.0\'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - fail msg="x"\n', None, None),
    ('onsuccess_fail_func', 'wf', 'version: \'2.0\'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - fail(msg="x")\n', 'InvalidModelException', 'Invalid DSL: \'fail(msg="x")\' is valid under each of {\'type\': \'string\', \'pattern\': \'^\\\\w+\\\\(\\\\w+=(.*)\\\\)$\', \'description\': \'Task name with func parameter (e.g.: `fail(msg="test")`, `fail(msg=<% task() %>)`)\'}, {\'type\': \'string\', \'pattern\': \'^\\\\S+$\', \'description\': \'Task name (e.g.: `task1`)\'}'),
    ('onsuccess_cond_badyaql', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: <% $.a + %>\n    t2: {action: std.noop}\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('onsuccess_cond_text', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: abc <% $.a %>\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 'abc <% $.a %>' is not valid under any of the given schemas"),
    ('onsuccess_twokey', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: <% 1 %>\n          t3: <% 1 %>\n    t2: {action: std.noop}\n    t3: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: {'t2': '<% 1 %>', 't3': '<% 1 %>'} is not valid under any of the given schemas"),
    ('target_int', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      target: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'string'"),
    ('publish_list', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      publish: [a]\n", 'InvalidModelException', "Invalid DSL: ['a'] is not of type 'object'"),
    ('wait_before_expr', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      wait-before: <% $.x %>\n", None, None),
    ('wait_before_badexpr', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      wait-before: <% $.x + %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('version_1', 'wf', "version: '1.0'\nwf:\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('version_bad', 'wf', 'version: abc\nwf:\n  tasks:\n    t1: {action: std.noop}\n', None, None),
    ('version_list', 'wf', 'version: [1]\nwf:\n  tasks:\n    t1: {action: std.noop}\n', 'InvalidModelException', 'Invalid DSL: [1] is not valid under any of the given schemas'),
    ('top_list', 'wf', '- a\n- b\n', 'InvalidModelException', "Invalid DSL: ['a', 'b'] is not of type 'object'"),
    ('top_str', 'wf', 'abc\n', 'InvalidModelException', "Invalid DSL: 'abc' is not of type 'object'"),
    ('wf_key_dash', 'wf', "version: '2.0'\nmy-wf:\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('action_bad_base', 'act', "version: '2.0'\na1:\n  base-input: {x: 1}\n", 'InvalidModelException', "Invalid DSL: 'base' is a required property"),
    ('action_unknown', 'act', "version: '2.0'\na1:\n  base: std.echo\n  foo: 1\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"),
    ('action_bad_expr', 'act', "version: '2.0'\na1:\n  base: std.echo\n  output: <% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('action_only_version', 'act', "version: '2.0'\n", 'InvalidModelException', "At least one item must be in the list [data={'version': '2.0'}]."),
    ('action_not_dict', 'act', "version: '2.0'\na1: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'object'"),
    ('wb_no_name', 'wb', "version: '2.0'\nworkflows:\n  wf:\n    tasks:\n      t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 'name' is a required property"),
    ('wb_bad_version', 'wb', "version: '3.0'\nname: wb\n", 'DSLParsingException', 'Unsupported DSL version: 3.0'),
    ('wb_no_version', 'wb', 'name: wb\n', 'InvalidModelException', "Invalid DSL: 'version' is a required property"),
    ('wb_unknown', 'wb', "version: '2.0'\nname: wb\nfoo: 1\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"),
    ('wb_wf_not_dict', 'wb', "version: '2.0'\nname: wb\nworkflows:\n  wf: 5\n", 'InvalidModelException', "A specification with polymorphic key must be backed by a dictionary [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=5]"),
    ('wb_wf_empty', 'wb', "version: '2.0'\nname: wb\nworkflows: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('wb_wf_badkey', 'wb', "version: '2.0'\nname: wb\nworkflows:\n  w.f:\n    tasks: {t1: {action: std.noop}}\n", 'InvalidModelException', "Invalid DSL: 'w.f' does not match any of the regexes: '^(?!version$)[\\\\w-]+$', '^version$'"),
    ('wb_wf_version_bad', 'wb', "version: '2.0'\nname: wb\nworkflows:\n  version: '3.0'\n  wf:\n    tasks: {t1: {action: std.noop}}\n", 'InvalidModelException', "Invalid DSL: '3.0' is not one of ['2.0', 2.0]"),
    ('wb_name_int', 'wb', "version: '2.0'\nname: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'string'"),
    ('with_items_dup2', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items:\n        - x in [1]\n        - x in [1]\n", 'InvalidModelException', "Invalid DSL: ['x in [1]', 'x in [1]'] has non-unique elements"),
    ('wb_action_no_base2', 'wb', "version: '2.0'\nname: wb\nactions:\n  a:\n    input: [x]\n", 'InvalidModelException', "Invalid DSL: 'base' is a required property"),
    ('wf_input_default_bad_expr', 'wf', "version: '2.0'\nwf:\n  input:\n    - a: <% $. %>\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('wf_output_on_error_bad_expr', 'wf', "version: '2.0'\nwf:\n  output-on-error:\n    a: <% $. %>\n  tasks:\n    t1: {action: std.noop}\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),  # stricter than Mistral
    ('nested_bad_expr', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      publish:\n        a:\n          b: <% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),  # stricter than Mistral
    ('action_expr_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: <% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),  # stricter than Mistral
    ('target_expr_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      target: <% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),  # stricter than Mistral
    ('desc_expr_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      description: <% $. %>\n", None, None),
    ('td_publish_in_clause_bad', 'wf', "version: '2.0'\nwf:\n  task-defaults:\n    on-error:\n      publish:\n        branch: {a: <% $. %>}\n  tasks:\n    t1: {action: std.noop}\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('td_unknown_target', 'wf', "version: '2.0'\nwf:\n  task-defaults:\n    on-error: [nope]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Task 'nope' not found."),
    ('td_reverse_cmd', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  task-defaults:\n    requires: [fail]\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Task 'fail' not found."),
    ('on_next_cmd_bad_expr', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        - fail msg=<% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),  # stricter than Mistral
    ('publish_clause_empty_branch', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        publish:\n          branch: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('publish_clause_nothing', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        publish:\n          branch: null\n", 'InvalidModelException', "Invalid DSL: None is not of type 'object'"),
    ('version_neg', 'wf', 'version: -1\nwf:\n  tasks:\n    t1: {action: std.noop}\n', 'InvalidModelException', 'Invalid DSL: -1 is not valid under any of the given schemas'),
    ('version_bool', 'wf', 'version: true\nwf:\n  tasks:\n    t1: {action: std.noop}\n', 'InvalidModelException', 'Invalid DSL: True is not valid under any of the given schemas'),
    ('action_list_version_missing', 'act', 'a1:\n  base: std.echo\n', 'InvalidModelException', "Invalid DSL: 'version' is a required property"),
    ('action_input_bad', 'act', "version: '2.0'\na1:\n  base: std.echo\n  input: [1]\n", 'InvalidModelException', 'Invalid DSL: 1 is not valid under any of the given schemas'),
    ('action_base_input_empty', 'act', "version: '2.0'\na1:\n  base: std.echo\n  base-input: {}\n", 'InvalidModelException', 'Invalid DSL: {} should be non-empty'),
    ('action_base_expr_bad', 'act', "version: '2.0'\na1:\n  base: std.echo output=<% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('wb_wf_key_version_only', 'wb', "version: '2.0'\nname: wb\nworkflows:\n  version: '2.0'\n", None, None),
    ('wb_name_empty', 'wb', "version: '2.0'\nname: ''\n", 'InvalidModelException', "Invalid DSL: '' should be non-empty"),
    ('wb_tags_bad', 'wb', "version: '2.0'\nname: wb\ntags: [a, a]\n", 'InvalidModelException', "Invalid DSL: ['a', 'a'] has non-unique elements"),
    ('wb_desc_bad', 'wb', "version: '2.0'\nname: wb\ndescription: 5\n", 'InvalidModelException', "Invalid DSL: 5 is not of type 'string'"),
    ('wb_wf_unknown_target', 'wb', "version: '2.0'\nname: wb\nworkflows:\n  wf:\n    tasks:\n      t1:\n        on-success: nope\n", 'InvalidModelException', "Task 'nope' not found."),
    ('wf_name_null_body', 'wf', "version: '2.0'\nwf:\n", 'InvalidModelException', "Invalid DSL: None is not of type 'object'"),
    ('tasks_list', 'wf', "version: '2.0'\nwf:\n  tasks: [a]\n", 'InvalidModelException', "Invalid DSL: ['a'] is not of type 'object'"),
    ('with_items_expr_bad', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: x in <% $. %>\n", 'YaqlGrammarException', 'Parse error: unexpected end of statement'),
    ('with_items_jinja', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: x in {{ _.a }}\n", None, None),
    ('with_items_text_after', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      with-items: x in <% $.a %> abc\n", None, None),
    ('cond_jinja', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: '{{ _.a }}'\n    t2: {action: std.noop}\n", None, None),
    ('cond_jinja_block', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: '{% if 1 %}x{% endif %}'\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: '{% if 1 %}x{% endif %}' is not valid under any of the given schemas"),
    ('cond_expr_trailing', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: '<% 1 %>  '\n    t2: {action: std.noop}\n", None, None),
    ('cond_expr_two', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        - t2: '<% 1 %> <% 2 %>'\n    t2: {action: std.noop}\n", None, None),
    ('next_pattern_space', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: 't2 abc'\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: 't2 abc' is not valid under any of the given schemas"),
    ('next_str_cond_dict', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        t2: <% 1 %>\n    t2: {action: std.noop}\n", None, None),
    ('next_str_cond_dict_publish', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success:\n        publish: <% 1 %>\n    t2: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: '<% 1 %>' is not of type 'object'"),
    ('td_join', 'wf', "version: '2.0'\nwf:\n  task-defaults:\n    join: all\n  tasks:\n    t1: {action: std.noop}\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('join' was unexpected)"),
    ('reverse_join', 'wf', "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      join: all\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('join' was unexpected)"),
    ('publish_dash_key', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      publish: {my-var: 1}\n", None, None),
    ('multi_wf_errors_second', 'wf', "version: '2.0'\nw1:\n  tasks:\n    t1: {action: std.noop}\nw2:\n  tasks:\n    t1: {foo: 1}\n", 'InvalidModelException', "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"),
    ('tags_task_dup', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      tags: [a, a]\n", 'InvalidModelException', "Invalid DSL: ['a', 'a'] has non-unique elements"),
    ('wf_input_default_null', 'wf', "version: '2.0'\nwf:\n  input:\n    - a: null\n  tasks:\n    t1: {action: std.noop}\n", None, None),
    ('start_join_only', 'wf', "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success: t1\n", 'DSLParsingException', 'Failed to find start tasks in direct workflow. There must be at least one task without inbound transition.[workflow_name=wf]'),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "text", "exc_name", "message"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_document_validation_matches_mistral(kind, text, exc_name, message):
    parse = PARSERS[kind]
    if exc_name is None:
        parse(text)
        return
    with pytest.raises(exc.DSLParsingException) as info:
        parse(text)
    assert type(info.value).__name__ == exc_name
    assert str(info.value).split("\n\n")[0] == message
