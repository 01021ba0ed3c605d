"""Account passwords are kept as salted digests: stored, compared, never shown."""

from __future__ import annotations

import hashlib
import os


def digest(password: str) -> str:
    salt = os.urandom(16)
    hashed = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 1000)
    return f"{salt.hex()}${hashed.hex()}"
