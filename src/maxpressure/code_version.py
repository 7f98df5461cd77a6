"""A digest of the package's own source, for cache keys: a cache written by older code is never
read by newer code, with no version number for anyone to forget to bump."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def source_digest(*packages: str) -> str:
    """SHA-1 of the names and contents of every module of the named subpackages."""
    digest = hashlib.sha1()
    for name in packages:
        for source in sorted((_PACKAGE / name).glob("*.py")):
            digest.update(f"{name}/{source.name}".encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()
