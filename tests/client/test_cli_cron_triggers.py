"""The real ``mistral cron-trigger-*`` commands against our server."""

WORKFLOW = """---
version: '2.0'
cli_cron_wf:
  input: [x]
  tasks:
    t:
      action: std.echo output=<% $.x %>
"""


def test_create_get_list_delete(cli, write_file):
    cli("workflow-create", write_file("cron_wf.yaml", WORKFLOW))
    created = cli(
        "cron-trigger-create",
        "cli_ct",
        "cli_cron_wf",
        '{"x": 1}',
        "--pattern",
        "*/5 * * * *",
        "--count",
        "3",
    )
    expected = {
        "Name": "cli_ct",
        "Workflow": "cli_cron_wf",
        "Params": "{}",
        "Pattern": "*/5 * * * *",
        "Next execution time": "<datetime>",
        "Remaining executions": 3,
        "Created at": "<datetime>",
        "Updated at": None,
    }
    assert cli.mask(created) == expected
    got, listed = cli.many(("cron-trigger-get", "cli_ct"), ("cron-trigger-list",))
    assert got == created
    assert [r for r in listed if r["Name"] == "cli_ct"] == [created]

    err = cli.fails("cron-trigger-create", "cli_ct2", "cli_cron_wf", '{"x": 1}')
    assert err.stderr == "ERROR (app) Pattern or first_execution_time must be specified.\n"

    assert cli("cron-trigger-delete", "cli_ct") == (
        "Request to delete cron trigger cli_ct has been accepted.\n"
    )
    assert cli.fails("cron-trigger-get", "cli_ct").stderr == (
        "ERROR (app) Cron trigger not found [identifier=cli_ct]\n"
    )
