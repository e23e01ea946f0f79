"""Staff passcodes: only a salted PBKDF2 hash is ever stored, and comparison takes the
same time whatever the input.

A hash looks like  pbkdf2_sha256$600000$<salt, base64>$<digest, base64>  and is set as
ZWZX_STAFF_PASSCODE_HASH or as staff_passcode_hash in .streamlit/secrets.toml.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
ENV_VAR = "ZWZX_STAFF_PASSCODE_HASH"
SECRETS_ENTRY = "staff_passcode_hash"
# A hash with fewer rounds is refused on verify: it would make guessing cheap.
MIN_ITERATIONS = 100_000
MIN_LENGTH = 8


def hash_passcode(passcode: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    if len(passcode) < MIN_LENGTH:
        raise ValueError(f"口令至少 {MIN_LENGTH} 个字符")
    if iterations < MIN_ITERATIONS:
        raise ValueError(f"哈希轮数至少 {MIN_ITERATIONS}")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt, iterations)
    b64 = base64.b64encode
    return f"{ALGORITHM}${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def verify_passcode(passcode: str, encoded: str) -> bool:
    """True when the passcode matches the stored hash; False for anything malformed."""
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != ALGORITHM:
            return False
        salt_bytes = base64.b64decode(salt, validate=True)
        expected_bytes = base64.b64decode(expected, validate=True)
        rounds = int(iterations)
    except ValueError:
        return False
    if not MIN_ITERATIONS <= rounds <= 100 * ITERATIONS:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt_bytes, rounds)
    return hmac.compare_digest(digest, expected_bytes)


def configured_hash(secrets_: Mapping[str, object] | None = None) -> str | None:
    """The staff passcode hash from the environment, else from the app's secrets."""
    value = os.environ.get(ENV_VAR) or (secrets_ or {}).get(SECRETS_ENTRY)
    return str(value).strip() if value else None
