"""The real ``mistral code-source-*`` and ``dynamic-action-*`` commands against our server.

Both resources are admin-only by policy. With auth off our server makes a request admin
only when it carries ``X-Roles: admin``, and the CLI has no way to send that header (it
only sends keystone-derived headers such as ``X-Auth-Token``/``X-Project-Id``). So the
session server of this suite is started with an oslo.policy YAML file
(``[oslo_policy] policy_file``, see conftest.py) that sets ``code_sources:{create,delete,
get,list,update}`` and ``dynamic_actions:{create,delete,get,list,update}`` to ``""``
(anyone). The ``publicize`` rules stay admin-only, which the ``--public`` tests check.
"""

CODE = """\
from mistral_lib import actions


class Hello(actions.Action):
    def run(self, context):
        return "hi"


class Bye(actions.Action):
    def run(self, context):
        return "bye"
"""

CODE_V2 = CODE.replace('"hi"', '"hello"')

# A lister with no rows prints one row of empty strings.
EMPTY_DA_ROW = dict.fromkeys(
    [
        "ID",
        "Name",
        "Class",
        "Code source ID",
        "Code source name",
        "Project ID",
        "Scope",
        "Created at",
        "Updated at",
    ],
    "",
)

FORBIDDEN = "ERROR (app) Operation forbidden (insufficient permissions)\n"


def cs_row(name, namespace="", updated=None):
    return {
        "ID": "<uuid>",
        "Name": name,
        "Namespace": namespace,
        "Project ID": "<default-project>",
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": updated,
    }


def da_row(name, class_name, cs_name, updated=None):
    return {
        "ID": "<uuid>",
        "Name": name,
        "Class": class_name,
        "Code source ID": "<uuid>",
        "Code source name": cs_name,
        "Project ID": "<default-project>",
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": updated,
    }


def test_code_source_lifecycle(cli, write_file):
    name = "cli_cs_basic"
    path = write_file("cs.py", CODE)
    created = cli("code-source-create", name, path)
    assert cli.mask(created) == cs_row(name)
    cs_id = created["ID"]

    by_name, by_id, content, listed = cli.many(
        ("code-source-get", name),
        ("code-source-get", cs_id),
        ("code-source-get-content", name),
        ("code-source-list",),
    )
    assert by_name == by_id == created
    assert content == CODE
    assert [r for r in listed if r["Name"] == name] == [created]

    err = cli.fails("code-source-create", name, path)
    assert err.stderr == (
        "ERROR (app) Duplicate entry for CodeSource "
        f"['name', 'namespace', 'project_id']: {name}, , <default-project>\n"
    )

    updated = cli("code-source-update", name, write_file("cs2.py", CODE_V2))
    assert cli.mask(updated) == cs_row(name, updated="<datetime>")
    assert (updated["ID"], updated["Created at"]) == (cs_id, created["Created at"])
    assert cli.many(("code-source-get-content", cs_id), ("code-source-get", name)) == [
        CODE_V2,
        updated,
    ]

    assert cli("code-source-delete", name) == (
        f"Request to delete code source '{name}' has been accepted.\n"
    )
    get_err, delete_err = cli.fails_many(("code-source-get", name), ("code-source-delete", name))
    assert get_err.stderr == f"ERROR (app) Code Source not found [name={name},namespace=]\n"
    assert (delete_err.stdout, delete_err.stderr) == (
        f"Code Source not found [name={name},namespace=]\n",
        "ERROR (app) Unable to delete the specified code source(s).\n",
    )


