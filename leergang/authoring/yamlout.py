"""Writing module data back as ``module.yaml`` text in the style of the ``lessons/`` folder.

Keys keep the order they are given in (the editor gives the model's order), multi-line texts
become ``|`` blocks, short lists of ids (``levels: [po-7, po-8]``) and small mappings
(``knowledge_check: {test: pre, construct: sparen}``) stay on one line, steps are indented below
``steps:`` with a blank line between them, and amounts keep their digits (``3.50``). Reading the
text back gives the same data, so file → editor → file keeps a module equivalent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

_SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
FLOW_WIDTH = 100  # a mapping of plain values on one line up to this many characters


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key (``  - id: …``), as the lessons are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    flow = bool(items) and all(isinstance(i, str) and _SLUG.match(i) for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


def _dict(dumper: yaml.SafeDumper, mapping: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=_fits(mapping))


def _fits(mapping: dict[str, Any]) -> bool:
    """A small mapping of one-line values is written on one line."""
    if len(mapping) < 2 or not all(_one_line(v) for v in mapping.values()):
        return False
    return sum(len(str(k)) + len(str(v)) + 4 for k, v in mapping.items()) <= FLOW_WIDTH


def _one_line(value: Any) -> bool:
    if isinstance(value, str):
        return "\n" not in value and value.strip() == value and value != ""
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def _dump(value: Any) -> str:
    return yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
        default_flow_style=False,
    )  # fmt: skip


def module_yaml(data: dict[str, Any]) -> str:
    """``module.yaml`` text for ``data``; ``steps`` (if any) come last, one block each."""
    head = {key: value for key, value in data.items() if key != "steps"}
    parts = [_dump(head)] if head else []
    steps = data.get("steps")
    if isinstance(steps, list):
        if not steps:
            parts.append("steps: []\n")
        else:
            blocks = [_indent(_dump([step])) for step in steps]
            parts.append("\nsteps:\n" + "\n".join(blocks))
    elif "steps" in data:
        parts.append(_dump({"steps": steps}))
    return "".join(parts)


def _indent(text: str) -> str:
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))
