"""The real ``mistral workbook-*`` commands against our server."""

WB = """\
---
version: '2.0'
name: {name}
tags: [wbt]
actions:
  greet:
    base: std.echo
    base-input:
      output: hello <% $.who %>
    input: [who]
workflows:
  flow:
    tasks:
      t1:
        action: {name}.greet who=me
"""

INVALID_WB = """\
version: '2.0'
name: broken_wb
workflows:
  flow:
    tasks:
      t1:
        action: std.noop
        on-success: [missing]
"""


def row(name, namespace="", tags="wbt", updated=None):
    return {
        "Name": name,
        "Namespace": namespace,
        "Tags": tags,
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": updated,
    }


def test_create_get_list_definition_delete(cli, write_file):
    name = "cli_wb_basic"
    path = write_file("wb.yaml", WB.format(name=name))

    created = cli("workbook-create", path)
    assert cli.mask(created) == row(name)
    got, listed, definition, flow, greet = cli.many(
        ("workbook-get", name),
        ("workbook-list",),
        ("workbook-get-definition", name),
        ("workflow-get", f"{name}.flow"),
        ("action-get", f"{name}.greet"),
    )
    assert got == created
    assert [r for r in listed if r["Name"] == name] == [created]
    assert definition == WB.format(name=name)
    assert (flow["Name"], flow["Namespace"], flow["Input"]) == (f"{name}.flow", "", "")
    assert (greet["Name"], greet["Is system"], greet["Input"]) == (f"{name}.greet", False, "who")

    err = cli.fails("workbook-create", path)
    assert err.stderr == (
        "ERROR (app) Duplicate entry for WorkbookDefinition "
        f"['name', 'namespace', 'project_id']: {name}, , <default-project>\n"
    )

    assert cli("workbook-delete", name) == f"Request to delete workbook {name} has been accepted.\n"
    get_err, delete_err = cli.fails_many(("workbook-get", name), ("workbook-delete", name))
    assert get_err.stderr == f"ERROR (app) Workbook not found [name={name}, namespace=]\n"
    assert (delete_err.stdout, delete_err.stderr) == (
        f"Workbook not found [workbook_name={name}, namespace=]\n",
        "ERROR (app) Unable to delete the specified workbook(s).\n",
    )

    # Like Mistral, deleting a workbook leaves its workflows and actions registered.
    # (The session database is thrown away, so they are left there.)
    assert cli.many(("workflow-get", f"{name}.flow"), ("action-get", f"{name}.greet")) == [
        flow,
        greet,
    ]


def test_namespaces_and_update(cli, write_file):
    name = "cli_wb_ns"
    path = write_file("wb.yaml", WB.format(name=name))

    default, in_ns = cli.many(
        ("workbook-create", path), ("workbook-create", path, "--namespace", "cli_wb_ns1")
    )
    assert cli.mask(in_ns) == row(name, "cli_wb_ns1")
    got_ns, got_default, listed, flow = cli.many(
        ("workbook-get", name, "--namespace", "cli_wb_ns1"),
        ("workbook-get", name),
        ("workbook-list",),
        ("workflow-get", f"{name}.flow", "--namespace", "cli_wb_ns1"),
    )
    assert (got_ns, got_default) == (in_ns, default)
    listed = [r for r in listed if r["Name"] == name]
    assert sorted(listed, key=lambda r: r["Namespace"]) == [default, in_ns]
    assert flow["Namespace"] == "cli_wb_ns1"

    v2 = WB.format(name=name).replace("[wbt]", "[x, y]")
    updated = cli("workbook-update", write_file("wb2.yaml", v2))
    assert cli.mask(updated) == row(name, tags="x, y", updated="<datetime>")
    assert updated["Created at"] == default["Created at"]
    assert cli.many(
        ("workbook-get", name),
        ("workbook-get-definition", name),
        ("workbook-get", name, "--namespace", "cli_wb_ns1"),
    ) == [updated, v2, in_ns]

    assert cli("workbook-delete", name, "--namespace", "cli_wb_ns1") == (
        f"Request to delete workbook {name} has been accepted.\n"
    )
    err = cli.fails("workbook-get", name, "--namespace", "cli_wb_ns1")
    assert err.stderr == f"ERROR (app) Workbook not found [name={name}, namespace=cli_wb_ns1]\n"
    assert cli("workbook-delete", name) == f"Request to delete workbook {name} has been accepted.\n"


def test_validate_and_update_unknown(cli, write_file):
    valid, invalid = cli.many(
        ("workbook-validate", write_file("wb.yaml", WB.format(name="cli_wb_valid"))),
        ("workbook-validate", write_file("bad.yaml", INVALID_WB)),
    )
    assert valid == {"Valid": True, "Error": None}
    assert invalid == {"Valid": False, "Error": "Task 'missing' not found."}

    # Validation stored nothing: updating the validated workbook finds none.
    err = cli.fails("workbook-update", write_file("wb.yaml", WB.format(name="cli_wb_valid")))
    assert err.stderr == "ERROR (app) Workbook not found [name=cli_wb_valid, namespace=]\n"
