"""Bad and hostile input to the UN and OFAC parsers: every case is an InputError naming the file
(and, where it applies, the line); nothing else escapes and nothing is expanded or fetched.

Fixtures `hostile-*.xml` and `un-html-in-name.xml` are crafted (see tests/fixtures/SOURCES.md); the
other bad inputs are cut or re-encoded from the real bundled lists inside the tests.
"""

from __future__ import annotations

import gzip
from datetime import date
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maxpressure.data import bundled_file
from maxpressure.errors import InputError
from maxpressure.sources import ofac_csv, ofac_xml, parse_files, un

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sanctions"
UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")
SDN_2021 = bundled_file("us_ofac_sdn", "2021-07-07", "sdn.csv.gz")


def un_text() -> str:
    return gzip.decompress(UN_2026.read_bytes()).decode("utf-8")


def un_excerpt(reference: str) -> str:
    """A one-record UN list cut from the real 2026 file: the record holding `reference`."""
    text = un_text()
    at = text.index(f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>")
    start = text.rindex("<INDIVIDUAL>", 0, at)
    end = text.index("</INDIVIDUAL>", at) + len("</INDIVIDUAL>")
    header = text[: text.index("<INDIVIDUALS>") + len("<INDIVIDUALS>")]
    return f"{header}\n{text[start:end]}\n</INDIVIDUALS>\n<ENTITIES/>\n</CONSOLIDATED_LIST>\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("parse", [un.parse, ofac_xml.parse])
@pytest.mark.parametrize("fixture", ["hostile-billion-laughs.xml", "hostile-external-entity.xml",
                                     "hostile-parameter-entity.xml"])
def test_any_dtd_is_refused_before_parsing(parse, fixture):
    path = FIXTURES / fixture
    with pytest.raises(InputError) as error:
        parse([path])
    assert error.value.path == str(path)
    assert error.value.line == 2
    assert "DTD" in error.value.message
    assert "root:" not in str(error.value)  # /etc/passwd was never read


def test_doctype_after_comments_and_a_bom_is_still_refused(tmp_path):
    data = b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- list -->\n<!doctype x [<!ENTITY a "b">]>\n<CONSOLIDATED_LIST/>'
    with pytest.raises(InputError) as error:
        un.parse([write(tmp_path, "un.xml", data)])
    assert error.value.line == 3


def test_truncated_un_xml_names_the_file_and_line(tmp_path):
    data = gzip.decompress(UN_2026.read_bytes())[:200_000]
    path = write(tmp_path, "UN_consolidated.xml", data)
    with pytest.raises(InputError) as error:
        un.parse([path])
    assert error.value.path == str(path)
    assert error.value.line == data.count(b"\n") + 1
    assert "malformed XML" in error.value.message


def test_truncated_gzip_is_an_input_error(tmp_path):
    data = UN_2026.read_bytes()
    path = write(tmp_path, "UN_consolidated.xml.gz", data[: len(data) // 2])
    with pytest.raises(InputError) as error:
        un.parse([path])
    assert "cannot read file" in error.value.message


def test_malformed_xml_names_the_line(tmp_path):
    text = un_excerpt("KPi.006")
    lines = text.split("\n")
    broken_at = next(i for i, line in enumerate(lines) if "<SECOND_NAME>" in line)
    lines[broken_at] = lines[broken_at].replace("</SECOND_NAME>", "</SECOND>")
    with pytest.raises(InputError) as error:
        un.parse([write(tmp_path, "un.xml", "\n".join(lines).encode())])
    assert error.value.line == broken_at + 1


def test_latin1_file_names_the_first_bad_byte_and_line(tmp_path):
    text = un_excerpt("KPi.006")  # holds "Numéro de passeport"
    data = text.encode("latin-1")
    with pytest.raises(InputError) as error:
        un.parse([write(tmp_path, "un.xml", data)])
    assert error.value.line == text[: text.index("é")].count("\n") + 1
    bad_byte = data.index(b"\xe9")
    assert f"byte {bad_byte}" in error.value.message


def test_utf16_file_is_refused_as_utf16(tmp_path):
    data = un_excerpt("KPi.006").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(InputError) as error:
        un.parse([write(tmp_path, "un.xml", data)])
    assert "UTF-16" in error.value.message


@pytest.mark.parametrize("parse, name", [(un.parse, "un.xml"), (ofac_xml.parse, "sdn.xml"), (ofac_csv.parse, "sdn.csv")])
def test_empty_file_is_refused(tmp_path, parse, name):
    with pytest.raises(InputError) as error:
        parse([write(tmp_path, name, b"  \r\n")])
    assert "empty" in error.value.message


@pytest.mark.parametrize("parse, name", [(un.parse, "un.xml"), (ofac_xml.parse, "sdn.xml"), (ofac_csv.parse, "sdn.csv")])
def test_binary_garbage_is_refused(tmp_path, parse, name):
    garbage = bytes(range(256)) * 8 + os.urandom(512)
    with pytest.raises(InputError):
        parse([write(tmp_path, name, garbage)])


def test_ofac_csv_loaded_as_un_is_refused():
    with pytest.raises(InputError) as error:
        parse_files([SDN_2021], list_name="un_sc")
    assert error.value.path == str(SDN_2021)
    assert "does not look like a un_sc file" in error.value.message


def test_un_xml_named_sdn_csv_fails_on_its_first_line(tmp_path):
    path = write(tmp_path, "sdn.csv", gzip.decompress(UN_2026.read_bytes()))
    with pytest.raises(InputError) as error:
        ofac_csv.parse([path])
    assert error.value.line == 1
    assert "columns" in error.value.message


def test_un_xml_given_as_ofac_xml_is_refused_by_its_root():
    with pytest.raises(InputError) as error:
        ofac_xml.parse([UN_2026])
    assert "not an OFAC sdnList" in error.value.message


def test_csv_with_an_unterminated_quote_names_a_line(tmp_path):
    data = gzip.decompress(SDN_2021.read_bytes()).split(b"\r\n")[:30]
    data[29] = b'99999,"UNTERMINATED,-0- '
    with pytest.raises(InputError) as error:
        ofac_csv.parse([write(tmp_path, "sdn.csv", b"\r\n".join(data))])
    assert error.value.line is not None and error.value.line >= 30


def test_csv_latin1_byte_names_the_line(tmp_path):
    lines = gzip.decompress(SDN_2021.read_bytes()).split(b"\r\n")[:20]
    lines[12] = lines[12].replace(b'"', b'"Caf\xe9 ', 1)
    with pytest.raises(InputError) as error:
        ofac_csv.parse([write(tmp_path, "sdn.csv", b"\r\n".join(lines) + b"\r\n\x1a")])
    assert error.value.line == 13


def test_html_in_list_data_is_kept_as_text_not_markup():
    [entry] = un.parse([FIXTURES / "un-html-in-name.xml"])
    assert entry.caption == "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    assert entry.entity.get("notes") == ["<b>bold</b> comment"]


# Hypothesis: whatever the bytes, a parser returns a list or raises InputError, nothing else.

PARSERS = [(un.parse, "un.xml"), (ofac_xml.parse, "sdn.xml"), (ofac_csv.parse, "sdn.csv")]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_refuses(parse, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            parse([path])
        except InputError as error:
            assert error.path == str(path)


@FUZZ
@given(data=st.binary(max_size=2048), which=st.sampled_from(range(len(PARSERS))))
def test_any_bytes_parse_or_raise_input_error(data, which):
    parse, name = PARSERS[which]
    parses_or_refuses(parse, name, data)


UN_SEED = un_excerpt("KPi.006").encode()
SDN_SEED = b"\r\n".join(gzip.decompress(SDN_2021.read_bytes()).split(b"\r\n")[2080:2100]) + b"\r\n\x1a"
OFAC_XML_SEED = (FIXTURES / "ofac-sdn-xml-crafted-vessel.xml").read_bytes()


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """A real file with bytes overwritten, cut short or with a slice repeated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()) and data:
        start = draw(st.integers(0, len(data) - 1))
        data[start:start] = data[start : start + draw(st.integers(0, 64))]
    return bytes(data)


@FUZZ
@given(data=mutated(UN_SEED))
def test_mutated_un_record_parses_or_raises_input_error(data):
    parses_or_refuses(un.parse, "un.xml", data)


@FUZZ
@given(data=mutated(SDN_SEED))
def test_mutated_sdn_rows_parse_or_raise_input_error(data):
    parses_or_refuses(ofac_csv.parse, "sdn.csv", data)


@FUZZ
@given(data=mutated(OFAC_XML_SEED))
def test_mutated_ofac_xml_parses_or_raises_input_error(data):
    parses_or_refuses(ofac_xml.parse, "sdn.xml", data)


def test_a_reference_number_listed_twice_is_refused(tmp_path):
    text = un_excerpt("KPi.006")
    record = text[text.index("<INDIVIDUAL>") : text.index("</INDIVIDUAL>") + len("</INDIVIDUAL>")]
    doubled = text.replace(record, f"{record}\n{record}")
    with pytest.raises(InputError) as error:
        un.parse([write(tmp_path, "un.xml", doubled.encode())])
    assert "KPi.006 appears twice" in error.value.message


def test_an_ent_num_listed_twice_is_refused(tmp_path):
    lines = gzip.decompress(SDN_2021.read_bytes()).split(b"\r\n")[:10]
    lines.insert(5, lines[2])
    with pytest.raises(InputError) as error:
        ofac_csv.parse([write(tmp_path, "sdn.csv", b"\r\n".join(lines) + b"\r\n\x1a")])
    assert error.value.line == 6
    assert "appears twice" in error.value.message


def test_a_list_without_its_date_asks_for_one(tmp_path):
    text = un_excerpt("KPi.006").replace('dateGenerated="2026-02-27T00:00:09.554Z"', "")
    path = write(tmp_path, "un.xml", text.encode())
    with pytest.raises(InputError) as error:
        un.parse([path])
    assert "--as-of" in error.value.message
    assert un.parse([path], as_of=date(2026, 2, 27)).as_of == date(2026, 2, 27)


@FUZZ
@given(head=st.binary(max_size=4096), name=st.sampled_from(["sdn.csv", "x.csv", "un.xml", "list.ods", "sdn.xml"]))
def test_sniffing_any_bytes_answers_yes_or_no(head, name):
    for sniff in (un.sniff, ofac_csv.sniff, ofac_xml.sniff):
        assert sniff(Path(name), head) in (True, False)
