"""Reading one sheet of an OpenDocument spreadsheet (.ods) safely, without a spreadsheet library.

The file is a zip holding `content.xml`; it is inflated with a size limit and parsed with the
project's safe XML reader (no DTD, no entities). Repeated rows and cells are expanded, but only up
to a small bound: padding cells are written "repeated 16,000 times" and must not fill memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterator

from lxml import etree

from maxpressure.errors import InputError
from maxpressure.sources.xmlsafe import parse_xml

# An ODS content.xml that inflates past this is not a sanctions list (the real one is 7.4 MB).
MAX_CONTENT_XML_BYTES = 256 * 1024 * 1024
# Spreadsheets pad every row to 16,384 columns and the sheet to a million rows with "repeated"
# cells; a repeat count is only honoured up to this many copies of a non-empty cell or row.
MAX_REPEAT = 64

_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = f"{{{_NS_TABLE}}}table"
_ROW = f"{{{_NS_TABLE}}}table-row"
_CELLS = (f"{{{_NS_TABLE}}}table-cell", f"{{{_NS_TABLE}}}covered-table-cell")
_COLS_REPEATED = f"{{{_NS_TABLE}}}number-columns-repeated"
_ROWS_REPEATED = f"{{{_NS_TABLE}}}number-rows-repeated"
_TEXT_P = f"{{{_NS_TEXT}}}p"
_TEXT_S = f"{{{_NS_TEXT}}}s"
_TEXT_TAB = f"{{{_NS_TEXT}}}tab"
_TEXT_BREAK = f"{{{_NS_TEXT}}}line-break"
_TEXT_SPACES = f"{{{_NS_TEXT}}}c"


def read_sheet(data: bytes, path: Path, preferred: str) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cell texts) for every non-empty row of the sheet named
    `preferred` (or the first sheet)."""
    root = parse_xml(_ods_content(data, path), f"{path}!content.xml")
    table = _first_table(root, preferred)
    if table is None:
        raise InputError(path, "no sheet in the spreadsheet")
    return _ods_rows(table)


def _ods_content(data: bytes, path: Path) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("content.xml")
            except KeyError:
                raise InputError(path, "not an OpenDocument spreadsheet: no content.xml") from None
            if info.file_size > MAX_CONTENT_XML_BYTES:
                raise InputError(path, "content.xml inflates past the size limit")
            with archive.open(info) as handle:
                content = handle.read(MAX_CONTENT_XML_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable .ods file: {exc}") from exc
    if len(content) > MAX_CONTENT_XML_BYTES:
        raise InputError(path, "content.xml inflates past the size limit")
    return content


def _first_table(root: etree._Element, preferred: str) -> etree._Element | None:
    tables = list(root.iter(_TABLE))
    for table in tables:
        if table.get(f"{{{_NS_TABLE}}}name") == preferred:
            return table
    return tables[0] if tables else None


def _ods_rows(table: etree._Element) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cell texts) for every non-empty row, repeats expanded."""
    number = 0
    for row in table.iter(_ROW):
        cells = _ods_cells(row)
        repeat = int(row.get(_ROWS_REPEATED) or 1)
        if not any(cells):
            number += repeat
            continue
        for _ in range(min(repeat, MAX_REPEAT)):
            number += 1
            yield number, cells


def _ods_cells(row: etree._Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        text = "\n".join(_paragraph_text(p) for p in cell.iter(_TEXT_P))
        repeat = int(cell.get(_COLS_REPEATED) or 1)
        # Trailing padding cells are empty and repeated thousands of times: never expand those.
        cells.extend([text] * (min(repeat, MAX_REPEAT) if text else min(repeat, MAX_REPEAT)))
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = [paragraph.text or ""]
    for child in paragraph.iterdescendants():
        if child.tag == _TEXT_S:
            parts.append(" " * int(child.get(_TEXT_SPACES) or 1))
        elif child.tag == _TEXT_TAB:
            parts.append("\t")
        elif child.tag == _TEXT_BREAK:
            parts.append("\n")
        elif child.text:
            parts.append(child.text)
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)
