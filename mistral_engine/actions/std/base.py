"""The base of the standard actions: Mistral's class names for user-visible texts."""

from mistral_lib import actions as ml_actions

# Mistral 23 keeps every std action in this module; its class paths appear in error texts.
MISTRAL_MODULE = "mistral.actions.std_actions"


class StdAction(ml_actions.Action):
    # A standard action that renders like its Mistral counterpart. No docstring on
    # purpose: a std action without its own inherits mistral-lib Action's, as in Mistral.
    # ``str(action)`` is what the executor puts in ``The action raised an exception
    # [action=...]``; Mistral shows the default object repr of its own class there.

    mistral_class = "Action"

    @classmethod
    def display_name(cls) -> str:
        return f"{MISTRAL_MODULE}.{cls.mistral_class}"

    def __repr__(self) -> str:
        return f"<{self.display_name()} object at {id(self):#x}>"
