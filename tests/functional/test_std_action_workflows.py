"""Workflows calling std.http, std.mistral_http, std.email, std.ssh and std.javascript / std.js,
run through the HTTP API on every deployment shape against real servers in the test process.

The servers listen on loopback addresses, which every server process (a split executor
included) reaches. The default ``[action_std_http] denied_cidrs`` refuses loopback, which the
first test proves on the shared deployment; the others run on a deployment of this module
whose configuration lets std.http reach loopback (link-local stays denied).
"""

import email
import json
import re
import time
from email import header as email_header

import pytest

from tests import backends, local_servers
from tests.functional.conftest import DEPLOYMENTS, Api, selected_deployments
from tests.functional.test_engine_workflows import run, unique, wait_for
from tests.server import Deployment

LOOPBACK_ALLOWED_CONF = """\
[DEFAULT]
js_implementation = py_mini_racer
[action_std_http]
denied_cidrs = 169.254.0.0/16,fe80::/10
"""

SSH_USER, SSH_PASSWORD = "mistral", "s3cret"


@pytest.fixture(scope="module")
def http_server():
    server = local_servers.HttpRecorder(slow_seconds=5).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def smtp_server():
    server = local_servers.SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ssh_server():
    server = local_servers.SshServer(SSH_USER, SSH_PASSWORD)
    try:
        server.bind()
    except PermissionError:
        pytest.skip("std.ssh only reaches port 22; binding it needs root")
    server.start()
    yield server
    server.stop()


def _stop_together(dep: Deployment) -> None:
    # Each process takes seconds to stop: signal them all before waiting for any.
    for process in dep.processes:
        if process.process is not None and process.process.poll() is None:
            process.process.terminate()
    dep.stop()


@pytest.fixture(scope="module", params=selected_deployments())
def std_deployment(request, tmp_path_factory):
    """A deployment of the given shape where std.http may reach loopback and std.javascript
    runs on mini-racer. SQLite servers migrate their own schema and the API lists the std
    actions into an empty database, so only the split shapes run ``db-manage upgrade``."""
    kind, backend = DEPLOYMENTS[request.param]
    work_dir = str(tmp_path_factory.mktemp(f"std-{request.param}"))
    url = backends.create_database(backend, work_dir)
    dep = Deployment(kind, url, work_dir, extra_conf=LOOPBACK_ALLOWED_CONF)
    if backend != "sqlite":
        dep.db_manage("upgrade", "head")
    try:
        dep.start()
    except Exception:
        _stop_together(dep)
        backends.drop_database(url)
        raise
    yield dep
    _stop_together(dep)
    backends.drop_database(url)


@pytest.fixture
def api(std_deployment):
    return Api(std_deployment.url)


def full_tasks(api, tasks) -> dict:
    """Task name -> the task as GET /v2/tasks/<id> shows it (with its result)."""
    return {t["name"]: api.get(f"/v2/tasks/{t['id']}").json() for t in tasks}


def action_ex_id(api, task) -> str:
    actions = api.get(f"/v2/action_executions?task_execution_id={task['id']}").json()
    (action,) = actions["action_executions"]
    return action["id"]


def assert_raised(api, task, action_class, msg):
    """The task failed with Mistral's text for an exception raised inside the action."""
    pattern = (
        re.escape(
            f"The action raised an exception [action=<mistral.actions.std_actions.{action_class}"
        )
        + " object at 0x[0-9a-f]+"
        + re.escape(f">, action_ex_id={action_ex_id(api, task)}, msg='{msg}']")
    )
    assert task["state"] == "ERROR"
    assert re.fullmatch(pattern, task["state_info"]), task["state_info"]
    assert json.loads(task["result"]) == task["state_info"]


def requests_to(server, path_prefix) -> list:
    return [r for r in server.requests if r["path"].startswith(path_prefix)]


def http_result(server, path, content, *, ctype="application/json", reason="OK", status=200):
    """The std.http result dict the local server's answer gives, minus ``elapsed``."""
    body = content.encode() if isinstance(content, str) else json.dumps(content).encode()
    return {
        "content": content,
        "status": status,
        "headers": {
            "Server": local_servers.HTTP_SERVER_HEADER,
            "Date": local_servers.HTTP_DATE_HEADER,
            "Content-Type": ctype,
            "Content-Length": str(len(body)),
        },
        "url": server.url + path,
        "history": [],
        "encoding": "utf-8",
        "reason": reason,
        "cookies": {},
    }


