"""Reading input files safely: compressed or not, with a size limit, with clear errors.

Every parser reads its bytes through here, so a huge file, a gzip bomb or a missing file gives the
same kind of error everywhere.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from maxpressure.errors import InputError

# The largest official list (OFAC sdn_advanced.xml) is about 120 MB; 512 MB leaves room for growth
# and still refuses a decompression bomb before it fills memory.
MAX_INPUT_BYTES = 512 * 1024 * 1024
_CHUNK = 1024 * 1024


def read_bytes(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The file's content, decompressed if it ends in .gz, or an InputError naming the file."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, expected a file")
    try:
        if path.suffix == ".gz":
            return _read_limited_gzip(path, max_bytes)
        if path.stat().st_size > max_bytes:
            raise InputError(path, f"file is larger than the {max_bytes // 2**20} MB limit")
        return path.read_bytes()
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot read file: {exc}") from exc


def _read_limited_gzip(path: Path, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise InputError(path, f"decompressed size exceeds the {max_bytes // 2**20} MB limit")
            parts.append(chunk)
    return b"".join(parts)


def read_head(path: str | Path, size: int = 4096) -> bytes:
    """The first bytes of a file (decompressed), for format detection."""
    path = Path(path)
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                return handle.read(size)
        with open(path, "rb") as handle:
            return handle.read(size)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot read file: {exc}") from exc


def decode_text(data: bytes, path: str | Path, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """Decode with the publisher's encoding; a wrong encoding names the byte offset and line."""
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "binary content, not a text file")
    last: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
    assert last is not None
    line = data.count(b"\n", 0, last.start) + 1
    raise InputError(path, f"not valid {encodings[0]} text at byte {last.start}", line=line)


def strip_name(path: str | Path) -> str:
    """The file name without a compression suffix: `sdn.csv.gz` -> `sdn.csv`."""
    name = Path(path).name
    return name[:-3] if name.endswith(".gz") else name
