"""Forms generated from the content models: a step type's form comes from its pydantic fields.

``spec_for(STEP_TYPES[type])`` describes every field of a step (and ``spec_for(Module)`` the
module's metadata) as a ``FieldSpec``: text, Markdown, a whole number, an amount in euros, yes/no,
a choice from a ``Literal``, a list of choices, lines of text, a date, a group of fields (such as
``feedback``) or a list of entries (options, items …) with their own fields. A new step type gets
its form by registering its class; nothing here names a step type.

``read_fields`` turns a posted form back into the data ``module.yaml`` holds, in the model's field
order. Values are kept as the author typed them when they do not fit (``"12x"`` for a number), so
the content check reports them with the same message as ``lessons check``.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from annotated_types import MinLen
from pydantic import AfterValidator, BaseModel, BeforeValidator

from leergang.content.fields import _check_markdown
from leergang.content.money import euros_to_cents
from leergang.content.yamlfile import DecimalLoader

TEXT, MARKDOWN, NUMBER, AMOUNT, YES_NO = "text", "markdown", "number", "amount", "yes_no"
CHOICE, CHOICES, LINES, DATE, FIXED = "choice", "choices", "lines", "date", "fixed"
GROUP, ENTRIES, YAML = "group", "entries", "yaml"
# Hidden marker posted once per entry (option, item …), so an entry is found even when empty.
ENTRY_MARK = "_"
MAX_ENTRIES = 200  # far more than any step needs; more is refused as hostile input
_INDEX = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the key in module.yaml (a field's alias where it has one)
    kind: str
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()  # of a group, or of each entry
    min_entries: int = 0


class BadForm(ValueError):
    """The posted form does not fit the editor's own fields (hand-made or hostile)."""


@cache
def spec_for(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every field of ``model`` as the editor shows it, in the model's order."""
    specs = []
    for name, info in model.model_fields.items():
        annotation, meta, optional = _unwrap(info.annotation, info.metadata)
        spec = _spec(info.alias or name, annotation, meta, info.is_required() and not optional)
        if spec.kind in (YES_NO, NUMBER, CHOICE) and not info.is_required():
            spec = FieldSpec(**{**spec.__dict__, "default": info.default})
        specs.append(spec)
    return tuple(specs)


def _spec(name: str, annotation: Any, meta: list[Any], required: bool) -> FieldSpec:
    origin = get_origin(annotation)
    if origin is Literal:
        choices = tuple(str(c) for c in get_args(annotation))
        kind = FIXED if len(choices) == 1 and required else CHOICE
        return FieldSpec(name, kind, required, choices=choices)
    if annotation is bool:
        return FieldSpec(name, YES_NO, required)
    if annotation is int:
        money = any(_validator(m, BeforeValidator) is euros_to_cents for m in meta)
        return FieldSpec(name, AMOUNT if money else NUMBER, required)
    if annotation is str:
        markdown = any(_validator(m, AfterValidator) is _check_markdown for m in meta)
        return FieldSpec(name, MARKDOWN if markdown else TEXT, required)
    if annotation is date:
        return FieldSpec(name, DATE, required)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldSpec(name, GROUP, required, fields=spec_for(annotation))
    if origin is list:
        (inner,) = get_args(annotation)
        inner, inner_meta, _optional = _unwrap(inner, [])
        least = next((m.min_length for m in meta if isinstance(m, MinLen)), 0)
        if get_origin(inner) is Literal:
            return FieldSpec(name, CHOICES, required, choices=tuple(map(str, get_args(inner))))
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return FieldSpec(name, ENTRIES, required, fields=spec_for(inner), min_entries=least)
        if inner is str:
            return FieldSpec(name, LINES, required)
    return FieldSpec(name, YAML, required)  # any other shape: its YAML, edited as text


def _validator(meta: Any, kind: type) -> Any:
    return meta.func if isinstance(meta, kind) else None


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any], bool]:
    """The type inside ``Annotated[...]`` and ``X | None``, its metadata, and whether None is
    allowed."""
    meta, optional = list(metadata), False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            meta += extra
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, meta, optional
            annotation = args[0]
        else:
            return annotation, meta, optional


# --- values for the form ------------------------------------------------------------------