def without_elapsed(result: dict) -> dict:
    elapsed = result.pop("elapsed")
    assert isinstance(elapsed, float) and 0 <= elapsed < 30, elapsed
    return result


def test_http_to_loopback_is_refused_by_the_default_egress_policy(engine_api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    call:
      action: std.http
      input: {{url: <% $.url %>}}
"""
    ex, tasks = run(engine_api, text, name, {"url": f"{http_server.url}/{name}"})
    call = full_tasks(engine_api, tasks)["call"]
    assert_raised(
        engine_api,
        call,
        "HTTPAction",
        "URL host '127.0.0.1' resolves to a blocked address (127.0.0.1).",
    )
    assert ex["state"] == "ERROR"
    assert ex["state_info"] == (
        f"Failure caused by error in tasks: call\n\n"
        f"  call [task_ex_id={call['id']}] -> {call['state_info']}\n"
        f"    [action_ex_id={action_ex_id(engine_api, call)}, idx=0]: {call['state_info']}\n"
    )
    assert requests_to(http_server, f"/{name}") == []


def test_http_get_with_query_params_and_headers_publishes_the_result(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    get:
      action: std.http
      input:
        url: <% $.url %>
        params: {{q: 1, w: x y}}
        headers: {{X-Count: 5, X-Ratio: 1.5, X-Token: abc}}
      publish:
        response: <% task().result %>
        status: <% task().result.status %>
        path: <% task().result.content.path %>
"""
    ex, tasks = run(api, text, name, {"url": f"{http_server.url}/get-{name}"})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    get = full_tasks(api, tasks)["get"]
    assert (get["state"], get["state_info"]) == ("SUCCESS", None)
    path = f"/get-{name}?q=1&w=x+y"
    expected = http_result(http_server, path, {"method": "GET", "path": path, "body": ""})
    published = json.loads(get["published"])
    assert without_elapsed(published["response"]) == expected
    assert (published["status"], published["path"]) == (200, path)
    assert without_elapsed(json.loads(get["result"])) == expected
    (request,) = requests_to(http_server, f"/get-{name}")
    assert request["method"] == "GET"
    assert {k: v for k, v in request["headers"].items() if k.startswith("X-")} == {
        "X-Count": "5",
        "X-Ratio": "1.5",
        "X-Token": "abc",
    }


def test_http_post_with_a_json_body_and_put_with_json(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    post:
      action: std.http
      input:
        url: <% $.url %>/post-{name}
        method: POST
        body: {{a: 1, b: [x]}}
        headers: {{Content-Type: application/json}}
        auth: "user:pw"
      publish: {{echoed: <% task().result.content %>}}
    put:
      action: std.http
      input:
        url: <% $.url %>/put-{name}
        method: PUT
        json: {{k: [1, 2]}}
      publish: {{put_status: <% task().result.status %>}}
"""
    ex, tasks = run(api, text, name, {"url": http_server.url})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    by_name = full_tasks(api, tasks)
    assert json.loads(by_name["post"]["published"]) == {
        "echoed": {"method": "POST", "path": f"/post-{name}", "body": '{"a": 1, "b": ["x"]}'}
    }
    assert json.loads(by_name["put"]["published"]) == {"put_status": 200}
    (post,) = requests_to(http_server, f"/post-{name}")
    assert (post["method"], post["body"]) == ("POST", '{"a": 1, "b": ["x"]}')
    assert post["headers"]["Content-Type"] == "application/json"
    assert post["headers"]["Authorization"] == "Basic dXNlcjpwdw=="
    (put,) = requests_to(http_server, f"/put-{name}")
    assert (put["method"], put["body"]) == ("PUT", '{"k": [1, 2]}')
    assert put["headers"]["Content-Type"] == "application/json"


def test_http_text_redirect_and_cookies_in_the_result(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    text:
      action: std.http
      input: {{url: "<% $.url %>/text-{name}"}}
    followed:
      action: std.http
      input: {{url: "<% $.url %>/redirect-{name}", allow_redirects: true}}
    not_followed:
      action: std.http
      input: {{url: "<% $.url %>/redirect-{name}"}}
    cookie:
      action: std.http
      input: {{url: "<% $.url %>/cookie-{name}", cookies: {{c1: v1}}}}
"""
    ex, tasks = run(api, text, name, {"url": http_server.url})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    results = {
        n: without_elapsed(json.loads(t["result"])) for n, t in full_tasks(api, tasks).items()
    }
    text_result = http_result(
        http_server, f"/text-{name}", "plain words", ctype="text/plain; charset=utf-8"
    )
    assert results["text"] == text_result
    assert results["followed"] == {
        **text_result,
        "url": http_server.url + "/text",
        "history": [["moved"]],
    }
    moved = http_result(
        http_server, f"/redirect-{name}", "moved", ctype="text/plain", reason="Found", status=302
    )
    moved["headers"]["Location"] = "/text"
    moved["encoding"] = "ISO-8859-1"
    assert results["not_followed"] == moved
    cookie = http_result(http_server, f"/cookie-{name}", {"cookie": "set"})
    cookie["headers"]["Set-Cookie"] = "sid=abc; Path=/"
    cookie["cookies"] = {"sid": "abc"}
    assert results["cookie"] == cookie
    (sent,) = requests_to(http_server, f"/cookie-{name}")
    assert sent["headers"]["Cookie"] == "c1=v1"


def test_http_404_fails_the_task_with_the_response_as_its_result(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    get:
      action: std.http
      input: {{url: "<% $.url %>/missing-{name}"}}
      publish-on-error:
        status: <% task().result.status %>
        error: <% task().result.content.error %>
      on-error: [get_handled]
    get_handled:
      action: std.noop
    mistral_get:
      action: std.mistral_http
      input: {{url: "<% $.url %>/missing-mh-{name}"}}
      publish-on-error: {{mh_status: <% task().result.status %>}}
      on-error: [mistral_get_handled]
    mistral_get_handled:
      action: std.noop
"""
    ex, tasks = run(api, text, name, {"url": http_server.url})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    by_name = full_tasks(api, tasks)
    assert {n: t["state"] for n, t in by_name.items()} == {
        "get": "ERROR",
        "get_handled": "SUCCESS",
        "mistral_get": "ERROR",
        "mistral_get_handled": "SUCCESS",
    }
    for task_name, path in [("get", f"/missing-{name}"), ("mistral_get", f"/missing-mh-{name}")]:
        task = by_name[task_name]
        result = json.loads(task["result"])
        # Mistral's task state_info is str() of the error value: the dict's Python repr.
        assert task["state_info"] == str(result)
        expected = http_result(http_server, path, {"error": "nope"}, reason="Not Found", status=404)
        assert without_elapsed(result) == expected
    assert json.loads(by_name["get"]["published"]) == {"status": 404, "error": "nope"}
    assert json.loads(by_name["mistral_get"]["published"]) == {"mh_status": 404}


def test_http_timeout_and_denied_link_local_fail_the_task(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    slow:
      action: std.http
      input: {{url: "<% $.url %>/slow-{name}", timeout: 0.5}}
    metadata:
      action: std.http
      input: {{url: "http://169.254.169.254/latest/meta-data"}}
"""
    ex, tasks = run(api, text, name, {"url": http_server.url})
    assert ex["state"] == "ERROR"
    by_name = full_tasks(api, tasks)
    assert_raised(
        api,
        by_name["slow"],
        "HTTPAction",
        f"Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', "
        f"port={http_server.port}): Read timed out. (read timeout=0.5)",
    )
    assert_raised(
        api,
        by_name["metadata"],
        "HTTPAction",
        "URL host '169.254.169.254' resolves to a blocked address (169.254.169.254).",
    )
    assert len(requests_to(http_server, f"/slow-{name}")) == 1


def test_mistral_http_waits_for_the_callback_and_publishes_its_output(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    call:
      action: std.mistral_http
      input: {{url: <% $.url %>, method: POST, json: {{job: 7}}}}
      publish: {{answer: <% task().result %>}}
"""
    assert api.post_text("/v2/workflows", text).status_code == 201
    started = api.post(
        "/v2/executions",
        json={"workflow_name": name, "input": {"url": f"{http_server.url}/cb-{name}"}},
    )
    assert started.status_code == 201, started.text
    ex_id = started.json()["id"]
    deadline = time.monotonic() + 30
    while not requests_to(http_server, f"/cb-{name}") and time.monotonic() < deadline:
        time.sleep(0.05)
    (request,) = requests_to(http_server, f"/cb-{name}")
    assert (request["method"], request["body"]) == ("POST", '{"job": 7}')
    (task,) = api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]
    callback = f"/v2/action_executions/{action_ex_id(api, task)}"
    # The 200 answer is not the result: the action runs on until the callback arrives.
    time.sleep(0.3)
    assert api.get(callback).json()["state"] == "RUNNING"
    assert api.get(f"/v2/executions/{ex_id}").json()["state"] == "RUNNING"
    done = api.put(callback, json={"state": "SUCCESS", "output": {"approved": True}})
    assert done.status_code == 200, done.text
    ex = wait_for(api, ex_id)
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    (task,) = api.get(f"/v2/executions/{ex_id}/tasks").json()["tasks"]
    assert json.loads(task["published"]) == {"answer": {"approved": True}}


def test_mistral_http_sends_the_mistral_headers(api, http_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [url]
  tasks:
    call:
      action: std.mistral_http
      input: {{url: <% $.url %>}}
"""
    ex, tasks = run(api, text, name, {"url": f"{http_server.url}/missing-hdr-{name}"})
    assert ex["state"] == "ERROR"
    (task,) = tasks
    action_id = action_ex_id(api, task)
    (request,) = requests_to(http_server, f"/missing-hdr-{name}")
    assert {k: v for k, v in request["headers"].items() if k.startswith("Mistral-")} == {
        "Mistral-Workflow-Name": name,
        "Mistral-Workflow-Execution-Id": ex["id"],
        "Mistral-Task-Id": task["id"],
        "Mistral-Action-Execution-Id": action_id,
        "Mistral-Callback-URL": f"/v2/action_executions/{action_id}",
    }


def _header_text(value) -> str:
    return str(email_header.make_header(email_header.decode_header(value)))


def test_email_is_delivered_to_the_smtp_server(api, smtp_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [smtp]
  tasks:
    plain:
      action: std.email
      input:
        from_addr: wf@example.com
        to_addrs: [to1@example.com, to2@example.com]
        cc_addrs: [cc@example.com]
        bcc_addrs: [bcc@example.com]
        reply_to: [reply@example.com]
        smtp_server: <% $.smtp %>
        subject: "Report {name} ✓"
        body: "Line one\\nLine two"
      publish: {{sent: <% task().result %>}}
    html:
      action: std.email
      input:
        from_addr: wf@example.com
        to_addrs: [to3@example.com]
        smtp_server: <% $.smtp %>
        subject: "Html {name}"
        html_body: "<b>{name}</b>"
"""
    ex, tasks = run(api, text, name, {"smtp": smtp_server.address})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    by_name = full_tasks(api, tasks)
    assert json.loads(by_name["plain"]["published"]) == {"sent": None}
    assert json.loads(by_name["plain"]["result"]) is None
    envelopes = {}
    for env in smtp_server.envelopes:
        msg = email.message_from_bytes(env.original_content)
        envelopes[_header_text(msg["Subject"])] = (env, msg)

    env, msg = envelopes[f"Report {name} ✓"]
    assert env.mail_from == "wf@example.com"
    assert env.rcpt_tos == [
        "cc@example.com",
        "bcc@example.com",
        "to1@example.com",
        "to2@example.com",
    ]
    assert (msg["From"], msg["To"], msg["cc"], msg["Reply-To"], msg["Bcc"]) == (
        "wf@example.com",
        "to1@example.com, to2@example.com",
        "cc@example.com",
        "reply@example.com",
        None,
    )
    assert (msg.get_content_type(), msg.get_content_charset()) == ("text/plain", "utf-8")
    assert msg.get_payload(decode=True).decode() == "Line one\nLine two"

    env, msg = envelopes[f"Html {name}"]
    assert (env.mail_from, env.rcpt_tos) == ("wf@example.com", ["to3@example.com"])
    assert (msg["To"], msg["cc"], msg["Reply-To"]) == ("to3@example.com", None, "")
    parts = [(p.get_content_type(), p.get_payload(decode=True).decode()) for p in msg.get_payload()]
    assert parts == [("text/plain", "<No body>"), ("text/html", f"<b>{name}</b>")]


def test_email_with_a_password_needs_starttls(api, smtp_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [smtp]
  tasks:
    send:
      action: std.email
      input:
        from_addr: wf@example.com
        to_addrs: [to@example.com]
        smtp_server: <% $.smtp %>
        smtp_password: secret
        subject: "Tls {name}"
"""
    count = len(smtp_server.envelopes)
    ex, tasks = run(api, text, name, {"smtp": smtp_server.address})
    assert ex["state"] == "ERROR"
    assert_raised(
        api,
        full_tasks(api, tasks)["send"],
        "SendEmailAction",
        "Failed to send an email message: STARTTLS extension not supported by server.",
    )
    assert len(smtp_server.envelopes) == count


def test_ssh_runs_commands_with_password_auth(api, ssh_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [host]
  tasks:
    one:
      action: std.ssh
      input:
        cmd: "echo out-{name}; echo err >&2"
        host: <% $.host %>
        username: {SSH_USER}
        password: {SSH_PASSWORD}
      publish: {{out: <% task().result %>}}
    several:
      action: std.ssh
      input:
        cmd: "printf many-{name}"
        host: <% [$.host, $.host] %>
        username: {SSH_USER}
        password: {SSH_PASSWORD}
      publish: {{outs: <% task().result %>}}
    with_status:
      action: std.ssh
      input:
        cmd: "echo x-{name}; echo e >&2; exit 3"
        host: <% $.host %>
        username: {SSH_USER}
        password: {SSH_PASSWORD}
        return_result_on_error: true
      publish: {{status: <% task().result %>}}
"""
    ex, tasks = run(api, text, name, {"host": ssh_server.host})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    published = {n: json.loads(t["published"]) for n, t in full_tasks(api, tasks).items()}
    assert published == {
        "one": {"out": f"out-{name}\n"},
        "several": {"outs": [f"many-{name}", f"many-{name}"]},
        "with_status": {"status": {"stdout": f"x-{name}\n", "stderr": "e\n", "exit_code": 3}},
    }
    assert sorted(c for c in ssh_server.commands if name in c) == [
        f"echo out-{name}; echo err >&2",
        f"echo x-{name}; echo e >&2; exit 3",
        f"printf many-{name}",
        f"printf many-{name}",
    ]


def test_ssh_failing_command_or_wrong_password_fails_the_task(api, ssh_server):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [host]
  tasks:
    failing:
      action: std.ssh
      input:
        cmd: "echo x-{name}; exit 3"
        host: <% $.host %>
        username: {SSH_USER}
        password: {SSH_PASSWORD}
    wrong_password:
      action: std.ssh
      input:
        cmd: "echo never-{name}"
        host: <% $.host %>
        username: {SSH_USER}
        password: wrong
"""
    ex, tasks = run(api, text, name, {"host": ssh_server.host})
    assert ex["state"] == "ERROR"
    by_name = full_tasks(api, tasks)
    host = ssh_server.host
    assert_raised(
        api,
        by_name["failing"],
        "SSHAction",
        f"Failed to execute ssh cmd 'echo x-{name}; exit 3' on ['{host}']",
    )
    assert_raised(
        api,
        by_name["wrong_password"],
        "SSHAction",
        f"Failed to execute ssh cmd 'echo never-{name}' on ['{host}']",
    )
    assert [c for c in ssh_server.commands if name in c] == [f"echo x-{name}; exit 3"]


def test_javascript_gets_the_workflow_context_and_its_result_is_published(api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  input: [items, factor]
  tasks:
    compute:
      action: std.javascript
      input:
        context: <% $ %>
        script: |
          return {{
            scaled: $.items.map(function (x) {{ return x * $.factor; }}),
            keys: Object.keys($).sort(),
            execution: $.__execution.id
          }};
      publish:
        scaled: <% task().result.scaled %>
        keys: <% task().result.keys %>
        execution: <% task().result.execution %>
      on-success: [total]
    total:
      action: std.js
      input:
        context: <% $.scaled %>
        script: "return $.reduce(function (a, b) {{ return a + b; }}, 0);"
      publish: {{total: <% task().result %>}}
"""
    ex, tasks = run(api, text, name, {"items": [1, 2, 4], "factor": 3})
    assert ex["state"] == "SUCCESS", ex.get("state_info")
    by_name = full_tasks(api, tasks)
    assert json.loads(by_name["compute"]["published"]) == {
        "scaled": [3, 6, 12],
        "keys": ["__env", "__execution", "__task_execution", "factor", "items"],
        "execution": ex["id"],
    }
    assert json.loads(by_name["total"]["published"]) == {"total": 21}
    assert json.loads(by_name["total"]["result"]) == 21


def test_javascript_exception_fails_the_task(api):
    name = unique()
    text = f"""
version: '2.0'
{name}:
  tasks:
    throw:
      action: std.js
      input:
        context: {{who: me}}
        script: "throw new Error('bad ' + $.who);"
"""
    ex, tasks = run(api, text, name)
    assert ex["state"] == "ERROR"
    assert_raised(
        api,
        full_tasks(api, tasks)["throw"],
        "JavaScriptAction",
        "JavaScriptAction failed: <anonymous>:2: Error: bad me\n"
        "throw new Error('bad ' + $.who);\n^\n\nError: bad me\n"
        "    at <anonymous>:2:7\n    at <anonymous>:3:3\n",
    )