def test_code_source_namespaces(cli, write_file):
    name = "cli_cs_ns"
    path = write_file("cs.py", CODE)
    default, in_ns = cli.many(
        ("code-source-create", name, path),
        ("code-source-create", name, path, "--namespace", "cli_cs_ns1"),
    )
    assert cli.mask(in_ns) == cs_row(name, "cli_cs_ns1")
    got_ns, got_default, listed = cli.many(
        ("code-source-get", name, "--namespace", "cli_cs_ns1"),
        ("code-source-get", name),
        ("code-source-list",),
    )
    assert (got_ns, got_default) == (in_ns, default)
    listed = [r for r in listed if r["Name"] == name]
    assert sorted(listed, key=lambda r: r["Namespace"]) == [default, in_ns]

    assert cli("code-source-delete", name, "--namespace", "cli_cs_ns1") == (
        f"Request to delete code source '{name}' has been accepted.\n"
    )
    err = cli.fails("code-source-get", name, "--namespace", "cli_cs_ns1")
    assert err.stderr == f"ERROR (app) Code Source not found [name={name},namespace=cli_cs_ns1]\n"
    assert cli("code-source-delete", name) == (
        f"Request to delete code source '{name}' has been accepted.\n"
    )


def test_dynamic_action_lifecycle(cli, write_file):
    path = write_file("cs.py", CODE)
    cs = cli("code-source-create", "cli_da_cs", path)
    name = "cli_da_basic"

    created = cli("dynamic-action-create", name, "Hello", "cli_da_cs")
    assert cli.mask(created) == da_row(name, "Hello", "cli_da_cs")
    assert created["Code source ID"] == cs["ID"]
    da_id = created["ID"]

    by_cs_id = cli("dynamic-action-create", "cli_da_by_id", "Bye", cs["ID"])
    assert cli.mask(by_cs_id) == da_row("cli_da_by_id", "Bye", "cli_da_cs")

    by_name, by_id, listed = cli.many(
        ("dynamic-action-get", name), ("dynamic-action-get", da_id), ("dynamic-action-list",)
    )
    assert by_name == by_id == created
    listed = [r for r in listed if r["Name"].startswith("cli_da_")]
    assert sorted(listed, key=lambda r: r["Name"]) == [created, by_cs_id]

    # The publicize rules are still admin-only.
    public_cs, public_da = cli.fails_many(
        ("code-source-create", "cli_da_public", path, "--public"),
        ("dynamic-action-create", "cli_da_public", "Hello", "cli_da_cs", "--public"),
    )
    assert public_cs.stderr == public_da.stderr == FORBIDDEN

    updated = cli("dynamic-action-update", name, "--class-name", "Bye")
    assert cli.mask(updated) == da_row(name, "Bye", "cli_da_cs", "<datetime>")
    assert (updated["ID"], updated["Created at"]) == (da_id, created["Created at"])
    assert cli("dynamic-action-get", da_id) == updated

    assert cli("dynamic-action-delete", name, "cli_da_by_id") == (
        f"Request to delete dynamic action(s) {name} has been accepted.\n"
        "Request to delete dynamic action(s) cli_da_by_id has been accepted.\n"
    )
    get_err, delete_err = cli.fails_many(
        ("dynamic-action-get", name), ("dynamic-action-delete", name)
    )
    assert get_err.stderr == f"ERROR (app) Dynamic Action not found [name={name},namespace=]\n"
    assert (delete_err.stdout, delete_err.stderr) == (
        f"Dynamic Action not found [name={name},namespace=]\n",
        "ERROR (app) Unable to delete the specified dynamic action(s).\n",
    )


def test_dynamic_action_namespaces(cli, write_file):
    path = write_file("cs.py", CODE)
    cli("code-source-create", "cli_dans_cs", path, "--namespace", "cli_dans")
    name = "cli_dans_act"

    created = cli("dynamic-action-create", name, "Hello", "cli_dans_cs", "--namespace", "cli_dans")
    assert cli.mask(created) == da_row(name, "Hello", "cli_dans_cs")
    assert cli.many(
        ("dynamic-action-get", name, "--namespace", "cli_dans"),
        ("dynamic-action-list", "--namespace", "cli_dans"),
    ) == [created, [created]]
    err = cli.fails("dynamic-action-get", name)
    assert err.stderr == f"ERROR (app) Dynamic Action not found [name={name},namespace=]\n"

    assert cli("dynamic-action-delete", name, "--namespace", "cli_dans") == (
        f"Request to delete dynamic action(s) {name} has been accepted.\n"
    )
    assert cli("dynamic-action-list", "--namespace", "cli_dans") == [EMPTY_DA_ROW]