def shown(spec: FieldSpec, value: Any) -> Any:
    """A stored value as the form field shows it."""
    if value is None:
        return [] if spec.kind == CHOICES else ""
    if spec.kind == LINES:
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if spec.kind == CHOICES:
        return [str(v) for v in value] if isinstance(value, list) else []
    if spec.kind == YES_NO:
        return value is True
    if spec.kind == YAML:
        return dump_value(value)
    if spec.kind in (GROUP, ENTRIES):
        return value
    return str(value)


def choices_in_order(spec: FieldSpec, chosen: list[str]) -> list[str]:
    """The chosen values first, in the author's order, then the others."""
    return [c for c in chosen if c in spec.choices] + [c for c in spec.choices if c not in chosen]


def entries_of(value: Any) -> list[dict[str, Any]]:
    """The entries of a list field, each as a mapping (anything else shows as an empty entry)."""
    if not isinstance(value, list):
        return []
    return [entry if isinstance(entry, dict) else {} for entry in value]


def dump_value(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).removesuffix("...\n")


# --- the posted form back into data -------------------------------------------------------


def read_fields(form: Any, prefix: str, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The data of one mapping (a step, the metadata, an entry) from fields named
    ``<prefix>.<name>``; optional fields left empty are left out, as in a hand-written file."""
    data: dict[str, Any] = {}
    for spec in specs:
        name = f"{prefix}.{spec.name}"
        found, value = _read(form, name, spec)
        if found:
            data[spec.name] = value
    return data


def _read(form: Any, name: str, spec: FieldSpec) -> tuple[bool, Any]:
    kind = spec.kind
    if kind == FIXED:
        return True, _fixed(spec.choices[0])
    if kind == GROUP:
        if not spec.required and _blank(form, name):
            return False, None
        return True, read_fields(form, name, spec.fields)
    if kind == ENTRIES:
        return True, [read_fields(form, f"{name}.{i}", spec.fields) for i in indices(form, name)]
    if kind == CHOICES:
        return True, [str(v) for v in form.getlist(name) if str(v) in spec.choices]
    if kind == YES_NO:
        value = form.get(name) == "true"
        return (spec.required or value != (spec.default or False)), value
    raw = str(form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")
    if kind == LINES:
        return True, [line.strip() for line in raw.split("\n") if line.strip()]
    if kind != MARKDOWN:
        raw = raw if "\n" in raw else raw.strip()
    if not raw.strip():
        return spec.required, ""
    if kind == NUMBER:
        return True, int(raw) if re.fullmatch(r"-?\d{1,9}", raw) else raw
    if kind == AMOUNT:
        return True, _amount(raw)
    if kind == DATE:
        try:
            return True, date.fromisoformat(raw)
        except ValueError:
            return True, raw
    if kind == YAML:
        return True, yaml_value(raw)
    return True, raw


def _fixed(value: str) -> Any:
    return int(value) if value.isdigit() else value  # schema_version: 1 is a number


def _amount(raw: str) -> Any:
    """An amount as the file writes it: 12, 12.50 (a comma is read as the decimal point)."""
    text = raw.strip().replace(",", ".")
    if not re.fullmatch(r"-?\d{1,9}(\.\d{1,6})?", text):
        return raw
    try:
        return Decimal(text) if "." in text else int(text)
    except InvalidOperation:  # pragma: no cover - the pattern allows only numbers
        return raw


def yaml_value(raw: str) -> Any:
    loader = DecimalLoader(raw)
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, ValueError):  # ValueError: a number of over 4,300 digits
        return raw  # kept as text; the check then says what is wrong with the field
    finally:
        loader.dispose()


def _blank(form: Any, name: str) -> bool:
    """Whether every field under ``name`` was left empty."""
    start = name + "."
    return all(
        not str(value).strip()
        for key in form
        if key.startswith(start) and not key.endswith("." + ENTRY_MARK)
        for value in form.getlist(key)
    )


def indices(form: Any, name: str) -> list[int]:
    """The entry numbers posted under ``name`` (``name.<n>._``), in order."""
    start, found = name + ".", set()
    for key in form:
        if key.startswith(start) and key.endswith("." + ENTRY_MARK):
            middle = key[len(start) : -len(ENTRY_MARK) - 1]
            if "." in middle:
                continue  # an entry of an entry (an option of step 2)
            if not _INDEX.match(middle):
                raise BadForm(key)
            found.add(int(middle))
    if len(found) > MAX_ENTRIES:
        raise BadForm(name)
    return sorted(found)
