"""Resolving an action name into what the engine must run: a system action (std.* or a
plugin), an ad-hoc action expanded down to its system base, or a dynamic action from a
code source (dsl-v2 §21-23)."""

import dataclasses

from mistral_engine import exceptions, expressions, lang
from mistral_engine.actions import adhoc, inputs, registry
from mistral_engine.engine import lookup


@dataclasses.dataclass
class ActionPlan:
    name: str  # the name the task asked for
    base: str  # the system action that really runs (== name unless ad-hoc)
    input: dict  # the input of ``base``
    adhoc_chain: list = dataclasses.field(default_factory=list)  # ActionSpecs, caller first
    dynamic: dict | None = None  # code source and class of a dynamic action

    def message(self) -> dict:
        """The description of the action sent to an executor."""
        return {"name": self.name, "base": self.base, "input": self.input, "dynamic": self.dynamic}


def adhoc_chain(session, caller, name: str, namespace: str) -> list:
    chain, seen = [], set()
    while True:
        row = lookup.adhoc_action(session, caller, name, namespace)
        if row is None:
            return chain
        if name in seen:
            raise exceptions.InvalidActionException(f"Ad-hoc action loop at {name}")
        seen.add(name)
        spec = lang.parse_action(row.spec, validate=False)
        chain.append(spec)
        name = spec.base


def plan(
    session,
    caller,
    name: str,
    action_input: dict,
    namespace: str = "",
    context: dict | None = None,
    functions=None,
) -> ActionPlan:
    """Decide how to run ``name`` with ``action_input`` (raises with Mistral's texts when the
    action does not exist or its input does not fit)."""
    # Ad-hoc actions may not take a system action's name (the actions service refuses
    # it), so a system name needs no database lookup.
    if registry.is_system_action(name):
        action_class = registry.get_system_action_class(name)
        if action_class is not None:
            inputs.check_class_input(action_class, action_input, name)
        return ActionPlan(name=name, base=name, input=dict(action_input))
    chain = adhoc_chain(session, caller, name, namespace)
    if chain:

        def evaluate(value, scope):
            return expressions.evaluate(value, scope, functions)

        base, base_input = adhoc.expand_adhoc(chain, action_input, evaluate, context)
        action_class = registry.get_system_action_class(base)
        if action_class is None:
            raise exceptions.InvalidActionException(
                f"Failed to find action [action_name={base}, namespace={namespace or ''}]"
            )
        inputs.check_class_input(action_class, base_input, base)
        return ActionPlan(name=name, base=base, input=base_input, adhoc_chain=chain)
    dynamic = lookup.dynamic_action(session, caller, name, namespace)
    if dynamic is not None:
        source = lookup.code_source(session, dynamic.code_source_id)
        if source is None:
            raise exceptions.DBEntityNotFoundError(
                f"Code Source not found [name={dynamic.code_source_name},"
                f"namespace={dynamic.namespace}]"
            )
        return ActionPlan(
            name=name,
            base=name,
            input=dict(action_input),
            dynamic={
                "code_source_id": source.id,
                "code_source_name": source.name,
                "version": source.version,
                "class_name": dynamic.class_name,
            },
        )
    raise exceptions.InvalidActionException(
        f"Failed to find action [action_name={name}, namespace={namespace or ''}]"
    )


def is_engine_local(plan_: ActionPlan) -> bool:
    return plan_.dynamic is None and registry.is_engine_local(plan_.base, plan_.input)


def transform_output(plan_: ActionPlan, result, functions=None):
    if not plan_.adhoc_chain:
        return result

    def evaluate(value, scope):
        return expressions.evaluate(value, scope, functions)

    return adhoc.transform_output(plan_.adhoc_chain, result, evaluate)
