"""CSRF tokens masked afresh in every response, so compressed pages do not leak them (BREACH).

Pages leave the app gzip- or Brotli-compressed (``extensions.compress``) and every page carries the
CSRF token (``hx-headers`` on ``<body>``, hidden form fields). Flask-WTF's signed token starts with
the same text for the whole session; a page that also reflects text an attacker chose (a search
term, a rejected value) would let them guess that text byte by byte from the compressed length.
As Django and Rails do, the token is therefore sent XOR-ed with a new random key in every response
and unmasked before Flask-WTF checks it: no two responses share the token's bytes.

Use ``Form`` (not ``FlaskForm``) for every form: a test guards that.
"""

from __future__ import annotations

import base64
import binascii
import functools
import secrets

from babel.support import Translations
from flask import current_app
from flask_babel import get_locale
from flask_wtf import CSRFProtect, FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF, generate_csrf


def mask(token: str) -> str:
    """``token`` XOR-ed with a fresh random key, key first, URL-safe base64."""
    raw = token.encode("ascii")
    key = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(key + _xor(raw, key)).decode("ascii")


def _xor(data: bytes, key: bytes) -> bytes:
    """``data`` XOR ``key`` (same length), as one integer operation: a page masks five tokens."""
    return (int.from_bytes(data) ^ int.from_bytes(key)).to_bytes(len(data))


def unmask(masked: str | None) -> str | None:
    """The token inside ``masked``; an empty string for anything that is not a masked token
    (Flask-WTF then refuses it with its own message)."""
    if not masked:
        return masked
    try:
        data = base64.urlsafe_b64decode(masked.encode("ascii"))
        half, odd = divmod(len(data), 2)
        if odd or not half:
            return ""
        key, xored = data[:half], data[half:]
        return _xor(xored, key).decode("ascii")
    except (UnicodeError, ValueError, binascii.Error):
        return ""


def masked_csrf_token() -> str:
    """What templates get as ``csrf_token()``: this request's token, masked anew on each call."""
    return mask(generate_csrf())


class MaskedCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF check, reading masked tokens from forms and the ``X-CSRFToken`` header."""

    def init_app(self, app):
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = masked_csrf_token
        # Registered after Flask-WTF's own context processor, so this one wins.
        app.context_processor(lambda: {"csrf_token": masked_csrf_token})

    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())


class _MaskedFormCSRF(_FlaskFormCSRF):
    def generate_csrf_token(self, csrf_token_field):
        return mask(super().generate_csrf_token(csrf_token_field))

    def validate_csrf_token(self, form, field):
        field.data = unmask(field.data)
        super().validate_csrf_token(form, field)


@functools.cache
def _wtforms_messages(locale: str) -> Translations:
    """WTForms' own messages ("This field is required.") in ``locale``, read from disk once per
    process. Flask-WTF reads the catalogue again in every request that builds a form."""
    from wtforms.i18n import messages_path

    return Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """Every Leergang form: a FlaskForm whose hidden CSRF field holds a masked token."""

    class Meta:
        csrf_class = _MaskedFormCSRF

        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale()))
