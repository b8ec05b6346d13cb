"""The budget-game editor's form: ``scenario.yaml`` data ↔ HTML form fields ↔ YAML text.

Fields are generated from the scenario schema (the pydantic models of ``scenario_schema``) and,
for effects, from the effect registry (``EFFECT_TYPES``): a new effect type, or a new field on
one, appears in the editor without a change here. A field's form name is its path in the file
(``cards.0.options.1.effects.0.amount``); the hidden ``<list>.#`` inputs list a list's items in
page order, so the order of the page is the order of the file.

``to_yaml`` writes the lessons/ format: the schema's key order, short mappings of plain values on
one line (``{type: pay, amount: 1.50, source: voorbeeld}``), amounts with their cents.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, BeforeValidator

from leergang.content.effects import EFFECT_TYPES
from leergang.content.money import euros_to_cents
from leergang.content.scenario_schema import SCENARIO_SCHEMA_VERSION, Scenario

LONG_TEXTS = {"description", "text", "explanation"}
MISSING = object()
MAX_ITEMS = 200  # per list: a form asking for more is refused, not parsed
_INT = re.compile(r"^-?\d{1,9}$")
_INDEX = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Spec:
    """One field of a form: its YAML key and how it is edited."""

    key: str
    kind: str  # text, long, int, money, bool, choice, choices, lines, model, models, effects
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    model: type[BaseModel] | None = None
    owner: str = ""  # the schema class that holds the field (labels depend on it)


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(bare type, Annotated metadata, optional?) of a field's annotation."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata += extra
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return Union[tuple(args)], metadata, optional  # noqa: UP007
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _is_money(metadata: list[Any]) -> bool:
    return any(isinstance(m, BeforeValidator) and m.func is euros_to_cents for m in metadata)


@cache
def specs(model: type[BaseModel]) -> tuple[Spec, ...]:
    """The form fields of ``model``, in the schema's (and the file's) order; an id first."""
    found: list[Spec] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in ("schema_version", "type"):
            continue
        bare, metadata, optional = _unwrap(info.annotation)
        metadata += info.metadata
        required = info.is_required()
        default = None if required else info.default
        origin = get_origin(bare)
        if origin in (Union, types.UnionType):  # "one flag or a list of flags"
            spec = Spec(key, "lines", required, default)
        elif origin is list:
            item, item_meta, _ = _unwrap(get_args(bare)[0])
            if any(getattr(m, "discriminator", None) for m in item_meta):
                spec = Spec(key, "effects", required, default)
            elif isinstance(item, type) and issubclass(item, BaseModel):
                spec = Spec(key, "models", required, default, model=item)
            elif get_origin(item) is Literal:
                spec = Spec(key, "choices", required, default, choices=get_args(item))
            else:
                spec = Spec(key, "lines", required, default)
        elif isinstance(bare, type) and issubclass(bare, BaseModel):
            spec = Spec(key, "model", required and not optional, default, model=bare)
        elif get_origin(bare) is Literal:
            spec = Spec(key, "choice", required, default, choices=get_args(bare))
        elif bare is bool:
            spec = Spec(key, "bool", required, default)
        elif bare is int:
            spec = Spec(key, "money" if _is_money(metadata) else "int", required, default)
        else:
            spec = Spec(key, "long" if key in LONG_TEXTS else "text", required, default)
        found.append(replace(spec, owner=model.__name__))
    return tuple(sorted(found, key=lambda spec: spec.key != "id"))


def effect_types() -> list[str]:
    return list(EFFECT_TYPES)


# --- data → what the form shows ---------------------------------------------------------------


def shown(value: Any, spec: Spec) -> Any:
    """A value of the file as the form shows it (text for inputs, a list for checkboxes)."""
    if value is None or value is MISSING:
        value = spec.default if spec.kind not in ("lines", "models", "effects") else None
    if spec.kind == "lines":
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return "" if value is None else str(value)
    if spec.kind == "choices":
        return [str(v) for v in value] if isinstance(value, list) else []
    if spec.kind == "bool":
        return value is True
    if spec.kind == "money" and isinstance(value, int | Decimal) and not isinstance(value, bool):
        amount = Decimal(value)
        return f"{amount:.2f}" if amount == amount.quantize(Decimal("0.01")) else str(amount)
    return "" if value is None else str(value)


def choice_order(value: Any, spec: Spec) -> list[str]:
    """Tick boxes: the ticked ones first, in the file's order (the order is kept), then the rest."""
    ticked = [c for c in shown(value, spec) if c in spec.choices]
    return ticked + [c for c in spec.choices if c not in ticked]


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def representable(data: Any, model: type[BaseModel] = Scenario) -> bool:
    """Whether the form can show ``data`` without dropping anything (else: the text editor)."""
    if not isinstance(data, dict):
        return False
    by_key = {spec.key: spec for spec in specs(model)}
    for key, value in data.items():
        if model is Scenario and key == "schema_version":
            if value != SCENARIO_SCHEMA_VERSION:
                return False
            continue
        if key == "type" and model in EFFECT_TYPES.values():
            continue
        spec = by_key.get(key)
        if spec is None or not _fits(spec, value):
            return False
    return True


