"""Damaged and hostile copies of the real list files, loaded into a store holding the original.

Every input must end one of two ways: refused with an InputError whose one line names the file,
with the store unchanged; or accepted and correct (the same entries as the original, bar the one
entry a flipped byte can alter, or exactly the same entries for a change of line ends or an
encoding that leaves the text as it was). Anything else (another exception, a hang, a store that
changed on a refusal, a list accepted shorter) is a failure. The inputs are drawn from a fixed
seed, so a failure reproduces; the summary line counts each outcome.

Seeds, all real: excerpts of the bundled UN 2026 XML and OFAC 2021 sdn.csv, the first 25 entries
of OFAC's 2025 consolidated XML (its Record_Count set to match), and the EU, UK and FtM fixtures
(tests/fixtures/SOURCES.md).
"""

from __future__ import annotations

import gzip
import os
import random
import re
import signal
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from maxpressure.data import bundled_file
from maxpressure.errors import InputError
from maxpressure.loading import load_paths
from maxpressure.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = 15
PER_SEED = 40  # mutated copies of each seed file
TIMEOUT_S = 20  # per input: a hang is a failure, never a stuck test run
# OFAC's CSV and FtM files carry no date: every load names one, as a user would with --as-of.
AS_OF = date(2026, 1, 1)


def _un_excerpt() -> bytes:
    text = gzip.decompress(bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz").read_bytes()).decode()
    individuals = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)
    entities = re.findall(r"<ENTITY>.*?</ENTITY>", text, re.S)
    # the DPRK records hold the quirks (mixed-language document types, stray spaces)
    kp_people = [r for r in individuals if "KPi." in r][:12]
    kp_entities = [r for r in entities if "KPe." in r][:6]
    header = text[: text.index("<INDIVIDUALS>")]
    body = ("<INDIVIDUALS>\n" + "\n".join(kp_people) + "\n</INDIVIDUALS>\n<ENTITIES>\n"
            + "\n".join(kp_entities) + "\n</ENTITIES>\n</CONSOLIDATED_LIST>\n")
    return (header + body).encode()


def _sdn_excerpt() -> bytes:
    data = gzip.decompress(bundled_file("us_ofac_sdn", "2021-07-07", "sdn.csv.gz").read_bytes())
    return b"\r\n".join(data.split(b"\r\n")[:60]) + b"\r\n\x1a"


def _ofac_xml_excerpt() -> bytes:
    text = gzip.decompress((FIXTURES / "sanctions" / "ofac-consolidated-2025-03-28.xml.gz").read_bytes()).decode()
    entries = re.findall(r"  <sdnEntry>.*?</sdnEntry>\r?\n", text, re.S)[:25]
    head = text[: text.index("  <sdnEntry>")].replace("<Record_Count>443</Record_Count>", "<Record_Count>25</Record_Count>")
    return (head + "".join(entries) + "</sdnList>\n").encode()


SEEDS: dict[str, Callable[[], bytes]] = {
    "UN_consolidated.xml": _un_excerpt,
    "sdn.csv": _sdn_excerpt,
    "consolidated.xml": _ofac_xml_excerpt,
    "eu-fsf.xml": lambda: (FIXTURES / "eu" / "eu-fsf-excerpt.xml").read_bytes(),
    "ConList.csv": lambda: (FIXTURES / "uk" / "ConList-excerpt.csv").read_bytes(),
    "UK-Sanctions-List.csv": lambda: (FIXTURES / "uk" / "UK-Sanctions-List-excerpt.csv").read_bytes(),
    "entities.ftm.json": lambda: (FIXTURES / "ftm" / "opensanctions-eu_fsf-sample.ftm.json").read_bytes(),
}


@dataclass
class Mutation:
    kind: str  # what was done, for the report
    data: bytes
    same_text: bool = False  # the text is unchanged: accepted means exactly the original entries
    must_refuse: bool = False  # hostile input: accepting it in any form is a failure


