"""What flask-login needs from a signed-in account, for staff and pupils alike."""

from __future__ import annotations

import hashlib
import hmac
from typing import ClassVar

from flask import current_app


class Principal:
    """Mixin for StaffUser and Pupil.

    The session id is ``kind:key:session version:fingerprint``. The fingerprint is an HMAC (with
    the app's secret key) of the account's secret, so the cookie reveals nothing about a PIN or
    picture password, and a new secret signs out every other browser. Raising the session version
    (at sign-out) ends every session of the account, including copied cookies.
    """

    kind: ClassVar[str] = ""
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def _secret_material(self) -> str:
        raise NotImplementedError  # pragma: no cover - each table says what its secret is

    def _fingerprint(self) -> str:
        key = str(current_app.config["SECRET_KEY"]).encode()
        account = f"{self.kind}:{self._public_key()}:{self.session_version}"
        message = f"{account}:{self._secret_material()}"
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:24]

    def get_id(self) -> str:
        return f"{self.kind}:{self._public_key()}:{self.session_version}:{self._fingerprint()}"

    def _public_key(self) -> str:
        raise NotImplementedError  # pragma: no cover

    @property
    def is_pupil(self) -> bool:
        return self.kind == "pupil"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    def capabilities(self) -> frozenset[str]:
        """What this account may do (see ``auth/access.py``); pupils may do no staff work."""
        return frozenset()

    def can(self, capability: str) -> bool:
        return capability in self.capabilities()
