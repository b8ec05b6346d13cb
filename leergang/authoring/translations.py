"""Translations of content made in the browser: what to translate, what is out of date, saving.

A version keeps per language the same overlay text a file author writes (``module.en.yaml``,
``scenario.en.yaml``) in ``ContentVersion.translations``, and in ``translation_sources`` a hash of
each Dutch text at the moment its translation was saved. A text is *untranslated* when the
overlay lacks it and *out of date* when the Dutch text no longer has the saved hash. Saving
follows the draft's revision like every editor save, so two authors never overwrite each other.

``translation_files`` and ``read_translation_files`` turn a version's translations into files and
back, for export and import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from leergang.auth.models import StaffUser
from leergang.authoring import services
from leergang.authoring.models import (
    ContentKind,
    ContentVersion,
)
from leergang.content import N_, Problem
from leergang.content.markdown import check_markdown
from leergang.content.translatable import (
    TextSlot,
    build_overlay,
    dutch_data,
    overlay_values,
    source_hash,
    text_slots,
    translate_module_text,
    translate_scenario_text,
)
from leergang.content.yamlfile import MAX_FILE_BYTES

MISSING, OUTDATED, DONE = "missing", "outdated", "done"
_FILE_NAME = re.compile(r"^(module|scenario)\.([a-z]{2})\.yaml$")


@dataclass(frozen=True)
class TranslatedText:
    """One text on the translation page: the Dutch, its translation and how current it is."""

    slot: TextSlot
    value: str
    state: str  # MISSING, OUTDATED or DONE


class TranslationProblems(services.AuthoringError):
    """Texts that cannot be saved: {key: [problem messages as (msgid, params)]}, or whole-file
    problems (``problems``) when the translation as a whole does not fit the Dutch."""

    def __init__(self, fields: dict[str, list[tuple[str, dict[str, Any]]]], problems=()):
        super().__init__(N_("Some translations cannot be saved yet. See the messages below."))
        self.fields = fields
        self.problems = list(problems)


def file_name(kind: str, lang: str) -> str:
    return f"{'module' if kind == ContentKind.MODULE else 'scenario'}.{lang}.yaml"


def slots_of(version: ContentVersion) -> list[TextSlot]:
    data = dutch_data(version.kind, version.yaml_text)
    return text_slots(version.kind, data) if data is not None else []


def texts_for(version: ContentVersion, lang: str) -> list[TranslatedText]:
    """Every translatable text of ``version`` with its translation into ``lang`` and its state."""
    values = _current_values(version, lang)
    sources = (version.translation_sources or {}).get(lang, {})
    texts = []
    for slot in slots_of(version):
        value = values.get(slot.key, "")
        if not value:
            state = MISSING
        elif sources.get(slot.key, source_hash(slot.dutch)) != source_hash(slot.dutch):
            state = OUTDATED
        else:
            state = DONE
        texts.append(TranslatedText(slot, value, state))
    return texts


def _current_values(version: ContentVersion, lang: str) -> dict[str, str]:
    values = overlay_values((version.translations or {}).get(lang, ""))
    # Learning goals are translated all together: a goal still in Dutch is not translated.
    by_key = {slot.key: slot.dutch for slot in slots_of(version)}
    return {
        key: value
        for key, value in values.items()
        if key in by_key and not (key.rsplit("/", 1)[-1].isdigit() and value == by_key[key])
    }


def save_translation(
    *,
    session: Session,
    draft: ContentVersion,
    lang: str,
    values: dict[str, str],
    confirmed: set[str],
    author: StaffUser,
    expected_revision: int,
) -> ContentVersion:
    """Save the translation into ``lang`` of an open draft, if nobody saved it in between.

    ``values`` holds the texts by key (an empty text: not translated); ``confirmed`` the keys whose
    translation the author marked as still right after the Dutch changed.
    """
    services._require_author(author)
    services._require_same_organisation(author, draft)
    slots = slots_of(draft)
    data = dutch_data(draft.kind, draft.yaml_text)
    if data is None:
        raise services.AuthoringError(
            N_("Fix the Dutch text first: it cannot be read, so there is nothing to translate.")
        )
    wanted = {slot.key: values.get(slot.key, "").strip() for slot in slots}
    wanted = {key: text.replace("\r\n", "\n") for key, text in wanted.items() if text}
    fields = {
        key: [(issue.msgid, dict(issue.params)) for issue in check_markdown(text, None)]
        for key, text in wanted.items()
    }
    fields = {key: found for key, found in fields.items() if found}
    if fields:
        raise TranslationProblems(fields)
    overlay = build_overlay(data, wanted)
    if len(overlay.encode("utf-8")) > MAX_FILE_BYTES:
        raise services.AuthoringError(
            N_("This text is larger than %(max)d kB. Split it over more steps or modules."),
            max=MAX_FILE_BYTES // 1024,
        )
    if overlay:
        _item, problems = _translate(draft.kind, draft.yaml_text, lang, overlay)
        if problems:
            raise TranslationProblems({}, problems)
    translations = {**(draft.translations or {}), lang: overlay}
    sources = {
        **(draft.translation_sources or {}),
        lang: _sources(draft, lang, slots, wanted, confirmed),
    }
    if not overlay:
        translations.pop(lang)
        sources.pop(lang)
    return services.save_revision(
        session,
        draft,
        author,
        expected_revision,
        f"saved {lang} translation of {draft.kind} {draft.content_id}",
        translations=translations,
        translation_sources=sources,
    )


def _sources(
    draft: ContentVersion,
    lang: str,
    slots: list[TextSlot],
    wanted: dict[str, str],
    confirmed: set[str],
) -> dict[str, str]:
    """The Dutch hash per translated text: kept when its translation did not change (so it stays
    out of date), renewed when the author changed or confirmed it."""
    before = _current_values(draft, lang)
    kept = (draft.translation_sources or {}).get(lang, {})
    sources = {}
    for slot in slots:
        if slot.key not in wanted:
            continue
        unchanged = before.get(slot.key) == wanted[slot.key] and slot.key not in confirmed
        now = source_hash(slot.dutch)
        sources[slot.key] = kept.get(slot.key, now) if unchanged else now
    return sources


def _translate(kind: str, yaml_text: str, lang: str, overlay: str) -> tuple[Any, list[Problem]]:
    if kind == ContentKind.MODULE:
        return translate_module_text(yaml_text, lang, overlay)
    return translate_scenario_text(yaml_text, lang, overlay)


# --- files, for export and import ---------------------------------------------------------------


def translation_files(version: ContentVersion) -> dict[str, str]:
    """The version's translations as files: {"module.en.yaml": text, …} ("scenario.en.yaml" for
    a game), exactly what a file author puts beside module.yaml."""
    return {
        file_name(version.kind, lang): text
        for lang, text in sorted((version.translations or {}).items())
        if isinstance(text, str) and text.strip()
    }


def read_translation_files(
    kind: str, yaml_text: str, files: dict[str, str]
) -> tuple[dict[str, str], dict[str, dict[str, str]], list[Problem]]:
    """The inverse of ``translation_files``: from {file name: text} (other names are ignored) the
    ``translations`` and ``translation_sources`` of a version with ``yaml_text``, and the problems
    of the files (a file with problems is left out). A translation read from a file counts as
    made from the Dutch it comes with, so nothing shows as out of date after an import."""
    translations: dict[str, str] = {}
    sources: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    data = dutch_data(kind, yaml_text)
    slots = text_slots(kind, data) if data is not None else []
    wanted_stem = "module" if kind == ContentKind.MODULE else "scenario"
    for name, text in sorted(files.items()):
        match = _FILE_NAME.match(name)
        if match is None or match.group(1) != wanted_stem or match.group(2) == "nl":
            continue
        lang = match.group(2)
        _item, found = _translate(kind, yaml_text, lang, text)
        if found:
            problems += found
            continue
        values = overlay_values(text)
        translations[lang] = text
        sources[lang] = {s.key: source_hash(s.dutch) for s in slots if values.get(s.key)}
    return translations, sources, problems