def mutations(name: str, data: bytes, rng: random.Random) -> list[Mutation]:
    lines = data.splitlines(keepends=True)
    found = []
    for _ in range(PER_SEED // 4):
        cut = rng.randrange(1, len(data) - 1)
        found.append(Mutation(f"cut at byte {cut}", data[:cut]))
        line = rng.randrange(1, len(lines))
        found.append(Mutation(f"cut after line {line}", b"".join(lines[:line])))
        at = rng.randrange(len(data))
        flipped = bytearray(data)
        flipped[at] ^= 1 << rng.randrange(8)
        found.append(Mutation(f"bit flipped at byte {at}", bytes(flipped)))
        at = rng.randrange(len(data))
        found.append(Mutation(f"NUL inserted at byte {at}", data[:at] + b"\x00" + data[at:], must_refuse=True))
    text = data.decode("utf-8-sig")
    found.append(Mutation("LF line ends", data.replace(b"\r\n", b"\n"), same_text=True))
    found.append(Mutation("CRLF line ends", data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), same_text=True))
    found.append(Mutation("UTF-16", text.encode("utf-16"), must_refuse=True))
    try:
        found.append(Mutation("Latin-1", text.encode("latin-1"), same_text=text.isascii()))
    except UnicodeEncodeError:
        found.append(Mutation("Latin-1 with replacements", text.encode("latin-1", "replace")))
    if name.endswith(".xml"):
        root = text.index("<", text.index("?>") + 2 if "?>" in text else 0)
        for prolog in ('<!-- <a> --><!DOCTYPE x [<!ENTITY n "INJECTED">]>',
                       '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
                       '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'):
            found.append(Mutation(f"DTD {prolog[:24]}", (text[:root] + prolog + text[root:]).encode(),
                                  must_refuse=True))
        found.append(Mutation("nested 300 deep", (text[:root] + "<x>" * 300 + "</x>" * 300 + text[root:]).encode(),
                              must_refuse=True))
    if name.endswith(".json"):
        found.append(Mutation("line nested 100,000 deep", data + b"[" * 100_000 + b"]" * 100_000 + b"\n",
                              must_refuse=True))
        found.append(Mutation("5,000-digit number", data + b'{"id": "n", "schema": "Person", "properties": {"name": ['
                              + b"9" * 5000 + b"]}}\n", must_refuse=True))
    return found


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def _snapshot_rows(store: Store) -> list[tuple]:
    return [(s.snapshot_id, s.list, s.as_of, s.entries) for s in store.snapshots()]


def _entries(store: Store, list_name: str) -> Counter:
    return Counter((e.list_id, e.caption) for e in store.entries(store.latest(list_name).snapshot_id))


def judge(store: Store, path: Path, mutation: Mutation, original: Counter, list_name: str) -> str | None:
    """None when the outcome is one of the two allowed ones, else what went wrong."""
    before = _snapshot_rows(store)
    try:
        load_paths(store, [path], as_of=AS_OF)
    except InputError as exc:
        message = str(exc)
        if "\n" in message or str(path) not in message:
            return f"refusal does not name the file in one line: {message!r}"
        if _snapshot_rows(store) != before:
            return "store changed on a refusal"
        return "refused"
    except Timeout:
        return "hung"
    except Exception as exc:  # noqa: BLE001 - exactly what the suite looks for
        return f"{type(exc).__name__}: {exc}"[:300]
    if mutation.must_refuse:
        return "hostile input accepted"
    held = _entries(store, list_name)
    if mutation.same_text:
        return "accepted" if held == original else "accepted with other entries than the original"
    ids, original_ids = {i for i, _ in held}, {i for i, _ in original}
    if len(ids) >= len(original_ids) - 1 and len(ids & original_ids) >= len(original_ids) - 1 \
            and sum(held.values()) <= sum(original.values()):
        return "accepted"
    return f"accepted but changed: {len(ids)} entries, {len(ids & original_ids)} of {len(original_ids)} kept"


def _special_files(folder: Path) -> list[Path]:
    fifo = folder / "fifo.xml"
    os.mkfifo(fifo)
    loop = folder / "loop.xml"
    os.symlink(folder / "loop2.xml", loop)
    os.symlink(loop, folder / "loop2.xml")
    return [fifo, loop, Path("/dev/zero"), Path("/dev/null")]


@pytest.mark.slow
def test_every_damaged_or_hostile_copy_is_refused_cleanly_or_loaded_correctly(tmp_path, capsys):
    rng = random.Random(SEED)
    outcomes: Counter = Counter()
    failures: list[str] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for name, make in SEEDS.items():
            folder = tmp_path / name.replace(".", "-")
            folder.mkdir()
            original_path = folder / "original" / name
            original_path.parent.mkdir()
            original_path.write_bytes(make())
            store = Store(folder / "store.duckdb")
            (snapshot,) = load_paths(store, [original_path], as_of=AS_OF).written
            original = _entries(store, snapshot.list)
            for number, mutation in enumerate(mutations(name, original_path.read_bytes(), rng)):
                path = folder / f"m{number}" / name  # the real name: parsers tell OFAC files apart by it
                path.parent.mkdir()
                path.write_bytes(mutation.data)
                signal.alarm(TIMEOUT_S)
                try:
                    verdict = judge(store, path, mutation, original, snapshot.list)
                finally:
                    signal.alarm(0)
                outcomes[verdict if verdict in ("refused", "accepted") else "failed"] += 1
                if verdict not in ("refused", "accepted"):
                    failures.append(f"{name} {mutation.kind}: {verdict}")
            for path in _special_files(folder):
                signal.alarm(TIMEOUT_S)
                try:
                    verdict = judge(store, path, Mutation("special file", b""), original, snapshot.list)
                finally:
                    signal.alarm(0)
                outcomes["refused" if verdict == "refused" else "failed"] += 1
                if verdict != "refused":
                    failures.append(f"{path}: {verdict}")
            store.close()
    finally:
        signal.signal(signal.SIGALRM, previous)
    total = sum(outcomes.values())
    with capsys.disabled():
        print(f"\nfuzz load: {total} inputs over {len(SEEDS)} real files: refused cleanly {outcomes['refused']}, "
              f"accepted correctly {outcomes['accepted']}, failed {outcomes['failed']}")
    assert total >= 300
    assert failures == [], "\n".join(failures)
