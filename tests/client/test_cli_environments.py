"""The real ``mistral environment-*`` commands against our server."""

import json


def pretty(variables) -> str:
    """How the CLI shows ``variables`` in a single-row table."""
    return json.dumps(variables, indent=4)


def test_create_from_json_get_list_delete(cli, write_file):
    name = "cli_env_json"
    variables = {"a": 1, "b": {"c": [1, "x"]}}
    path = write_file(
        "env.json",
        json.dumps({"name": name, "description": "my env", "variables": variables}),
    )

    created = cli("environment-create", path)
    assert cli.mask(created) == {
        "Name": name,
        "Description": "my env",
        "Variables": pretty(variables),
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": None,
    }
    got, exported, listed = cli.many(
        ("environment-get", name), ("environment-get", name, "--export"), ("environment-list",)
    )
    assert got == dict(created, **{"Updated at": "<none>"})
    assert exported == {
        "name": name,
        "description": "my env",
        "scope": "private",
        "variables": json.dumps(variables),
    }
    assert [r for r in listed if r["Name"] == name] == [
        {
            "Name": name,
            "Description": "my env",
            "Scope": "private",
            "Created at": created["Created at"],
            "Updated at": "<none>",
        }
    ]

    err = cli.fails("environment-create", path)
    assert err.stderr == (
        "ERROR (app) Duplicate entry for Environment "
        f"['name', 'project_id']: {name}, <default-project>\n"
    )

    assert cli("environment-delete", name) == (
        f"Request to delete environment {name} has been accepted.\n"
    )
    get_err, delete_err = cli.fails_many(("environment-get", name), ("environment-delete", name))
    assert get_err.stderr == f"ERROR (app) Environment not found [name={name}]\n"
    assert (delete_err.stdout, delete_err.stderr) == (
        f"Environment not found [name={name}]\n",
        "ERROR (app) Unable to delete the specified environment(s).\n",
    )


def test_create_from_yaml_and_update(cli, write_file):
    name = "cli_env_yaml"
    path = write_file("env.yaml", f"name: {name}\nvariables:\n  z: null\n  list: [1, two]\n")

    created = cli("environment-create", path)
    assert cli.mask(created) == {
        "Name": name,
        "Description": None,
        "Variables": pretty({"z": None, "list": [1, "two"]}),
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": None,
    }
    got, listed = cli.many(("environment-get", name), ("environment-list",))
    assert got == dict(created, **{"Description": "<none>", "Updated at": "<none>"})
    assert [r for r in listed if r["Name"] == name] == [
        {
            "Name": name,
            "Description": "<none>",
            "Scope": "private",
            "Created at": created["Created at"],
            "Updated at": "<none>",
        }
    ]

    updated = cli(
        "environment-update",
        write_file("env2.yaml", f"name: {name}\ndescription: changed\nvariables:\n  k: v\n"),
    )
    assert cli.mask(updated) == {
        "Name": name,
        "Description": "changed",
        "Variables": pretty({"k": "v"}),
        "Scope": "private",
        "Created at": "<datetime>",
        "Updated at": "<datetime>",
    }
    assert updated["Created at"] == created["Created at"]

    # Fields left out of the file keep their values.
    kept = cli("environment-update", write_file("env3.yaml", f"name: {name}\ndescription: again\n"))
    assert cli("environment-get", name) == kept
    assert (kept["Description"], kept["Variables"]) == ("again", pretty({"k": "v"}))


def test_update_unknown_and_delete_several(cli, write_file):
    path = write_file("env.json", json.dumps({"name": "cli_env_nope", "variables": {}}))
    cli.many(
        *(
            (
                "environment-create",
                write_file(f"{n}.json", json.dumps({"name": n, "variables": {}})),
            )
            for n in ("cli_env_d1", "cli_env_d2")
        )
    )
    err = cli.fails("environment-update", path)
    assert err.stderr == "ERROR (app) Environment not found [name=cli_env_nope]\n"
    assert cli("environment-delete", "cli_env_d1", "cli_env_d2") == (
        "Request to delete environment cli_env_d1 has been accepted.\n"
        "Request to delete environment cli_env_d2 has been accepted.\n"
    )
