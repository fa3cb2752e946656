"""The real ``mistral action-*`` commands against our server."""

ACTIONS = """\
---
version: '2.0'

{name}1:
  description: says hi
  tags: [t1, t2]
  base: std.echo
  base-input:
    output: hi <% $.name %>
  input:
    - name
    - greeting: hello

{name}2:
  base: std.noop
"""

SINGLE = """\
version: '2.0'
{name}:
  base: std.echo
  base-input: {{output: one}}
"""

SINGLE_V2 = """\
version: '2.0'
{name}:
  description: second
  tags: [new]
  base: std.echo
  base-input: {{output: <% $.v %>}}
  input: [v]
"""

INVALID = "version: '2.0'\nmy_act: [\n"

INVALID_ERROR = (
    "Definition could not be parsed: while parsing a flow node\n"
    "expected the node content, but found '<stream end>'\n"
    '  in "<unicode string>", line 3, column 1:\n'
    "    \n"
    "    ^\n"
)


def row(name, input=None, description=None, tags="<none>", updated=None):
    """An action row; ``input`` None is how create/update responses show "no input"."""
    return {
        "ID": "<uuid>",
        "Name": name,
        "Is system": False,
        "Input": input,
        "Description": description,
        "Tags": tags,
        "Created at": "<datetime>",
        "Updated at": updated,
    }


def test_system_actions(cli, write_file):
    # Ours are populated rows with is_system true; Mistral 23 shows code-provided actions
    # with is_system false, id = name and no created_at (a quirk we need not match).
    listed, got = cli.many(("action-list",), ("action-get", "std.echo"))
    listed = {r["Name"]: r for r in listed}
    echo = listed["std.echo"]
    assert (echo["Is system"], echo["Input"]) == (True, "output, delay=0")
    assert echo["Description"] == "Echo action.\n\nThis action..."
    assert listed["std.noop"]["Is system"] is True
    assert listed["std.http"]["Input"] == 'url, method="GET", params...'

    assert (got["Name"], got["Is system"], got["Input"], got["Tags"]) == (
        "std.echo",
        True,
        "output, delay=0",
        "<none>",
    )
    assert got["Description"] == (
        "Echo action.\n\n"
        "This action just returns a configured value as a result without doing\n"
        "anything else. The value of such action implementation is that it\n"
        "can be used in development (for testing), demonstration and designing\n"
        "of workflows themselves where echo action can play the role of temporary\n"
        "stub."
    )

    update_err, delete_err = cli.fails_many(
        ("action-update", write_file("a.yaml", SINGLE.format(name="std.echo"))),
        ("action-delete", "std.echo"),
    )
    assert update_err.stderr == "ERROR (app) Attempt to modify a system action: std.echo\n"
    # Mistral answers 404 "Action definition not found" here: its std actions are no rows.
    assert (delete_err.stdout, delete_err.stderr) == (
        "Attempt to delete a system action: std.echo\n",
        "ERROR (app) Unable to delete the specified action(s).\n",
    )


def test_create_get_list_definition_delete(cli, write_file):
    name = "cli_act_basic"
    text = ACTIONS.format(name=name)
    path = write_file("a.yaml", text)
    created = cli("action-create", path)
    first = row(f"{name}1", 'name, greeting="hello"', "says hi", "t1, t2")
    assert [cli.mask(r) for r in created] == [first, row(f"{name}2")]

    by_name, by_id, second, listed, definition = cli.many(
        ("action-get", f"{name}1"),
        ("action-get", created[0]["ID"]),
        ("action-get", f"{name}2"),
        ("action-list",),
        ("action-get-definition", f"{name}1"),
    )
    assert by_name == by_id == created[0]
    assert second == dict(created[1], Input="")
    assert [r for r in listed if r["Name"].startswith(name)] == [by_name, second]
    assert definition == text

    err = cli.fails("action-create", path)
    assert err.stderr == (
        "ERROR (app) Duplicate entry for Action "
        f"['name', 'namespace', 'project_id']: {name}1, , <default-project>\n"
    )

    assert cli("action-delete", f"{name}1", f"{name}2") == (
        f"Request to delete action {name}1 has been accepted.\n"
        f"Request to delete action {name}2 has been accepted.\n"
    )
    get_err, delete_err = cli.fails_many(("action-get", f"{name}1"), ("action-delete", f"{name}1"))
    assert get_err.stderr == f"ERROR (app) Action not found [name={name}1, namespace=]\n"
    assert (delete_err.stdout, delete_err.stderr) == (
        f"Action definition not found [action_name={name}1, namespace=]\n",
        "ERROR (app) Unable to delete the specified action(s).\n",
    )


