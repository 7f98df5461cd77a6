"""The fresh hard negatives (benchmarks/data/fresh_negatives/): Korean and Chinese people on no list.

Real people, named in their own script and romanised, whom no rule was tuned on: members of South
Korea's 20th National Assembly (Hangul, Hanja and the Assembly's own romanisation) and of Taiwan's
9th Legislative Yuan (characters and their usual Wade-Giles-style spelling). Origin in
benchmarks/data/SOURCES.md. Each is screened as `maxpressure screen` runs it (threshold 0.70,
limit 5); any alert is a false alarm.

Before screening, every person is checked against the names of the loaded lists: one whose
romanised name, Hangul read as the DPRK lists write it, or pinyin of the characters has the
syllables of a list name (`name_key`, word order and spelling aside) is left out and reported,
so that no listed person or exact namesake counts as a false alarm.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks/data/fresh_negatives"


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def people() -> list[dict]:
    """One row per person: `who`, and `queries` as (text, schema, form)."""
    out = []
    for row in _read("kr_assembly_20.csv"):
        out.append({"who": f"kr:{row['popong_id']}", "roman": row["name_en"], "hangul": row["name_ko"],
                    "chars": row["name_hanja"],
                    "queries": [(row["name_ko"], "Person", "hangul"), (row["name_ko"], "", "hangul, no schema"),
                                (row["name_hanja"], "Person", "characters"),
                                (row["name_hanja"], "", "characters, no schema"),
                                (row["name_en"], "Person", "romanised")]})
    for row in _read("tw_legislative_yuan_9.csv"):
        out.append({"who": f"tw:{row['everypolitician_id']}", "roman": row["name_en"], "hangul": "",
                    "chars": row["name_zh"],
                    "queries": [(row["name_zh"], "Person", "characters"), (row["name_zh"], "", "characters, no schema"),
                                (row["name_en"], "Person", "romanised")]})
    split(out)
    return out


def _rank(who: str) -> bytes:
    return hashlib.sha1(("fresh13b" + who).encode()).digest()


def split(everyone: list[dict]) -> None:
    """Mark each person `tuning` (True: the half whose false alarms were looked at and rules written
    from) or not (the held-out half, only measured). Fixed before any failure was looked at: within
    each country, people sorted by a hash of their id, the first half (rounded up) tuning; made over
    all 320 people before any is left out as listed."""
    for country in ("kr:", "tw:"):
        group = sorted((p for p in everyone if p["who"].startswith(country)), key=lambda p: _rank(p["who"]))
        for n, person in enumerate(group):
            person["tuning"] = n < (len(group) + 1) // 2


def name_key(name: str) -> tuple[str, ...]:
    from maxpressure.screening.korean import syllable_key
    from maxpressure.screening.normalize import fold

    if "," in name:
        last, _, given = name.partition(",")
        name = f"{last} {given}"
    return tuple(sorted(syllable_key(t) for t in fold(name.replace("-", " ")).split()))


def _readings(person: dict) -> list[str]:
    from maxpressure.screening.korean import romanize_hangul
    from maxpressure.screening.normalize import _icu

    readings = [person["roman"]]
    if person["hangul"]:
        readings.append(romanize_hangul(person["hangul"]))
    if person["chars"]:
        readings.append(_icu("Han-Latin; Latin-ASCII").transliterate(person["chars"]))
    return readings


def unlisted(screener, everyone: list[dict]) -> tuple[list[dict], list[tuple[dict, str]]]:
    """(people whose names are no list name, [(person, the list name it has)])."""
    listed: dict[tuple, str] = {}
    for cand in screener.index.candidates:
        props = cand.properties
        for n in [*props.get("name", []), *props.get("alias", [])]:
            listed.setdefault(name_key(n), n)
    keep, dropped = [], []
    for person in everyone:
        hit = next((listed[k] for k in map(name_key, _readings(person)) if k in listed), None)
        if hit is None:
            keep.append(person)
        else:
            dropped.append((person, hit))
    return keep, dropped


def false_alarms(screener, everyone: list[dict], threshold: float, limit: int = 5):
    """(cases, cases with an alert, people, people with an alert, {form: [cases, alerts]}, [examples])."""
    from _third_set import query_of

    cases = alarms = people_alarmed = 0
    by_form: dict[str, list[int]] = {}
    examples = []
    for person in everyone:
        any_alarm = False
        for text, schema, form in person["queries"]:
            alerts = [r for r in screener.screen(query_of({"query": text, "schema": schema, "birth_date": ""}),
                                                  threshold=threshold, limit=limit) if r.match]
            counts = by_form.setdefault(form, [0, 0])
            counts[0] += 1
            cases += 1
            if alerts:
                counts[1] += 1
                alarms += 1
                any_alarm = True
                examples.append(f"{text!r} ({schema or 'no schema'}) ~ {alerts[0].caption!r} {alerts[0].score:.2f}")
        people_alarmed += any_alarm
    return cases, alarms, len(everyone), people_alarmed, by_form, examples
