"""Action input signatures: Mistral's parameter strings, input checks and instantiation."""

import inspect
import json

from mistral_engine import exceptions as exc

ADHOC_CLASS = "mistral.actions.adhoc.AdHocAction"

_REQUIRED = object()  # a parameter without a default


def class_display_name(action_class: type) -> str:
    """The class path Mistral shows for an action class (std.* under mistral.actions)."""
    display = getattr(action_class, "display_name", None)
    if callable(display):
        return display()
    return f"{action_class.__module__}.{action_class.__name__}"


def descriptor_repr(name: str, action_class: type) -> str:
    """Mistral's ``Python action [name=..., cls=<class '...'>]`` (in instantiation errors)."""
    return f"Python action [name={name}, cls=<class '{class_display_name(action_class)}'>]"


def _init_params(action_class: type) -> list[inspect.Parameter]:
    try:
        sig = inspect.signature(action_class.__init__)
    except (TypeError, ValueError):
        return []
    return list(sig.parameters.values())[1:]  # drop self


def params_string(action_class: type) -> str:
    """The ``input`` string of a Python action, as mistral-lib renders ``__init__``."""
    custom = getattr(action_class.__init__, "__arguments__", None)
    if custom:
        return custom
    parts = []
    varkw = None
    for p in _init_params(action_class):
        if p.kind is p.VAR_KEYWORD:
            varkw = p.name
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            if p.default is p.empty:
                parts.append(p.name)
            else:
                try:
                    parts.append(f"{p.name}={json.dumps(p.default)}")
                except TypeError:
                    pass  # mistral-lib silently leaves out a non-JSON default
    if varkw:
        parts.append(f"**{varkw}")
    return ", ".join(parts)


def parse_params_string(spec: str | None) -> dict:
    """``"a, b=1"`` -> ``{"a": <required>, "b": 1}`` (mistral-lib's get_dict_from_string)."""
    result = {}
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, raw = part.partition("=")
        if not sep:
            result[name] = _REQUIRED
            continue
        try:
            result[name] = json.loads(raw)
        except ValueError:
            result[name] = raw
    return result


def check_input(name: str, class_name: str, spec: str | None, actual: dict | None) -> None:
    """Raise InputException (Mistral's text) for missing or unexpected parameters."""
    if spec and "**" in spec:
        return
    expected = parse_params_string(spec)
    unexpected = list((actual or {}).keys())
    missing = []
    for p_name, default in expected.items():
        if default is _REQUIRED and p_name not in unexpected:
            missing.append(str(p_name))
        if p_name in unexpected:
            unexpected.remove(p_name)
    if missing or unexpected:
        msg = f"Invalid input [name={name}, class={class_name}"
        if missing:
            msg += f", missing={missing}"
        if unexpected:
            msg += f", unexpected={unexpected}"
        raise exc.InputException(msg + "]")


def check_class_input(action_class: type, input_dict: dict | None, name: str | None = None):
    check_input(
        name or class_display_name(action_class),
        class_display_name(action_class),
        params_string(action_class),
        input_dict,
    )


def instantiate(action_class: type, input_dict: dict | None, name: str | None = None):
    """Check ``input_dict`` against the constructor, then build the action.

    ``name`` is the action name for the error text (the class path when omitted).
    Errors raised by the constructor itself propagate; Mistral reports them as
    ``Failed to instantiate an action [action_desc=<descriptor_repr(name, cls)>]``.
    """
    input_dict = dict(input_dict or {})
    check_class_input(action_class, input_dict, name)
    return action_class(**input_dict)
