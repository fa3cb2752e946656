"""Safe YAML loading of uploaded definitions.

Like Mistral, anchors (``&a``) and aliases (``*a``) are not YAML syntax here:
they are scanned as plain text, so ``x: &a 1`` loads as ``"&a 1"`` and an
anchor in front of a mapping is a parse error. No alias can expand, which
rules out "billion laughs" documents. A leading ``@`` is also plain text.
Documents above ``MAX_DEFINITION_BYTES`` (UTF-8) are refused before parsing.
"""

import yaml

from mistral_engine import exceptions as exc

MAX_DEFINITION_BYTES = 1024 * 1024


class DefinitionLoader(yaml.SafeLoader):
    """SafeLoader whose scanner treats anchor/alias indicators as plain scalars."""

    def fetch_alias(self):
        return self.fetch_plain()

    def fetch_anchor(self):
        return self.fetch_plain()

    def check_plain(self):
        return self.peek() == "@" or super().check_plain()


def load_yaml(text: str, max_bytes: int = MAX_DEFINITION_BYTES) -> dict:
    """Parse a definition into a dict (an empty document gives ``{}``).

    Raises DSLParsingException for oversized or malformed text and
    InvalidModelException (a DSLParsingException) when the top level is not
    a mapping, with Mistral's schema wording.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise exc.DSLParsingException(
            f"Definition could not be parsed: the definition is {size} bytes long, "
            f"more than the limit of {max_bytes} bytes\n"
        )
    try:
        data = yaml.load(text, Loader=DefinitionLoader)
    except yaml.YAMLError as e:
        raise exc.DSLParsingException(f"Definition could not be parsed: {e}\n") from None
    except RecursionError:
        raise exc.DSLParsingException(
            "Definition could not be parsed: the document is nested too deeply\n"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise exc.InvalidModelException(f"Invalid DSL: {data!r} is not of type 'object'")
    return data
