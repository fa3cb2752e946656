"""The ``definition`` text Mistral stores for each workflow/action it creates.

* Workbook items: ``extract_fragment`` cuts the item out of the uploaded
  text by indentation (Mistral's ``_parse_def_from_wb``).
* Workflow documents (POST /v2/workflows): a single workflow keeps the whole
  uploaded text; with several, each gets a YAML re-dump of
  ``{version, <name>: <body>}`` (``workflow_definitions``).
"""

import io

import yaml

from mistral_engine.lang.yaml_loader import DefinitionLoader


def extract_fragment(text: str, name: str, section: str | None = None) -> str:
    """The ``<name>:`` line and its more-indented lines, header moved to column 0.

    With ``section`` (``'workflows'``/``'actions'``) the search starts after
    the first line containing ``<section>:``, as Mistral does for workbooks.
    Blank lines are kept as they are; comment lines lose the header's indent
    unless they are less indented. Returns at least ``'\\n'``.
    """
    if section is not None:
        marker = f"{section}:"
        start = text.find(marker)
        stream = io.StringIO(text[start:] if start >= 0 else "")
        stream.readline()
    else:
        stream = io.StringIO(text)
    header = f"{name}:"
    lines = []
    indent = 0
    for line in stream:
        if line.strip() == header:
            indent = line.index(header)
            lines.append(line.lstrip())
            break
    else:
        return "\n"
    for line in stream:
        stripped = line.strip()
        if not stripped:
            lines.append(line)
        elif stripped.startswith("#"):
            lines.append(line if indent > line.index("#") else line[indent:])
        elif indent < len(line) - len(line.lstrip()):
            lines.append(line[indent:])
        else:
            break
    return "".join(lines).rstrip() + "\n"


def workflow_definitions(text: str, names: list[str]) -> dict[str, str]:
    """``definition`` per workflow of a POST/PUT /v2/workflows document."""
    if len(names) == 1:
        return {names[0]: text}
    data = yaml.load(text, Loader=DefinitionLoader)
    return {
        name: yaml.dump(
            {"version": data["version"], name: data[name]},
            Dumper=yaml.SafeDumper,
            sort_keys=False,
        )
        for name in names
    }
