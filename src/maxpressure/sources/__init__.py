"""Parsers from each publisher's own format to FtM entities with provenance.

Every parser module exposes the same three names:

- ``LIST``: the list name it produces (``un_sc``, ``us_ofac_sdn`` ...);
- ``sniff(path, head) -> bool``: whether the file looks like its format (``head`` holds the first
  decompressed bytes);
- ``parse(paths, as_of=None) -> ParsedList``: every entry of the list; raises ``InputError`` naming
  the file (and line) on bad input, and never returns a partial list.

``detect`` picks the parser for a set of files; ``parse_files`` runs it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Sequence

from maxpressure.errors import InputError
from maxpressure.model import ParsedList
from maxpressure.sources.files import read_head

# The list names a parser produces; order matters for detection (most specific first).
PARSER_NAMES: tuple[str, ...] = (
    "un_sc", "us_ofac_sdn", "us_ofac_xml", "us_ofac_advanced", "eu_fsf", "gb_hmt", "gb_fcdo", "ftm",
)


def parsers() -> dict[str, ModuleType]:
    """list name -> parser module, in detection order. Imported on first use: a parser module
    imports this package, and a command that reads no list file needs none of them."""
    from maxpressure.sources import eu, ftm, ofac_advanced, ofac_csv, ofac_xml, uk_fcdo, uk_ofsi, un

    modules = {"un_sc": un, "us_ofac_sdn": ofac_csv, "us_ofac_xml": ofac_xml,
               "us_ofac_advanced": ofac_advanced, "eu_fsf": eu, "gb_hmt": uk_ofsi, "gb_fcdo": uk_fcdo,
               "ftm": ftm}
    return {name: modules[name] for name in PARSER_NAMES}


def parser(name: str) -> ModuleType:
    if name not in PARSER_NAMES:
        known = ", ".join(PARSER_NAMES)
        raise InputError(None, f"--list: unknown list {name!r}; known lists: {known}")
    return parsers()[name]


def detect(path: Path) -> str:
    """The parser name for one file, from its content and name, or an InputError."""
    head = read_head(path)
    if not head.strip():
        raise InputError(path, "file is empty")
    for name, module in parsers().items():
        if module.sniff(path, head):
            return name
    raise InputError(path, "unrecognised format; name it with --list")


# A list published in several formats: `--list us_ofac_sdn` accepts the CSV set, sdn.xml and
# SDN_ADVANCED.XML; `--list us_ofac_cons` consolidated.xml and CONS_ADVANCED.XML.
LIST_FORMATS: dict[str, tuple[str, ...]] = {
    "us_ofac_sdn": ("us_ofac_sdn", "us_ofac_xml", "us_ofac_advanced"),
    "us_ofac_cons": ("us_ofac_xml", "us_ofac_advanced"),
}


def parse_files(paths: Sequence[Path], list_name: str | None = None, as_of: date | None = None) -> ParsedList:
    """Parse the files of one list (OFAC CSV comes as a set of files, the others as one)."""
    paths = [Path(p) for p in paths]
    name = list_name or detect(paths[0])
    module = _parser_for(name, paths[0])
    for path in paths:
        if not module.sniff(path, read_head(path)):
            raise InputError(path, f"does not look like a {name} file")
    return module.parse(paths, as_of=as_of)


def _parser_for(list_name: str, path: Path) -> ModuleType:
    formats = LIST_FORMATS.get(list_name, (list_name,))
    head = read_head(path)
    for name in formats:
        module = parser(name)
        if module.sniff(path, head):
            return module
    return parser(formats[0])
