from mistral_engine import lang

WORKBOOK = """version: '2.0'
name: my_wb
description: a workbook
tags: [x]
actions:
  greet:
    base: std.echo output="x"
    base-input:
      output: "Hello, <% $.name %><% $.punct %>"
    input:
      - name
      - punct: "!"
    output: <% $.len() %>
workflows:
  wf1:
    # leading comment
    tasks:
      t: {action: greet name="Bob"}

  wf-2:
    type: reverse
    tasks:
      t: {action: std.noop}
"""


def test_workbook_is_parsed_with_unqualified_names():
    wb = lang.parse_workbook(WORKBOOK)
    assert (wb.name, wb.description, wb.tags) == ("my_wb", "a workbook", ["x"])
    assert [w.name for w in wb.workflows] == ["wf1", "wf-2"]
    assert [w.type for w in wb.workflows] == ["direct", "reverse"]
    (greet,) = wb.actions
    assert greet.name == "greet" and greet.base == "std.echo"
    assert greet.base_input == {"output": "x"}
    assert greet.output == "<% $.len() %>"


def test_action_input_string_uses_json_values():
    (action,) = lang.parse_actions(
        "version: '2.0'\na:\n  base: std.echo\n  input: [x, {n: 1}, {s: hi}, {z: null}]\n"
    ).actions
    assert action.input_string() == 'x, n=1, s="hi", z=null'
    (bare,) = lang.parse_actions("version: '2.0'\nb:\n  base: std.noop\n").actions
    assert bare.input_string() is None


def test_extract_fragment_cuts_workbook_item_by_indentation():
    assert lang.extract_fragment(WORKBOOK, "wf1", section="workflows") == (
        'wf1:\n  # leading comment\n  tasks:\n    t: {action: greet name="Bob"}\n'
    )
    assert lang.extract_fragment(WORKBOOK, "wf-2", section="workflows") == (
        "wf-2:\n  type: reverse\n  tasks:\n    t: {action: std.noop}\n"
    )
    assert lang.extract_fragment(WORKBOOK, "greet", section="actions").startswith(
        "greet:\n  base: std.echo"
    )


def test_extract_fragment_of_missing_item_is_a_newline():
    assert lang.extract_fragment(WORKBOOK, "nope", section="workflows") == "\n"


def test_single_workflow_definition_is_the_uploaded_text():
    text = "version: '2.0'\nwf:\n  tasks:\n    t: {action: std.noop}\n"
    assert lang.workflow_definitions(text, ["wf"]) == {"wf": text}


def test_several_workflows_get_a_yaml_redump_each():
    text = "version: '2.0'\nw1:\n  tasks:\n    t: {action: std.noop}\nw2:\n  tasks: {t: {}}\n"
    assert lang.workflow_definitions(text, ["w1", "w2"]) == {
        "w1": "version: '2.0'\nw1:\n  tasks:\n    t:\n      action: std.noop\n",
        "w2": "version: '2.0'\nw2:\n  tasks:\n    t: {}\n",
    }
