"""Turning pydantic's validation errors into our translatable messages, saying what to change.

Shared by the module and scenario loaders; each passes the field names its schema allows at a
location (for "did you mean") and describes its discriminated union (steps by their type in a
module, effects by theirs in a scenario) as a ``TaggedList``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .messages import N_, ContentError, Loc, Problem

if TYPE_CHECKING:
    from .yamlfile import SourceFile

KnownFields = Callable[[Loc], list[str]]


@dataclass(frozen=True)
class TaggedList:
    """A list of mappings that pydantic tells apart by their ``type`` (a module's ``steps``, an
    effect list's ``effects``), with the messages for a wrong or a missing type."""

    field: str
    types: Mapping[str, Any]
    unknown_near: str  # params: type, suggestion
    unknown: str  # params: type, known
    missing: str  # params: known

    def without_tags(self, loc: tuple[int | str, ...]) -> Loc:
        """pydantic puts the type into locations inside the union (``steps, 3, numeric,
        answer``): drop it, so the location follows the file."""
        return tuple(
            part
            for index, part in enumerate(loc)
            if not (index >= 2 and loc[index - 2] == self.field and part in self.types)
        )

    def type_message(self, error: Any) -> tuple[str, dict[str, Any], bool] | None:
        """The message for a wrong or missing ``type``, and whether it points at the ``type``
        itself; None for any other error."""
        known = ", ".join(self.types)
        if error["type"] == "union_tag_invalid":
            tag = str((error.get("ctx") or {}).get("tag"))
            close = difflib.get_close_matches(tag, list(self.types), n=1, cutoff=0.6)
            if close:
                return self.unknown_near, {"type": tag, "suggestion": close[0]}, True
            return self.unknown, {"type": tag, "known": known}, True
        if error["type"] == "union_tag_not_found":
            return self.missing, {"known": known}, False
        return None

    def problems(
        self, file: SourceFile, exc: ValidationError, known_fields: KnownFields
    ) -> list[Problem]:
        """The file's problems for pydantic's errors: a content check's own issues at their
        place, a wrong or missing ``type``, or our message for any other error."""
        found: list[Problem] = []
        for error in exc.errors(include_url=False):
            loc = self.without_tags(error["loc"])
            cause = (error.get("ctx") or {}).get("error")
            if isinstance(cause, ContentError):
                found.extend(
                    file.problem(loc + issue.loc, issue.msgid, issue.text_line, **issue.params)
                    for issue in cause.issues
                )
            elif wrong_type := self.type_message(error):
                msgid, params, at_type = wrong_type
                # point at the wrong type, not at the start of the step or effect
                found.append(file.problem(loc + ("type",) if at_type else loc, msgid, **params))
            else:
                msgid, params = message(error, loc, known_fields)
                found.append(file.problem(loc, msgid, **params))
        return found


def message(error: Any, loc: Loc, known_fields: KnownFields) -> tuple[str, dict[str, Any]]:
    """Our message for one pydantic error, saying what to change. ``known_fields`` lists the
    fields allowed in the mapping at a location (for "did you mean"), from the file's schema."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error["input"]
    names = [part for part in loc if isinstance(part, str)]
    name = names[-1] if names else "module"
    params: dict[str, Any] = {"field": name, "value": show(value)}
    if kind == "missing":
        return N_('"%(field)s" is missing. Add "%(field)s:" with a value.'), params
    if kind == "extra_forbidden":
        known = known_fields(loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return N_('Unknown field "%(field)s". Did you mean "%(suggestion)s"?'), {
                **params,
                "suggestion": close[0],
            }
        return N_('Unknown field "%(field)s". Remove it; allowed here: %(known)s.'), {
            **params,
            "known": ", ".join(known),
        }
    if value is None:
        return N_('"%(field)s" is empty. Write a value after "%(field)s:".'), params
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return N_('"%(value)s" is not allowed for "%(field)s". Use one of: %(allowed)s.'), {
            **params,
            "allowed": ", ".join(allowed),
        }
    if kind == "string_pattern_mismatch":
        if "https" in ctx.get("pattern", ""):
            return N_('"%(value)s" is not a web address. Start it with https://.'), params
        if name == "phone":
            msgid = N_(
                '"%(value)s" is not a phone number. Write only digits, spaces and dashes, for '
                "example 0800-0432."
            )
            return msgid, params
        msgid = N_(
            '"%(value)s" is not a valid id. Use only lowercase letters, digits and hyphens, for '
            'example "%(suggestion)s".'
        )
        return msgid, {**params, "suggestion": slugify(str(value))}
    if kind == "string_type":
        return N_('"%(field)s" must be text. Put the value in quotes: "%(value)s".'), params
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return N_('"%(field)s" must be a whole number (found "%(value)s").'), params
    if kind.startswith("date_"):
        msgid = N_(
            '"%(field)s" must be a date written as YYYY-MM-DD, for example 2027-01-01 (found '
            '"%(value)s").'
        )
        return msgid, params
    if kind in ("bool_type", "bool_parsing"):
        return N_('"%(field)s" must be true or false (found "%(value)s").'), params
    if kind == "list_type":
        msgid = N_(
            '"%(field)s" must be a list: put each entry on its own line, starting with "- ".'
        )
        return msgid, params
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return N_('"%(field)s" must contain fields ("key: value" lines, indented below it).'), (
            params
        )
    if kind == "too_short":
        return N_('Add more entries to "%(field)s": it needs at least %(min)d (now %(found)d).'), {
            **params,
            "min": ctx.get("min_length"),
            "found": ctx.get("actual_length"),
        }
    if kind == "too_long":
        return N_(
            '"%(field)s" has too many entries: it may have at most %(max)d (now %(found)d).'
        ), {
            **params,
            "max": ctx.get("max_length"),
            "found": ctx.get("actual_length"),
        }
    if kind == "string_too_short":
        return N_('"%(field)s" is empty. Write some text.'), params
    if kind == "string_too_long":
        return N_('"%(field)s" is too long: use at most %(max)d characters.'), {
            **params,
            "max": ctx.get("max_length"),
        }
    if kind in ("greater_than_equal", "greater_than"):
        return N_('"%(field)s" must be at least %(limit)s (found %(value)s).'), {
            **params,
            "limit": ctx.get("ge", ctx.get("gt")),
        }
    if kind in ("less_than_equal", "less_than"):
        return N_('"%(field)s" must be at most %(limit)s (found %(value)s).'), {
            **params,
            "limit": ctx.get("le", ctx.get("lt")),
        }
    return N_('"%(field)s" is not valid: %(detail)s.'), {**params, "detail": error["msg"]}


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "…"
    return str(value)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None`` or ``Annotated[X, ...]``, if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return inner_model(args[0])
    models = [m for m in map(inner_model, args) if m is not None]
    return models[0] if len(models) == 1 else None


def fields_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the names used in files (aliases first)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}
