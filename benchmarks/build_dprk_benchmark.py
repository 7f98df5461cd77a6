"""Build benchmarks/data/dprk_cases.csv: labelled DPRK name pairs from the real UN and OFAC entries.

Run: .venv/bin/python benchmarks/build_dprk_benchmark.py   (deterministic: fixed seed)

Positives (is_match=true), each pairing a real list name with another spelling of the same entity:
- `list_alias`: the entry's primary name vs each alias the list itself records (real
  cross-romanisation pairs such as "RI JE-SON" / "Ri Che-son");
- `word_order`, `hyphenation`: surname last / comma form, syllables joined or hyphenated;
- `typo`: one letter replaced, dropped or doubled (seeded, never in a one-letter word);
- `legal_form`: Corporation / Corp / Co., Ltd / Company Limited swapped;
- `vessel_spacing`: vessel names with the spaces removed or added between syllables;
- `hangul`, `hanja`: names written in Korean or Chinese characters by hand (known for certain).
Birth dates and nationalities from the entry are copied to both sides (a typo'd birth year on some).
Hard negatives (is_match=false, `same_surname_syllable`): two different UN/OFAC DPRK persons whose
names share the family name and one given-name syllable, with their own birth dates; and
`different_entity`: other pairs of different entries of the same schema and first word.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from maxpressure.data import bundled_snapshots  # noqa: E402
from maxpressure.sources import parse_files  # noqa: E402

OUT = Path(__file__).parent / "data" / "dprk_cases.csv"
FIELDS = ["case_group", "schema", "name1", "name2", "birth_date1", "birth_date2", "nationality1",
          "nationality2", "is_match", "category", "source"]

# Korean and Chinese spellings written by hand for real listed names (certain readings only).
HANGUL = {
    "KIM, Jong Un": ("김정은", "金正恩"),
    "CHOE, Ryong Hae": ("최룡해", None),
    "RI, Pyong Chol": ("리병철", None),
    "KIM, Yo Jong": ("김여정", None),
    "PAK, Pong Ju": ("박봉주", None),
    "RI, Yong Ho": ("리용호", None),
    "KIM, Yong Chol": ("김영철", None),
    "KOREA KWANGSON BANKING CORP": ("조선광선은행", None),
    "KOREA MINING DEVELOPMENT TRADING CORPORATION": ("조선광업개발무역회사", None),
    "DANGUN TRADING CORPORATION": ("단군무역회사", None),
    "CHON MA SAN": ("천마산", None),
    "DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD": (None, "丹东鸿祥实业发展有限公司"),
}

LEGAL = [("CORPORATION", "CORP"), ("CORPORATION", "CO., LTD"), ("COMPANY", "CO"), ("COMPANY LIMITED", "CO LTD"),
         ("CORP", "CORPORATION")]


def dprk_entries():
    chosen = {"un_sc": "2026-02-27", "us_ofac_sdn": "2024-05-03"}
    entries = []
    for snap in bundled_snapshots():
        if chosen.get(snap.list) == snap.as_of.isoformat():
            parsed = parse_files(list(snap.files), snap.list, snap.as_of)
            entries += [e for e in parsed if "dprk" in e.regimes and e.schema in ("Person", "Organization", "Company", "Vessel", "LegalEntity")]
    return entries


def first(entity, prop):
    values = entity.get(prop, quiet=True)
    return sorted(values)[0] if values else ""


def plain(name: str) -> str:
    """'KIM, Jong Un' -> 'KIM Jong Un': the list order without the comma."""
    if "," in name:
        last, _, given = name.partition(",")
        return f"{last.strip()} {given.strip()}"
    return name


def typo(name: str, rng: random.Random) -> str:
    words = name.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 4]
    if not candidates:
        return name
    i = rng.choice(candidates)
    w = words[i]
    pos = rng.randrange(1, len(w) - 1)
    kind = rng.choice(["replace", "drop", "double"])
    if kind == "replace":
        letters = "aeiou" if w[pos].lower() in "aeiou" else "bcdfghklmnprstv"
        w = w[:pos] + rng.choice([c for c in letters if c != w[pos].lower()]) + w[pos + 1:]
    elif kind == "drop":
        w = w[:pos] + w[pos + 1:]
    else:
        w = w[:pos] + w[pos] + w[pos:]
    words[i] = w
    return " ".join(words)


def person_tokens(name: str) -> list[str]:
    return re.sub(r"[,\-]", " ", name).split()


def build() -> list[dict]:
    rng = random.Random(20240503)
    rows: list[dict] = []
    entries = dprk_entries()

    def add(group, e, n1, n2, match, category, bd2=None, nat2=None):
        bd = first(e.entity, "birthDate")
        nat = first(e.entity, "nationality") or first(e.entity, "country")
        rows.append({"case_group": group, "schema": e.schema, "name1": n1, "name2": n2,
                     "birth_date1": bd, "birth_date2": bd if bd2 is None else bd2,
                     "nationality1": nat, "nationality2": nat if nat2 is None else nat2,
                     "is_match": "true" if match else "false", "category": category,
                     "source": f"{e.list}:{e.list_id}"})

    by_caption = {}
    for e in entries:
        name = e.caption
        by_caption.setdefault(name.upper(), e)
        for alias in sorted(set(e.entity.get("alias", quiet=True)))[:3]:
            if alias.upper() != name.upper():
                add("dprk_positive", e, alias, name, True, "list_alias")
        if e.schema == "Person":
            toks = person_tokens(plain(name))
            if len(toks) == 3:
                add("dprk_positive", e, f"{toks[1]} {toks[2]} {toks[0]}", name, True, "word_order")
                add("dprk_positive", e, f"{toks[0]} {toks[1]}{toks[2].lower()}", name, True, "hyphenation")
                add("dprk_positive", e, f"{toks[0]} {toks[1]}-{toks[2].lower()}", name, True, "hyphenation")
        if e.schema == "Vessel":
            words = name.split()
            if len(words) > 1:
                add("dprk_positive", e, "".join(words), name, True, "vessel_spacing")
        if e.schema in ("Organization", "Company"):
            upper = name.upper()
            for a, b in LEGAL:
                if re.search(rf"\b{re.escape(a)}\b", upper):
                    add("dprk_positive", e, re.sub(rf"\b{re.escape(a)}\b", b, upper), name, True, "legal_form")
                    break
        if rng.random() < 0.6:
            bd = first(e.entity, "birthDate")
            bd2 = None
            if bd and len(bd) >= 4 and rng.random() < 0.3:
                bd2 = str(int(bd[:4]) + rng.choice([-1, 1])) + bd[4:]
            add("dprk_positive", e, typo(plain(name), rng), name, True, "typo", bd2=bd2)

    for caption, (hangul, hanja) in HANGUL.items():
        e = by_caption.get(caption.upper())
        if e is None:
            continue
        if hangul:
            add("dprk_positive", e, hangul, e.caption, True, "hangul")
        if hanja:
            add("dprk_positive", e, hanja, e.caption, True, "hanja")

    # Hard negatives: different persons sharing family name and one given syllable.
    persons = [e for e in entries if e.schema == "Person"]
    seen_pairs = set()
    for a in persons:
        ta = [t.lower() for t in person_tokens(plain(a.caption))]
        if len(ta) != 3:
            continue
        for b in persons:
            if a is b or (b.caption, a.caption) in seen_pairs:
                continue
            tb = [t.lower() for t in person_tokens(plain(b.caption))]
            if len(tb) != 3 or ta[0] != tb[0] or ta == tb:
                continue
            if not (set(ta[1:]) & set(tb[1:])):
                continue
            aliases_a = {x.lower() for x in a.entity.get("alias", quiet=True)}
            if b.caption.lower() in aliases_a:
                continue
            bda, bdb = first(a.entity, "birthDate"), first(b.entity, "birthDate")
            if bda and bdb and bda[:4] == bdb[:4]:
                continue  # same birth year: cannot be sure they are different people
            if a.list != b.list:
                continue  # within one list, two entries are two designated persons
            seen_pairs.add((a.caption, b.caption))
            add("dprk_hard_negative", a, a.caption, b.caption, False, "same_surname_syllable",
                bd2=bdb, nat2=first(b.entity, "nationality") or first(b.entity, "country"))
    return rows


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    from collections import Counter
    print(OUT, len(rows), Counter((r["category"], r["is_match"]) for r in rows))


if __name__ == "__main__":
    main()