def test_namespaces(cli, write_file):
    name = "cli_act_ns"
    path = write_file("a.yaml", SINGLE.format(name=name))
    default, in_ns = cli.many(
        ("action-create", path), ("action-create", path, "--namespace", "cli_act_ns1")
    )
    assert [cli.mask(r) for r in in_ns] == [row(name)]
    assert in_ns[0]["ID"] != default[0]["ID"]

    got_ns, got_default, listed_ns, definition = cli.many(
        ("action-get", name, "--namespace", "cli_act_ns1"),
        ("action-get", name),
        ("action-list", "--namespace", "cli_act_ns1"),
        ("action-get-definition", name, "--namespace", "cli_act_ns1"),
    )
    assert got_ns == dict(in_ns[0], Input="")
    assert got_default == dict(default[0], Input="")
    assert [r for r in listed_ns if r["Name"] == name] == [got_ns]
    assert definition == SINGLE.format(name=name)

    assert cli("action-delete", name, "--namespace", "cli_act_ns1") == (
        f"Request to delete action {name} has been accepted.\n"
    )
    # Like Mistral, reading falls back to the default namespace. Deleting does not (Mistral
    # would delete the default namespace's action here): that one stays.
    assert cli("action-get", name, "--namespace", "cli_act_ns1") == got_default
    err = cli.fails("action-delete", name, "--namespace", "cli_act_ns1")
    assert "Action definition not found [action_name=cli_act_ns, namespace=cli_act_ns1]" in (
        err.stdout
    )
    assert cli("action-delete", name) == f"Request to delete action {name} has been accepted.\n"
    err = cli.fails("action-get", name, "--namespace", "cli_act_ns1")
    assert err.stderr == f"ERROR (app) Action not found [name={name}, namespace=cli_act_ns1]\n"


def test_update_by_name_and_by_id(cli, write_file):
    name = "cli_act_update"
    created = cli("action-create", write_file("a.yaml", SINGLE.format(name=name)))
    act_id = created[0]["ID"]

    updated = cli("action-update", write_file("a2.yaml", SINGLE_V2.format(name=name)))
    assert [cli.mask(r) for r in updated] == [row(name, "v", "second", "new", "<datetime>")]
    assert updated[0]["ID"] == act_id
    assert updated[0]["Created at"] == created[0]["Created at"]
    assert cli("action-get-definition", name) == SINGLE_V2.format(name=name)

    by_id = cli("action-update", write_file("a3.yaml", SINGLE.format(name=name)), "--id", act_id)
    assert [cli.mask(r) for r in by_id] == [row(name, updated="<datetime>")]
    assert by_id[0]["ID"] == act_id
    assert cli("action-get-definition", name) == SINGLE.format(name=name)


def test_validate_and_update_unknown(cli, write_file):
    valid, invalid = cli.many(
        ("action-validate", write_file("a.yaml", ACTIONS.format(name="cli_act_valid"))),
        ("action-validate", write_file("bad.yaml", INVALID)),
    )
    assert valid == {"Valid": True, "Error": None}
    assert invalid == {"Valid": False, "Error": INVALID_ERROR}

    # Validation stored nothing: updating the validated action finds none.
    err = cli.fails("action-update", write_file("a.yaml", SINGLE.format(name="cli_act_valid1")))
    assert err.stderr == (
        "ERROR (app) Action definition not found [action_name=cli_act_valid1, namespace=]\n"
    )