def _fits(spec: Spec, value: Any) -> bool:
    if value is None:
        return True
    if spec.kind == "model":
        return representable(value, spec.model)  # type: ignore[arg-type]
    if spec.kind == "models":
        return isinstance(value, list) and all(representable(v, spec.model) for v in value)  # type: ignore[arg-type]
    if spec.kind == "effects":
        return isinstance(value, list) and all(
            isinstance(v, dict) and v.get("type") in EFFECT_TYPES
            and representable(v, EFFECT_TYPES[v["type"]])
            for v in value
        )  # fmt: skip
    if spec.kind in ("choices", "lines"):
        values = value if isinstance(value, list) else [value]
        return all(isinstance(v, str | int | Decimal) and "\n" not in str(v) for v in values)
    return not isinstance(value, dict | list)


# --- the posted form → data -------------------------------------------------------------------


def read_form(form: Any) -> dict[str, Any]:
    """The scenario data an editor's form describes (values the schema refuses stay as typed,
    so the check names them)."""
    data: dict[str, Any] = {"schema_version": SCENARIO_SCHEMA_VERSION}
    data.update(_read_model(form, Scenario, ""))
    return data


def _read_model(form: Any, model: type[BaseModel], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in specs(model):
        value = _read_value(form, spec, prefix + spec.key)
        if value is not MISSING:
            out[spec.key] = value
    return out


def indices(form: Any, name: str) -> list[str]:
    found = [i for i in form.getlist(f"{name}.#") if _INDEX.match(i)]
    return list(dict.fromkeys(found))[:MAX_ITEMS]


def _read_value(form: Any, spec: Spec, name: str) -> Any:
    kind = spec.kind
    if kind == "model":
        value = _read_model(form, spec.model, name + ".")  # type: ignore[arg-type]
        # An optional part (a goal, a payslip) is there when something besides a tick box is.
        kinds = {s.key: s.kind for s in specs(spec.model)}  # type: ignore[arg-type]
        there = any(kinds[key] != "bool" for key in value)
        return value if there or spec.required else MISSING
    if kind in ("models", "effects"):
        found = []
        for index in indices(form, name):
            at = f"{name}.{index}."
            if kind == "models":
                found.append(_read_model(form, spec.model, at))  # type: ignore[arg-type]
                continue
            effect_type = form.get(at + "type", "")
            if effect_type in EFFECT_TYPES:
                found.append(
                    {"type": effect_type, **_read_model(form, EFFECT_TYPES[effect_type], at)}
                )
        return found if found or spec.required else MISSING
    if kind == "choices":
        chosen = [v for v in form.getlist(name) if v in spec.choices]
        return chosen if chosen or spec.required else MISSING
    if kind == "bool":
        value = form.get(name) == "on"
        return MISSING if value == spec.default else value
    text = str(form.get(name, "")).replace("\r\n", "\n").strip()
    if kind == "lines":
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            return MISSING
        single = spec.default is None and not spec.required and len(lines) == 1
        return lines[0] if single and spec.key.endswith("_flag") else lines
    if not text:
        return MISSING
    value: Any = text
    if kind == "int" and _INT.match(text):
        value = int(text)
    elif kind == "money":
        try:
            value = Decimal(text.replace("€", "").strip().replace(",", "."))
        except InvalidOperation:
            return text
    # What the schema fills in anyway is left out, as authors write files.
    return MISSING if not spec.required and value == spec.default else value


# --- add, remove, move -------------------------------------------------------------------------


def apply_op(data: dict[str, Any], op: str, new_type: str = "") -> str | None:
    """Change ``data`` as a list button asks: ``add:<list>``, ``remove:<item>``, ``up:<item>``,
    ``down:<item>``. Returns the form name to focus afterwards, or None for an unknown op."""
    action, _sep, path = op.partition(":")
    parts = path.split(".")
    if action == "add":
        target, spec = _locate(data, parts)
        if spec is None or spec.kind not in ("models", "effects"):
            return None
        current = target.setdefault(parts[-1], [])
        if not isinstance(current, list) or len(current) >= MAX_ITEMS:
            return None
        if spec.kind == "effects":
            if new_type not in EFFECT_TYPES:
                return None
            current.append({"type": new_type})
        else:
            fresh: dict[str, Any] = {}
            if any(s.key == "id" for s in specs(spec.model)):  # type: ignore[arg-type]
                taken = {str(item.get("id")) for item in current if isinstance(item, dict)}
                number = len(current) + 1
                while f"new-{number}" in taken:
                    number += 1
                fresh["id"] = f"new-{number}"
            current.append(fresh)
        return f"{path}.{len(current) - 1}"
    if action in ("remove", "up", "down") and len(parts) >= 2 and parts[-1].isdigit():
        target, spec = _locate(data, parts[:-1])
        current = target.get(parts[-2]) if spec is not None else None
        index = int(parts[-1])
        if not isinstance(current, list) or index >= len(current):
            return None
        if action == "remove":
            current.pop(index)
            return path.rpartition(".")[0]
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(current):
            current[index], current[other] = current[other], current[index]
            index = other
        return f"{path.rpartition('.')[0]}.{index}"
    return None


def _locate(data: dict[str, Any], parts: list[str]) -> tuple[dict[str, Any], Spec | None]:
    """The mapping holding the list at ``parts`` and that list's field spec."""
    model: type[BaseModel] = Scenario
    here: Any = data
    for number, part in enumerate(parts):
        last = number == len(parts) - 1
        if part.isdigit():
            if not isinstance(here, list) or int(part) >= len(here):
                return data, None
            here = here[int(part)]
            if isinstance(here, dict) and here.get("type") in EFFECT_TYPES:
                model = EFFECT_TYPES[here["type"]]
            continue
        spec = next((s for s in specs(model) if s.key == part), None)
        if spec is None or not isinstance(here, dict):
            return data, None
        if last:
            return here, spec
        if spec.model is not None:
            model = spec.model
        here = here.setdefault(part, [] if spec.kind in ("models", "effects") else {})
    return data, None


# --- data → YAML text ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Lists inside mappings are indented, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    plain = all(not isinstance(v, dict | list) for v in value.values())
    short = len(repr(value)) <= 90
    return dumper.represent_mapping(
        "tag:yaml.org,2002:map", value.items(), flow_style=plain and short
    )


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    plain = all(isinstance(v, str) and len(v) < 25 for v in value) and len(value) <= 6
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=plain)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


class _BlockDumper(_Dumper):
    """Every key on its own line: a problem's line then names exactly one field."""


_BlockDumper.add_representer(dict, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v.items(), flow_style=False))  # fmt: skip
_BlockDumper.add_representer(list, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=False))  # fmt: skip


def to_yaml(data: dict[str, Any], *, one_key_per_line: bool = False) -> str:
    """``scenario.yaml`` text for ``data``, as the files in lessons/ are written."""
    dumper = _BlockDumper if one_key_per_line else _Dumper
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False, indent=2)  # fmt: skip
    # A blank line before each top-level list or mapping written as a block, as in lessons/.
    return re.sub(r"\n(?=[a-z_]+:\n)", "\n\n", text)
