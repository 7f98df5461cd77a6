"""Parsing untrusted XML: no DTD, no entities, no network, UTF-8 only, errors with a line.

Sanctions lists arrive from the internet and from users' disks, so every XML parser in `sources`
reads through `parse_xml`. A document type declaration is refused outright: the official lists
never carry one, and refusing it closes entity expansion ("billion laughs") and external entities
(`file:///etc/passwd`) in one rule. The refusal is the parser's, not a look at the file's first
bytes: libxml2 parses with entity resolution, DTD loading and the network switched off, and the
parsed document is then refused if it declared a DTD anywhere (after a comment, after a comment
that itself looks like a tag, after a byte-order mark). libxml2's own limits bound the rest: no
element deeper than 256 levels and no text node over 10 MB (`huge_tree` stays off).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from maxpressure.errors import InputError
from maxpressure.sources.files import decode_text

# Only used to name the line of a DTD the parser found, never to decide whether there is one.
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _parser() -> etree.XMLParser:
    # encoding="utf-8" overrides whatever the declaration claims: we have already checked the
    # bytes are UTF-8, so a lying declaration cannot turn them into mojibake.
    return etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, path: str | Path) -> etree._Element:
    """The root element of a UTF-8 XML document, or an InputError naming the file and line."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(path, "file is UTF-16 encoded; expected UTF-8", line=1)
    decode_text(data, path)  # empty, binary or non-UTF-8 content: names the byte and line
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if _declares_dtd(data):  # an undefined entity of a refused DTD: say what is wrong
            _refuse_dtd(data, path)
        message = exc.msg.splitlines()[0] if exc.msg else "malformed XML"
        raise InputError(path, f"malformed XML: {message}", line=exc.lineno) from exc
    if root is None:
        raise InputError(path, "no XML element found")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        _refuse_dtd(data, path)
    for entity in root.iter(etree.Entity):  # none can be defined without a DTD; never keep one
        raise InputError(path, f"refusing XML entity reference {entity.text}", line=entity.sourceline)
    return root


def _declares_dtd(data: bytes) -> bool:
    return _DOCTYPE.search(data) is not None


def _refuse_dtd(data: bytes, path: str | Path) -> None:
    found = _DOCTYPE.search(data)
    line = data.count(b"\n", 0, found.start()) + 1 if found else 1
    raise InputError(path, "refusing XML with a DTD or entity declarations", line=line)


def local_name(element: etree._Element) -> str:
    """The tag without its namespace: OFAC changed namespace between years, the schema did not."""
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rpartition("}")[2]


def text_of(element: etree._Element | None) -> str:
    """The element's text with whitespace collapsed; '' when missing or empty."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())
