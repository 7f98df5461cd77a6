"""Build benchmarks/data/third_cases.csv: screening cases in Hangul, Chinese characters and other spellings.

Run: .venv-bench/bin/python benchmarks/build_third_benchmark.py   (deterministic; needs the
romanisers named below, installed in the bench virtualenv: see screening_accuracy.py)

Each case is a query as a user would type it and the list entry it must find (`expected`,
`list:list_id`), or nothing for a negative (any alert on it is a false alarm). The inputs are in
benchmarks/data/third_set/ (their origin in benchmarks/data/SOURCES.md); the classes:

- `korean_person_hangul`: real North Korean figures' names in Hangul (Wikidata-style labels), for
  those whose English name is a list name; `korean_person_romanised`: the same Hangul romanised by
  public PyPI packages (hangul-names, hangul-romanize, korean-romanizer: Revised Romanization in
  three layouts), with `--schema Person`;
- `korean_org_hangul`, `korean_vessel_hangul`: listed DPRK bodies and ships in Hangul, ships
  also with the 호 ("ship") suffix; `chinese_company_chars`, `chinese_person_chars`: listed
  Chinese companies and people in characters (each checked: pypinyin's reading of the characters
  spells the list's own name);
- `joined_long_name`: long list names run together (yente's test `alexandervyacheslavovichzakharov`),
  and run together with one letter dropped;
- `customary_korean_spelling`: listed Korean persons with South Korean customary syllable
  spellings (Young, Kyung, Chul, Jung, Sung, Hyun, Myung), `--schema Person`;
- negatives: `different_family_name` (a listed Korean person's given name under another family
  name that the lists keep apart: Kim/Rim, Pak/Paek, Ri/Rim, Jong/Jang, Choe/Cho),
  `dob_conflict` (a listed person's exact name with a full birth date seven years off every date
  the list gives), `hard_negative` (real North Korean and Chinese people and bodies on no list,
  in their own script and romanised).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from maxpressure.data import bundled_snapshots  # noqa: E402
from maxpressure.screening.korean import syllable_key  # noqa: E402
from maxpressure.screening.normalize import fold  # noqa: E402
from maxpressure.sources import parse_files  # noqa: E402

DATA = ROOT / "benchmarks/data/third_set"
OUT = ROOT / "benchmarks/data/third_cases.csv"
FIELDS = ["case_id", "class", "query", "schema", "birth_date", "expected", "source"]
CUSTOMARY = {"yong": "young", "kyong": "kyung", "chol": "chul", "jong": "jung", "song": "sung",
             "hyon": "hyun", "myong": "myung", "chon": "chun", "ryong": "ryung"}
OTHER_FAMILY = {"kim": "rim", "rim": "kim", "pak": "paek", "paek": "pak", "ri": "rim", "jong": "jang",
                "jang": "jong", "choe": "cho", "cho": "choe"}


def latest_entries():
    chosen = {"un_sc": "2026-02-27", "us_ofac_sdn": "2024-05-03", "gb_fcdo": "2025-08-11"}
    entries = []
    for snap in bundled_snapshots():
        if chosen.get(snap.list) == snap.as_of.isoformat():
            entries += list(parse_files(list(snap.files), snap.list, snap.as_of))
    return entries


def name_key(name: str) -> tuple[str, ...]:
    """Word order, commas, hyphens and romanisation aside: which syllables a name has."""
    return tuple(sorted(syllable_key(t) for t in fold(name.replace("-", " ")).split()))


def plain(name: str) -> str:
    if "," in name:
        last, _, given = name.partition(",")
        return f"{last.strip()} {given.strip()}"
    return name


def read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def romanisers():
    """Three romanisers on PyPI, each as its package writes a name (none of them DPRK-style)."""
    from hangul_names.transliterator import Transliterator  # "Gim Jeong-eun": RR, surname apart
    from hangul_romanize import Transliter  # "gimjeong-eun": academic RR, one word
    from hangul_romanize.rule import academic
    from korean_romanizer.romanizer import Romanizer  # "gimjeongeun": RR run together

    academic_rr = Transliter(academic)
    return {"hangul-names": Transliterator().romanize, "hangul-romanize": academic_rr.translit,
            "korean-romanizer": lambda h: Romanizer(h).romanize()}


def pinyin_of(chars: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(chars)).lower()


def build() -> list[dict]:
    rng = random.Random(13)
    entries = latest_entries()
    ref = {f"{e.list}:{e.list_id}": e for e in entries}
    persons = [e for e in entries if e.schema == "Person"]
    by_key: dict[tuple, list] = {}
    for e in entries:
        for n in {e.caption, *e.entity.get("alias", quiet=True)}:
            by_key.setdefault(name_key(plain(n)), []).append(e)
    rows: list[dict] = []

    def add(cls, query, schema, expected="", birth_date="", source=""):
        rows.append({"case_id": f"c{len(rows) + 1}", "class": cls, "query": query, "schema": schema,
                     "birth_date": birth_date, "expected": expected, "source": source})

    roman = romanisers()
    for row in read("nk_figures.csv"):
        listed = [e for e in by_key.get(name_key(row["name_en"]), []) if e.schema == "Person" and "dprk" in e.regimes]
        hangul = row["name_ko"]
        if listed:
            e = listed[0]
            expected = f"{e.list}:{e.list_id}"
            add("korean_person_hangul", hangul, "Person", expected, source="nk_figures")
            add("korean_person_hangul", hangul, "", expected, source="nk_figures")
            for tool, fn in roman.items():
                add("korean_person_romanised", fn(hangul), "Person", expected, source=tool)
        elif not by_key.get(name_key(row["name_en"])):
            add("hard_negative", hangul, "Person", source="nk_figures (on no list)")
            add("hard_negative", row["name_en"], "Person", source="nk_figures (on no list)")
            add("hard_negative", roman["korean-romanizer"](hangul), "", source="korean-romanizer (on no list)")

    for row in read("korean_orgs.csv"):
        assert row["list_ref"] in ref, row
        add("korean_org_hangul", row["name_ko"], "Organization", row["list_ref"], source=row["origin"])
    for row in read("korean_vessels.csv"):
        assert row["list_ref"] in ref, row
        add("korean_vessel_hangul", row["name_ko"], "Vessel", row["list_ref"], source="hand")
        if not row["name_ko"][-1].isdigit():
            add("korean_vessel_hangul", row["name_ko"] + "호", "Vessel", row["list_ref"], source="hand + 호")
    for row in read("chinese_names.csv"):
        e = ref[row["list_ref"]]
        reading = pinyin_of(row["name_zh"])
        distinctive = re.sub(r"[^a-z]", "", plain(e.caption).lower().split(" co")[0])[:6]
        assert distinctive[:4] in reading, (row, reading)  # the characters spell the list's name
        cls = "chinese_person_chars" if row["schema"] == "Person" else "chinese_company_chars"
        add(cls, row["name_zh"], row["schema"], row["list_ref"], source="pypinyin-checked")
        add(cls, row["name_zh"], "", row["list_ref"], source="pypinyin-checked")
    for row in read("hard_negatives.csv"):
        add("hard_negative", row["name"], row["schema"], source=row["who"])

    long_names = [e for e in entries if e.schema in ("Person", "Organization", "Company")
                  and len(fold(plain(e.caption)).split()) >= 3 and len(fold(e.caption).replace(" ", "")) >= 20]
    rng.shuffle(long_names)
    for e in sorted(long_names[:60], key=lambda e: (e.list, e.list_id)):
        joined = fold(plain(e.caption)).replace(" ", "")
        expected = f"{e.list}:{e.list_id}"
        add("joined_long_name", joined, e.schema if e.schema == "Person" else "", expected, source="list name")
        pos = rng.randrange(3, len(joined) - 3)
        add("joined_long_name", joined[:pos] + joined[pos + 1:], "", expected, source="list name, one letter dropped")

    korean = [e for e in persons if "dprk" in e.regimes and len(fold(plain(e.caption)).split()) == 3]
    for e in sorted(korean, key=lambda e: (e.list, e.list_id)):
        words = fold(plain(e.caption)).split()
        expected = f"{e.list}:{e.list_id}"
        given = [CUSTOMARY.get(w, w) for w in words[1:]]
        if given != words[1:]:
            add("customary_korean_spelling", " ".join([words[0].capitalize(), *[g.capitalize() for g in given]]),
                "Person", expected, source="list name, customary spelling")
        other = OTHER_FAMILY.get(words[0])
        swapped = " ".join([other or "", *words[1:]])
        if other and not by_key.get(name_key(swapped)):
            add("different_family_name", swapped.title(), "Person", source=f"{expected} under another family name")
        dates = sorted(e.entity.get("birthDate", quiet=True))
        if dates and all(len(d) == 10 for d in dates) and len(dates) == 1:
            year = int(dates[0][:4]) + 7
            add("dob_conflict", plain(e.caption), "Person", birth_date=f"{year}{dates[0][4:]}",
                source=f"{expected} with a birth date 7 years off")
    return rows


def main() -> None:
    from collections import Counter

    rows = build()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(OUT, len(rows), dict(Counter(r["class"] for r in rows)))


if __name__ == "__main__":
    main()
