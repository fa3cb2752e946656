"""The real ``mistral workflow-*`` commands against our server."""

WF = """\
---
version: '2.0'

{name}:
  description: a workflow for the CLI
  tags: [a, b]
  input:
    - x
    - y: 2
  tasks:
    t1:
      action: std.echo output=<% $.x %>
"""

WF_V2 = """\
version: '2.0'
{name}:
  tags: [c]
  input: [z]
  tasks:
    t1:
      action: std.noop
"""

INVALID_WF = """\
version: '2.0'
broken_wf:
  tasks:
    t1:
      action: std.noop
      on-success: [missing]
"""


def row(name, namespace="", tags="a, b", input='x, y="2"', updated=None):
    return {
        "ID": "<uuid>",
        "Name": name,
        "Namespace": namespace,
        "Project ID": "<default-project>",
        "Tags": tags,
        "Input": input,
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": updated,
    }


def test_create_get_list_definition_delete(cli, write_file):
    name = "cli_wf_basic"
    path = write_file("wf.yaml", WF.format(name=name))

    created = cli("workflow-create", path)
    assert [cli.mask(r) for r in created] == [row(name)]
    wf_id = created[0]["ID"]

    by_name, by_id, listed, definition = cli.many(
        ("workflow-get", name),
        ("workflow-get", wf_id),
        ("workflow-list",),
        ("workflow-get-definition", wf_id),
    )
    assert by_name == by_id == created[0]
    assert [r for r in listed if r["Name"] == name] == created
    assert definition == WF.format(name=name)

    err = cli.fails("workflow-create", path)
    assert err.stderr == (
        "ERROR (app) Duplicate entry for WorkflowDefinition "
        f"['name', 'namespace', 'project_id']: {name}, , <default-project>\n"
    )

    assert cli("workflow-delete", name) == f"Request to delete workflow {name} has been accepted.\n"
    get_err, delete_err = cli.fails_many(("workflow-get", name), ("workflow-delete", name))
    not_found = f"Workflow not found [workflow_identifier={name}, namespace=]\n"
    assert get_err.stderr == f"ERROR (app) {not_found}"
    assert (delete_err.stdout, delete_err.stderr) == (
        not_found,
        "ERROR (app) Unable to delete the specified workflow(s).\n",
    )


def test_namespaces(cli, write_file):
    name = "cli_wf_ns"
    path = write_file("wf.yaml", WF.format(name=name))

    default, in_ns = cli.many(
        ("workflow-create", path), ("workflow-create", path, "--namespace", "cli_ns")
    )
    assert [cli.mask(r) for r in in_ns] == [row(name, "cli_ns")]
    assert in_ns[0]["ID"] != default[0]["ID"]

    got_ns, got_default, listed, filtered = cli.many(
        ("workflow-get", name, "--namespace", "cli_ns"),
        ("workflow-get", name),
        ("workflow-list",),
        ("workflow-list", "--filter", "namespace=cli_ns"),
    )
    assert (got_ns, got_default) == (in_ns[0], default[0])
    listed = [r for r in listed if r["Name"] == name]
    assert sorted(listed, key=lambda r: r["Namespace"]) == default + in_ns
    assert filtered == in_ns

    assert cli("workflow-delete", name, "--namespace", "cli_ns") == (
        f"Request to delete workflow {name} has been accepted.\n"
    )
    err = cli.fails("workflow-get", name, "--namespace", "cli_ns")
    assert err.stderr == (
        f"ERROR (app) Workflow not found [workflow_identifier={name}, namespace=cli_ns]\n"
    )
    assert cli("workflow-delete", name) == f"Request to delete workflow {name} has been accepted.\n"


def test_update_by_name_and_by_id(cli, write_file):
    name = "cli_wf_update"
    created = cli("workflow-create", write_file("wf.yaml", WF.format(name=name)))
    wf_id = created[0]["ID"]

    updated = cli("workflow-update", write_file("wf2.yaml", WF_V2.format(name=name)))
    assert [cli.mask(r) for r in updated] == [row(name, tags="c", input="z", updated="<datetime>")]
    assert updated[0]["ID"] == wf_id
    assert updated[0]["Created at"] == created[0]["Created at"]
    assert cli("workflow-get-definition", name) == WF_V2.format(name=name)

    by_id = cli("workflow-update", write_file("wf3.yaml", WF.format(name=name)), "--id", wf_id)
    assert [cli.mask(r) for r in by_id] == [row(name, updated="<datetime>")]
    assert by_id[0]["ID"] == wf_id
    assert cli("workflow-get-definition", name) == WF.format(name=name)

    assert cli("workflow-delete", wf_id) == (
        f"Request to delete workflow {wf_id} has been accepted.\n"
    )


def test_validate_and_update_unknown(cli, write_file):
    valid, invalid = cli.many(
        ("workflow-validate", write_file("wf.yaml", WF.format(name="cli_wf_valid"))),
        ("workflow-validate", write_file("bad.yaml", INVALID_WF)),
    )
    assert valid == {"Valid": True, "Error": None}
    assert invalid == {"Valid": False, "Error": "Task 'missing' not found."}

    # Validation stored nothing: updating the validated workflow finds none.
    err = cli.fails("workflow-update", write_file("wf.yaml", WF_V2.format(name="cli_wf_valid")))
    assert err.stderr == (
        "ERROR (app) Workflow not found [workflow_identifier=cli_wf_valid, namespace=]\n"
    )
