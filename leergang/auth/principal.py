"""What flask-login needs from a signed-in account, for staff and pupils alike."""

from __future__ import annotations

import hashlib
from typing import ClassVar


class Principal:
    """Mixin for StaffUser and Pupil. The session id embeds a fingerprint of the secret, so a
    new password, picture password or PIN signs out every other browser of that account."""

    kind: ClassVar[str] = ""
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def _secret_material(self) -> str:
        raise NotImplementedError  # pragma: no cover - each table says what its secret is

    def _fingerprint(self) -> str:
        return hashlib.sha256(self._secret_material().encode()).hexdigest()[:12]

    def get_id(self) -> str:
        return f"{self.kind}:{self._public_key()}:{self._fingerprint()}"

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
