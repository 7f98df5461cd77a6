"""Reading input files safely: compressed or not, with a size limit, with clear errors.

Every parser reads its bytes through here, so a huge file, a gzip bomb, a missing file or a
special file gives the same kind of error everywhere. Only regular files are opened: a FIFO with
no writer would block the load forever, a device would never end, and a symlink loop never
resolves; each is refused at once, before any open.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import zlib
from pathlib import Path

from maxpressure.errors import InputError

# The largest official list (OFAC sdn_advanced.xml) is about 120 MB; 512 MB leaves room for growth
# and still refuses a decompression bomb before it fills memory.
MAX_INPUT_BYTES = 512 * 1024 * 1024
_CHUNK = 1024 * 1024


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def check_regular_file(path: str | Path) -> os.stat_result:
    """The file's stat if it is a regular file (after symlinks), else an InputError saying what it is."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(path, "broken symbolic link") from None
        raise InputError(path, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "symbolic link loop") from None
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    for is_kind, kind in _KINDS:
        if is_kind(info.st_mode):
            raise InputError(path, f"is {kind}, expected a regular file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "is not a regular file")
    return info


def _open_regular(path: Path):
    """Open for reading without ever blocking (O_NONBLOCK), and check it is still a regular file:
    the path may have been swapped for a FIFO between the check and the open."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(path, "is not a regular file")
    return os.fdopen(fd, "rb")


def read_bytes(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The file's content, decompressed if it ends in .gz, or an InputError naming the file."""
    path = Path(path)
    info = check_regular_file(path)
    try:
        if path.suffix == ".gz":
            return _read_limited_gzip(path, max_bytes)
        if info.st_size > max_bytes:
            raise InputError(path, f"file is larger than the {max_bytes // 2**20} MB limit")
        with _open_regular(path) as handle:
            return handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot read file: {exc}") from exc


def _read_limited_gzip(path: Path, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    with _open_regular(path) as raw, gzip.open(raw, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise InputError(path, f"decompressed size exceeds the {max_bytes // 2**20} MB limit")
            parts.append(chunk)
    return b"".join(parts)


def read_head(path: str | Path, size: int = 4096) -> bytes:
    """The first bytes of a file (decompressed), for format detection."""
    path = Path(path)
    check_regular_file(path)
    try:
        if path.suffix == ".gz":
            with _open_regular(path) as raw, gzip.open(raw, "rb") as handle:
                return handle.read(size)
        with _open_regular(path) as handle:
            return handle.read(size)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot read file: {exc}") from exc


def decode_text(data: bytes, path: str | Path, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """Decode with the publisher's encoding; a wrong encoding names the byte offset and line."""
    if not data.strip():
        raise InputError(path, "file is empty")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (nul := data.find(b"\x00")) >= 0:
        # No list's text holds a NUL byte; one inside a CSV field would be stored as a name.
        what = "binary content, not a text file" if nul < 4096 else f"NUL byte at byte {nul}"
        raise InputError(path, what, line=data.count(b"\n", 0, nul) + 1)
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
