"""SHA-256 digests as hex text: of a record's source, an annotation's content, a shared file.

hashlib is imported at the first digest, not with the modules that may make one: it loads
OpenSSL (7 ms), and a start that only reads the library makes none (issue 18).
"""

from __future__ import annotations


def sha256_hex(data: bytes | str) -> str:
    """The SHA-256 of `data` (text as UTF-8), as 64 hex digits."""
    import hashlib

    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()
