"""The catalogue of Mistral 23's standard (``std.*``) actions: names, input signatures,
descriptions.

This is the single source of the system actions the API lists and ``populate`` writes
into ``action_definitions_v2``; implementations are attached elsewhere by name. ``input``
is the signature string exactly as Mistral 23 renders it (defaults JSON-encoded).
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class SystemAction:
    """One standard action as the API shows it."""

    name: str
    input: str
    description: str
    # False for actions whose result arrives later (completed through the API).
    is_sync: bool = True
    # Set for system actions that are themselves ad-hoc: DSL text with ``base`` and
    # ``base-input`` (std.wait_ssh is std.ssh with fixed ``cmd``).
    definition: str | None = None


_ASYNC_NOOP = SystemAction(
    name="std.async_noop",
    input="",
    description="Asynchronous no-operation action.",
    is_sync=False,
)
_ECHO = SystemAction(
    name="std.echo",
    input="output, delay=0",
    description=(
        "Echo action.\n"
        "\n"
        "This action just returns a configured value as a result without doing\n"
        "anything else. The value of such action implementation is that it\n"
        "can be used in development (for testing), demonstration and designing\n"
        "of workflows themselves where echo action can play the role of temporary\n"
        "stub."
    ),
)
_EMAIL = SystemAction(
    name="std.email",
    input=(
        "from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, "
        "bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null"
    ),
    description=(
        "Action.\n"
        "\n"
        "Action is a means in Mistral to perform some useful work associated with\n"
        "a workflow during its execution. Every workflow task is configured with\n"
        "an action and when the task runs it eventually delegates to the action.\n"
        "When it happens task parameters get evaluated (calculating expressions,\n"
        "if any) and are treated as action parameters. So in a regular general\n"
        "purpose languages terminology action is a method declaration and task is\n"
        "a method call.\n"
        "\n"
        "Base action class initializer doesn't have arguments. However, concrete\n"
        "action classes may have any number of parameters defining action behavior.\n"
        "These parameters must correspond to parameters declared in action\n"
        "specification (e.g. using DSL or others)."
    ),
)
_FAIL = SystemAction(
    name="std.fail",
    input="error_data=null",
    description=(
        "'Always fail' action.\n"
        "\n"
        "If you pass the `error_data` parameter, this action will be failed and\n"
        "return this data as error data. Otherwise, the action just throws an\n"
        "instance of ActionException.\n"
        "\n"
        "This behavior is useful in a number of cases, especially if we need to\n"
        "test a scenario where some of workflow tasks fail.\n"
        "\n"
        ":param error_data: Action will be failed with this data"
    ),
)
_HTTP = SystemAction(
    name="std.http",
    input=(
        'url, method="GET", params=null, body=null, json=null, headers=null, '
        "cookies=null, auth=null, timeout=null, allow_redirects=null, "
        "proxies=null, verify=null"
    ),
    description=(
        "HTTP action.\n"
        "\n"
        ":param url: URL for the new HTTP request.\n"
        ":param method: (optional, 'GET' by default) method for the new HTTP\n"
        "    request.\n"
        ":param params: (optional) Dictionary or bytes to be sent in the\n"
        "    query string for the HTTP request.\n"
        ":param body: (optional) Dictionary, bytes, or file-like object to send\n"
        "    in the body of the HTTP request.\n"
        ":param json: (optional) A JSON serializable Python object to send\n"
        "    in the body of the HTTP request.\n"
        ":param headers: (optional) Dictionary of HTTP Headers to send with\n"
        "    the HTTP request.\n"
        ":param cookies: (optional) Dict or CookieJar object to send with\n"
        "    the HTTP request.\n"
        ":param auth: (optional) Auth tuple to enable Basic/Digest/Custom\n"
        "    HTTP Auth.\n"
        ":param timeout: (optional) Float describing the timeout of the request\n"
        "    in seconds.\n"
        ":param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE\n"
        "    redirect following is allowed.\n"
        ":param proxies: (optional) Dictionary mapping protocol to the URL of\n"
        "    the proxy.\n"
        ":param verify: (optional) if ``True``, the SSL cert will be verified.\n"
        "    A CA_BUNDLE path can also be provided."
    ),
)
_JAVASCRIPT = SystemAction(
    name="std.javascript",
    input="script, context=null",
    description=("Evaluates given JavaScript.\n\n    "),
)
_JS = SystemAction(
    name="std.js",
    input="script, context=null",
    description=("Evaluates given JavaScript.\n\n    "),
)
_MISTRAL_HTTP = SystemAction(
    name="std.mistral_http",
    input=(
        'url, method="GET", params=null, body=null, json=null, headers=null, '
        "cookies=null, auth=null, timeout=null, allow_redirects=null, "
        "proxies=null, verify=null"
    ),
    description=(
        "HTTP action.\n"
        "\n"
        ":param url: URL for the new HTTP request.\n"
        ":param method: (optional, 'GET' by default) method for the new HTTP\n"
        "    request.\n"
        ":param params: (optional) Dictionary or bytes to be sent in the\n"
        "    query string for the HTTP request.\n"
        ":param body: (optional) Dictionary, bytes, or file-like object to send\n"
        "    in the body of the HTTP request.\n"
        ":param json: (optional) A JSON serializable Python object to send\n"
        "    in the body of the HTTP request.\n"
        ":param headers: (optional) Dictionary of HTTP Headers to send with\n"
        "    the HTTP request.\n"
        ":param cookies: (optional) Dict or CookieJar object to send with\n"
        "    the HTTP request.\n"
        ":param auth: (optional) Auth tuple to enable Basic/Digest/Custom\n"
        "    HTTP Auth.\n"
        ":param timeout: (optional) Float describing the timeout of the request\n"
        "    in seconds.\n"
        ":param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE\n"
        "    redirect following is allowed.\n"
        ":param proxies: (optional) Dictionary mapping protocol to the URL of\n"
        "    the proxy.\n"
        ":param verify: (optional) if ``True``, the SSL cert will be verified.\n"
        "    A CA_BUNDLE path can also be provided."
    ),
    is_sync=False,
)
_NOOP = SystemAction(
    name="std.noop",
    input="",
    description=(
        "No-operation action.\n"
        "\n"
        "This action does nothing. It can be mostly useful for testing and\n"
        "debugging purposes."
    ),
)
_SLEEP = SystemAction(
    name="std.sleep",
    input="seconds=1",
    description=(
        "Sleep action.\n"
        "\n"
        "This action sleeps for given amount of seconds. It can be mostly useful\n"
        "for testing and debugging purposes."
    ),
)
_SSH = SystemAction(
    name="std.ssh",
    input=(
        'cmd, host, username, password="", private_key_filename=null, '
        "private_key=null, return_result_on_error=false"
    ),
    description=(
        "Runs Secure Shell (SSH) command on provided single or multiple hosts.\n"
        "\n"
        "It is allowed to provide either a single host or a list of hosts in\n"
        "action parameter 'host'. In case of a single host the action result\n"
        "will be a single value, otherwise a list of results provided in the\n"
        "same order as provided hosts."
    ),
)
_SSH_PROXIED = SystemAction(
    name="std.ssh_proxied",
    input=(
        "cmd, host, username, private_key_filename, gateway_host, "
        "gateway_username=null, password=null, proxy_command=null, private_key=null"
    ),
    description=(
        "Runs Secure Shell (SSH) command on provided single or multiple hosts.\n"
        "\n"
        "It is allowed to provide either a single host or a list of hosts in\n"
        "action parameter 'host'. In case of a single host the action result\n"
        "will be a single value, otherwise a list of results provided in the\n"
        "same order as provided hosts."
    ),
)
_TEST_DICT = SystemAction(
    name="std.test_dict",
    input='size=0, key_prefix="", val=""',
    description="Generates test dict.",
)
_WAIT_SSH = SystemAction(
    name="std.wait_ssh",
    input="host, username, password",
    description="Simple SSH command.",
    definition=(
        "---\n"
        "version: '2.0'\n"
        "\n"
        "std.wait_ssh:\n"
        "    description: Simple SSH command.\n"
        "    base: std.ssh\n"
        "    base-input:\n"
        "      host: <% $.host %>\n"
        "      username: <% $.username %>\n"
        "      password: <% $.password %>\n"
        "      cmd: 'ls -l'\n"
        "    input:\n"
        "     - host\n"
        "     - username\n"
        "     - password\n"
    ),
)

ACTIONS: tuple[SystemAction, ...] = (
    _ASYNC_NOOP,
    _ECHO,
    _EMAIL,
    _FAIL,
    _HTTP,
    _JAVASCRIPT,
    _JS,
    _MISTRAL_HTTP,
    _NOOP,
    _SLEEP,
    _SSH,
    _SSH_PROXIED,
    _TEST_DICT,
    _WAIT_SSH,
)

BY_NAME: dict[str, SystemAction] = {action.name: action for action in ACTIONS}


def get(name: str) -> SystemAction | None:
    return BY_NAME.get(name)


def is_system_action(name: str) -> bool:
    return name in BY_NAME
