"""Names into comparable forms: scripts, romanisation, variants, legal forms, synonyms.

A name is prepared once (for the index at build time, for a query once per query) into a
`PreparedName`: Latin tokens, one variant-proof key per token, which tokens are legal forms or
particles, the rigour name symbols of each token (nicknames, org classes, name groups), and, for a
Korean personal name, its family name and its given name as one unit.

Scripts: Hangul is romanised the way the DPRK lists write it (see `korean.py`); Chinese characters
get two readings, pinyin and the Korean reading of the same Hanja (金正恩: "jin zheng en" and
"kim jong un"); Cyrillic is transliterated with an English-style table (Ким Чен Ын: "kim chen yn");
anything else goes through ICU's Any-Latin.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rigour.names import NamePartTag, NameTypeTag, analyze_names

from maxpressure.screening.korean import (
    HANGUL_GLOSSARY,
    KOREAN_SURNAMES,
    is_hangul,
    is_sinitic_token,
    is_syllable_run,
    korean_name_cuts,
    romanize_hangul,
    segment_org_name,
    syllable_key,
)
from maxpressure.screening.chinese import CHINESE_ORG_WORDS, chinese_org_reading
from maxpressure.screening.symbols import PhraseSymbols

# Names of one country that the lists use interchangeably: "Chosun Kwangson Bank" is
# "Korea Kwangson Banking Corp"; DPRK stands for the same state.
SYNONYMS: dict[str, str] = {
    "choson": "korea",
    "chosun": "korea",
    "joseon": "korea",
    "chosen": "korea",
    "dprk": "korea",
    "coreia": "korea",
    "coree": "korea",
    "corea": "korea",
    "banking": "bank",
    "trade": "trading",
    "corp": "corporation",
    "co": "company",
    "intl": "international",
    "korean": "korea",
    "commission": "committee",
}

# The words of organisation names that say what kind of body it is, not which one: the English
# of the Korean and Chinese vocabulary, and the country. A name that pairs only these with a
# candidate has not found that body (see names._only_generic_words_paired).
GENERIC_ORG_WORDS = frozenset(
    w for phrase in (*HANGUL_GLOSSARY.values(), *CHINESE_ORG_WORDS.values(), "corporation", "company", "limited")
    for w in phrase.split() if w not in ("and", "of")
) | frozenset(SYNONYMS.values())

# Words the lists write or drop by habit in one body's name: 총회사 is "GENERAL CORPORATION" on
# one list and "CORPORATION" on another.
ORG_QUALIFIERS = frozenset({"general"})

# Particles of Arabic, Dutch, German, Romance and other names: present or absent by habit.
PARTICLES = frozenset(
    "al el bin ibn bint abu abd de da del della der di do dos das du van von le la ul ur".split()
)

# Words that start a vessel's name in some sources and not in others.
VESSEL_PREFIXES = re.compile(r"^(?:m/?v|m/?t|mt|mv|ms|m\.v\.|m\.t\.|ss)\s+", re.I)

_APOSTROPHES = re.compile(r"['’‘`ʼʻ]")
_PUNCT = re.compile(r"[^\w\s&]+")
_SPACES = re.compile(r"\s+")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
}


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


@lru_cache(maxsize=8)
def _icu(rule: str):
    import icu  # pyicu; imported lazily because most names never need it

    return icu.Transliterator.createInstance(rule)


_HANJA_LINE = re.compile(r'^"((?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})+)": "((?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})+)"$')


@lru_cache(maxsize=1)
def _hanja_table() -> dict[str, str]:
    """The `hanja` package's Hanja -> Hangul table, read straight from its file.

    Importing `hanja.table` parses the file with PyYAML, three seconds for 27,497 lines that
    are all `"\\uXXXX": "\\uYYYY"`; reading those lines directly takes a tenth of a second.
    """
    spec = importlib.util.find_spec("hanja")
    path = Path(spec.submodule_search_locations[0], "table.yml") if spec and spec.submodule_search_locations else None
    if path is None or not path.exists():
        from hanja.table import hanja_table

        return hanja_table
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            found = _HANJA_LINE.match(line.rstrip("\n"))
            if found is None:  # a layout this reader does not know: let the package parse it
                from hanja.table import hanja_table

                return hanja_table
            table[_unescape(found.group(1))] = _unescape(found.group(2))
    return table


def _unescape(text: str) -> str:
    return text.encode("ascii").decode("unicode_escape")


def hanja_to_hangul(text: str) -> str:
    """The Korean reading of Chinese characters (金正恩 -> 김정은); 金 starting a run of characters
    reads as the surname 김 ("Jin Tiesan (金铁三)" too), elsewhere as 금 (gold)."""
    table = _hanja_table()
    out = [table.get(char, char) for char in text]
    for i, char in enumerate(text):
        if char == "金" and (i == 0 or not is_han(text[i - 1])):
            out[i] = "김"
    return "".join(out)


def _translate_org_hangul(text: str) -> str:
    """An organisation's Hangul name with its vocabulary in English and its proper names kept
    as one Hangul word each: 조선대성은행 -> "korea 대성 bank" (see `segment_org_name`)."""
    words = []
    for word in text.split():
        if not any(is_hangul(c) for c in word):
            words.append(word)
            continue
        for piece, vocabulary in segment_org_name(word):
            words.append(HANGUL_GLOSSARY[piece] if vocabulary else piece)
    return " ".join(words)


def latin_readings(name: str, person: bool = True, org: bool = False) -> list[str]:
    """Every Latin reading of a name in any script: usually one, two for Chinese characters.

    `org`: an organisation's name, whose Korean and Chinese vocabulary is read in English.
    """
    name = unicodedata.normalize("NFKC", name)
    if name.isascii():
        return [name]
    readings: list[str] = []
    if any(is_han(c) for c in name):
        if org:
            readings.append(chinese_org_reading(name))
        korean = hanja_to_hangul(name)
        if org:
            korean = _translate_org_hangul(korean)
        readings.append(romanize_hangul(korean, split_syllables=person))
        if not org:
            readings.append(_icu("Han-Latin; Latin-ASCII").transliterate(name))
        return readings
    if any(is_hangul(c) for c in name):
        text = _translate_org_hangul(name) if org else name
        return [romanize_hangul(text, split_syllables=person)]
    if any("\u0400" <= c <= "\u04ff" for c in name):
        text = "".join(_CYRILLIC.get(c, _CYRILLIC.get(c.lower(), c)) for c in name)
        return [text]
    return [name, _icu("Any-Latin; Latin-ASCII").transliterate(name)]


def fold(text: str) -> str:
    """Lower-case ASCII words: accents and McCune-Reischauer breves dropped, apostrophes and punctuation gone."""
    if not text.isascii():  # ASCII has nothing to decompose: most list names and queries
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).lower().replace("&", " and ")
    text = _PUNCT.sub(" ", text.replace("_", " "))
    return _SPACES.sub(" ", text).strip()


_TYPE_TAGS = {
    "Person": NameTypeTag.PER,
    "Organization": NameTypeTag.ORG,
    "Company": NameTypeTag.ORG,
    "PublicBody": NameTypeTag.ORG,
    # rigour's ENT tagging loads the person-name corpus too; a LegalEntity name is tagged as an org.
    "LegalEntity": NameTypeTag.ORG,
    "Vessel": NameTypeTag.OBJ,
    "Airplane": NameTypeTag.OBJ,
}


def name_kind(schema: str) -> str:
    """'person', 'org' or 'object' (vessels, aircraft): the three ways names are compared."""
    tag = _TYPE_TAGS.get(schema, NameTypeTag.ENT)
    if tag == NameTypeTag.PER:
        return "person"
    if tag == NameTypeTag.OBJ:
        return "object"
    return "org"


@dataclass(slots=True)
class PreparedName:
    """One name of one entity, ready to compare."""

    original: str
    kind: str  # person | org | object
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    weak: tuple[bool, ...]  # legal forms and particles: present or absent by habit
    symbols: tuple[frozenset[str], ...]
    cross_script: bool = False
    sinitic: bool = False
    korean_surname: int | None = None  # index of the family-name token of a Korean person
    joined: str = ""  # keys of the strong tokens run together: "chonmasan"
    numbers: frozenset[str] = field(default_factory=frozenset)
    postings: frozenset[str] = field(default_factory=frozenset)  # its index keys, set by index.py
    runs: frozenset[str] = field(default_factory=frozenset)  # adjacent keys joined: "chonma", "masan"
    # A query name's comparisons with candidate words so far (`names._QueryMemo`); never set on list names.
    memo: object | None = field(default=None, compare=False, repr=False)

    @property
    def given_key(self) -> str:
        """A Korean given name as one unit: the keys of the given-name syllables run together."""
        return "".join(k for i, k in enumerate(self.keys) if i != self.korean_surname and not self.weak[i])


_SYMBOL_CATEGORIES = {"NICK", "NAME", "ORG_CLASS", "SYMBOL", "DOMAIN", "NUMERIC"}
_LEGAL = NamePartTag.LEGAL


def prepare_name(name: str, schema: str = "Person", person_symbols: PhraseSymbols | None = None) -> list[PreparedName]:
    """Every comparable form of one name (one per Latin reading).

    With `person_symbols` a person's name symbols are looked up there (see `symbols.py`) instead
    of in rigour's person-name tables, which are slow to load.
    """
    kind = name_kind(schema)
    tag = _TYPE_TAGS.get(schema, NameTypeTag.ENT)
    scripts = _in_two_scripts(name)
    if scripts:
        # "Jin Tiesan (金铁三)": one name written twice, in Latin letters and in characters.
        return [form for part in scripts for form in prepare_name(part, schema, person_symbols)]
    readings = latin_readings(name, person=kind == "person", org=kind == "org")
    stripped = name.rstrip()
    if kind == "object" and len(stripped) > 2 and stripped.endswith("호"):
        # 호 ("number", 號) ends many Korean ship names (천마산호) and is absent from the lists.
        readings += latin_readings(stripped[:-1], person=False)
    cross_script = not name.isascii()
    texts = [fold(reading) for reading in readings]
    if kind == "object":
        texts = [VESSEL_PREFIXES.sub("", text) for text in texts]
    if kind == "person":
        # A Korean name run together ("choeryonghae", "gimjeong-eun") is also read syllable by syllable.
        texts += [" ".join(cut) for text in texts for cut in korean_name_cuts(tuple(text.split()))]
    prepared = []
    for text in texts:
        if not text:
            continue
        prepared_one = _prepare_folded(name, text, kind, tag, cross_script, person_symbols)
        if prepared_one is not None:
            prepared.append(prepared_one)
    return prepared


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_BRACKETED_CJK = re.compile(rf"[(\[（]\s*([{_CJK}][{_CJK}\s]*)\s*[)\]）]")


def _in_two_scripts(name: str) -> list[str]:
    """The Latin name and the one in characters of "Jin Tiesan (金铁三)", or [] for any other name."""
    found = _BRACKETED_CJK.search(name)
    if found is None:
        return []
    latin = _SPACES.sub(" ", name[: found.start()] + " " + name[found.end():]).strip()
    if not any(c.isascii() and c.isalpha() for c in latin):
        return []
    return [latin, found.group(1).strip()]


# rigour's person-name symbols (Wikidata name groups, nicknames) take many seconds to load on
# first use; they are worth it in a long-running process and not in a one-off CLI call.
PERSON_SYMBOLS = os.environ.get("MAXPRESSURE_PERSON_SYMBOLS", "1") != "0"


@lru_cache(maxsize=100_000)
def _analyze(text: str, tag: NameTypeTag, symbols: bool = True):
    names = analyze_names(tag, [text], consolidate=False, symbols=symbols)
    return next(iter(names), None)


_SHARED_SYMBOL_SETS: dict[frozenset[str], frozenset[str]] = {}


def _shared(symbols: frozenset[str]) -> frozenset[str]:
    """One object per distinct symbol set: "kim" has the same thirty symbols in every name."""
    return _SHARED_SYMBOL_SETS.setdefault(symbols, symbols)


def _prepare_folded(
    original: str, text: str, kind: str, tag: NameTypeTag, cross_script: bool, person_symbols: PhraseSymbols | None
) -> PreparedName | None:
    from_table = tag == NameTypeTag.PER and (person_symbols is not None or not PERSON_SYMBOLS)
    analysed = _analyze(text, tag, not from_table)
    if analysed is None or not analysed.parts:
        return None
    parts = list(analysed.parts)
    tokens = tuple(p.comparable for p in parts)
    if from_table:
        symbols = person_symbols.tag(tokens) if person_symbols is not None else tuple(frozenset() for _ in parts)
    else:
        by_index: dict[int, set[str]] = {p.index: set() for p in parts}
        for span in analysed.spans:
            category = str(span.symbol.category).rpartition(".")[2]
            if category not in _SYMBOL_CATEGORIES:
                continue
            symbol = sys.intern(str(span.symbol))
            for part in span.parts:
                by_index.setdefault(part.index, set()).add(symbol)
        symbols = tuple(_shared(frozenset(by_index.get(p.index, ()))) for p in parts)
    sinitic = all(is_sinitic_token(t) for t in tokens if not t.isdigit())
    keys = []
    weak = []
    for part, token in zip(parts, tokens):
        token = SYNONYMS.get(token, token)
        key = syllable_key(token) if sinitic and kind != "org" else token
        if kind == "org" and is_sinitic_token(token):
            key = syllable_key(token)
        keys.append(key)
        legal = part.tag == _LEGAL
        weak.append(legal or (kind == "person" and token in PARTICLES and len(tokens) > 2 and not sinitic)
                    or (kind == "org" and token in ORG_QUALIFIERS and len(tokens) > 2))
    korean_surname = None
    if kind == "person" and sinitic and 2 <= len(tokens) <= 4:
        if keys[0] in KOREAN_SURNAMES:
            korean_surname = 0
        elif keys[-1] in KOREAN_SURNAMES:
            korean_surname = len(keys) - 1
    joined = "".join(k for k, w in zip(keys, weak) if not w) or "".join(keys)
    if kind == "object":
        # Ship names are compared letter by letter, spaces ignored ("RANAM2" / "RA NAM 2"); a
        # name that reads as romanised syllables is compared by their sounds, so that the DPRK
        # spelling of the Hangul (taetongkang, 대동강) meets the list's (TAE DONG GANG).
        # Words keyed as an organisation's are, so that a query without a schema finds the ship.
        keys = [syllable_key(t) if is_sinitic_token(t) else t for t in tokens]
        joined = "".join(tokens)
        if is_syllable_run(joined):
            joined = syllable_key(joined)
    numbers = frozenset(t for t in tokens if any(c.isdigit() for c in t))
    return PreparedName(
        original=original,
        kind=kind,
        tokens=tokens,
        keys=tuple(keys),
        weak=tuple(weak),
        symbols=symbols,
        cross_script=cross_script,
        sinitic=sinitic,
        korean_surname=korean_surname,
        joined=joined,
        numbers=numbers,
        runs=adjacent_runs(keys),
    )


def adjacent_runs(keys) -> frozenset[str]:
    """Two and three adjacent keys run together: what another spelling may write as one word."""
    return frozenset("".join(keys[i : i + width]) for width in (2, 3) for i in range(len(keys) - width + 1))


@lru_cache(maxsize=100_000)
def _letters_of(original: str) -> str:
    return fold(original).replace(" ", "")


def written_letters(prepared: PreparedName) -> str:
    """Every letter and digit of a name as written, run together: "JOINT STOCK COMPANY VTB" ->
    "jointstockcompanyvtb". What someone who types a name without spaces types: the legal forms
    spelt out, not the abbreviations and keys that the words are compared by ("jsc", "hakil")."""
    if prepared.original.isascii():
        return _letters_of(prepared.original)
    return "".join(prepared.tokens)  # a name in another script: its Latin reading


def acronym(prepared: PreparedName) -> str:
    """The initials of the strong words of an organisation name: "Korea Kwangson Banking Corp" -> "kkb"."""
    return "".join(t[0] for t, w in zip(prepared.tokens, prepared.weak) if not w and t)
