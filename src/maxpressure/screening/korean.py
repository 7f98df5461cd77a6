"""Korean names: Hangul romanisation and the syllable key that makes spellings of one name agree.

The DPRK lists write Korean names syllable by syllable in the DPRK's own variant of
McCune-Reischauer without breves ("Kim Jong Un", "Choe Ryong Hae", "Ri Pyong Chol", aspirates as
"th"/"ph" in "Jang Song Thaek"). South Korean sources use Revised Romanization ("Gim Jeong-eun",
"Choe Ryong-hae") and drop an initial ㄹ ("Lee", "Yu", "Im" for 리, 류, 림). The syllable key folds
these systems, and the customary surname spellings (Park, Choi, Rhee), onto one form, so that
every spelling of one syllable has one key. Chinese syllables in pinyin and Wade-Giles are folded
by the same rules ("Hsi Chin-ping" and "Xi Jinping"; "Tan-tung" and "Dandong").
"""

from __future__ import annotations

import re
from functools import lru_cache

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

# Jamo in Unicode order: 19 initials, 21 vowels, 28 finals (first final is "none").
_INITIALS_DPRK = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"]
_INITIALS_RR = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS_DPRK = ["a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"]
_VOWELS_RR = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
_FINALS_RR = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]

# Korean vocabulary of organisation names, so that 조선광선은행 can meet "Korea Kwangson Bank".
# `segment_org_name` peels these words off either end of a Hangul word; what is left in the
# middle is the body's proper name and stays one word (광선, 대성, 릉라도).
HANGUL_GLOSSARY: dict[str, str] = {
    "조선민주주의인민공화국": "korea", "조선": "korea",
    "총회사": "general corporation", "회사": "company", "공사": "corporation", "그룹": "group",
    "은행": "bank", "무역": "trading", "합영": "joint", "련합": "associated", "연합": "associated",
    "광업": "mining", "개발": "development", "발전": "development", "해운": "shipping",
    "국제": "international", "총국": "general bureau", "위원회": "committee", "중앙": "central",
    "로동당": "workers party", "군사": "military", "인민군": "peoples army", "인민": "peoples",
    "정찰": "reconnaissance", "국무": "state affairs", "국가": "state", "계획": "planning",
    "선전선동부": "propaganda and agitation department", "신용": "credit", "보험": "insurance",
    "민족": "national", "원유": "oil", "상업": "commercial", "관리": "management", "원양": "ocean",
    "항공": "air", "아연": "zinc", "공업": "industrial", "경제": "economics", "사령부": "command",
    "보위": "security", "통일": "united", "농업": "agricultural", "콤퓨터": "computer",
    "쎈터": "center", "센터": "center", "기술": "technology", "외국": "foreign", "선박": "ship",
    "대리": "agency", "기계": "machinery", "건설": "construction", "성": "ministry", "부": "department",
}
_GLOSSARY_BY_LENGTH = sorted(HANGUL_GLOSSARY, key=len, reverse=True)


def segment_org_name(word: str) -> list[tuple[str, bool]]:
    """A Hangul word of an organisation's name as (piece, is_vocabulary) pieces in order.

    Vocabulary is peeled off the start, then off the end, longest word first; a one-syllable
    word (성 "ministry", 부 "department") only where two syllables or more remain before it, so
    that 대성 (a proper name) keeps its 성 while 외무성 is the foreign ministry.
    """
    head: list[tuple[str, bool]] = []
    tail: list[tuple[str, bool]] = []
    rest = word
    peeled = True
    while rest and peeled:
        peeled = False
        for vocab in _GLOSSARY_BY_LENGTH:
            if len(vocab) > 1 and rest.startswith(vocab):
                head.append((vocab, True))
                rest = rest[len(vocab):]
                peeled = True
                break
    peeled = True
    while rest and peeled:
        peeled = False
        for vocab in _GLOSSARY_BY_LENGTH:
            if rest.endswith(vocab) and (len(vocab) > 1 or len(rest) - len(vocab) >= 2):
                tail.insert(0, (vocab, True))
                rest = rest[: -len(vocab)]
                peeled = True
                break
    middle = [(rest, rest in HANGUL_GLOSSARY)] if rest else []
    return head + middle + tail


def is_hangul(char: str) -> bool:
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _syllable(char: str, system: str) -> str:
    code = ord(char) - _HANGUL_FIRST
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    if system == "rr":
        return _INITIALS_RR[lead] + _VOWELS_RR[vowel] + _FINALS_RR[tail]
    return _INITIALS_DPRK[lead] + _VOWELS_DPRK[vowel] + _FINALS[tail]


def romanize_hangul(text: str, system: str = "dprk", split_syllables: bool = True) -> str:
    """Hangul to Latin letters, syllable by syllable, as the DPRK lists ("dprk") or Seoul ("rr") write it.

    With `split_syllables` every syllable becomes its own word ("kim jong un"), the way the lists
    write personal names; otherwise a Hangul word stays one word ("kwangson").
    """
    out: list[str] = []
    previous_hangul = False
    for char in text:
        if is_hangul(char):
            if previous_hangul and split_syllables:
                out.append(" ")
            out.append(_syllable(char, system))
            previous_hangul = True
        else:
            out.append(char)
            previous_hangul = False
    return "".join(out)


# Whole-token spellings that the letter rules below cannot reach (English-style surname spellings).
_TOKEN_ALIASES = {
    "lee": "i", "rhee": "i", "yi": "i", "ri": "i", "li": "i", "rhie": "i", "yee": "i",
    "park": "pak", "bak": "pak", "bahk": "pak", "pahk": "pak",
    "choi": "coe", "choe": "coe", "chwe": "coe", "choy": "coe",
    "oh": "o", "roh": "no", "noh": "no",
    "gwon": "kwon", "kwon": "kwon",
    "shin": "sin", "sheen": "sin",
    "youn": "yun", "yoon": "yun",
    "yoo": "yu", "ryu": "yu", "rhyu": "yu", "yu": "yu",
    "chung": "conk", "jeong": "conk", "jung": "conk", "cheong": "conk",
    # Customary South Korean spellings of given-name syllables (passports, the press), which
    # the letter rules would read as other syllables: Young is 영 (Yong), Chul 철 (Chol),
    # Hyun 현 (Hyon). Chun stays Chun: the DPRK lists write 춘 that way and 천 as Chon.
    "young": "yonk", "chul": "col", "cheol": "col", "hyun": "hyon", "hyeon": "hyon",
}

_APOSTROPHES = re.compile(r"['’‘`ʼʻ]")

# Consonant folding: voiced/unvoiced and aspirated/plain pairs written differently by each system.
_CONSONANT_RULES = [
    (re.compile(r"tch|ch|zh|ts|tz|jj|j|q|z"), "c"),
    (re.compile(r"hs|sh|x|ss"), "s"),
    (re.compile(r"kh|kk|g"), "k"),
    (re.compile(r"th|tt|d"), "t"),
    (re.compile(r"ph|pp|b"), "p"),
]
_VOWEL_RULES = [
    (re.compile(r"eo"), "o"),
    (re.compile(r"eu"), "u"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"oi"), "oe"),
    (re.compile(r"weo"), "wo"),
    (re.compile(r"ung"), "ong"),  # Sung/Song (성), Hung/Hong (鴻), Jung/Jong
]


@lru_cache(maxsize=200_000)
def syllable_key(token: str) -> str:
    """The key of a romanised Korean or Chinese token: equal for every spelling of the same sounds.

    Ri/Rhee/Lee/Yi, Pak/Park, Choe/Choi, Jong/Chong/Jeong, Un/Eun, Ryu/Yu, Rim/Im/Lim, Ro/Roh/No
    all fold to one key each; "Hsi" and "Xi", "Tan" and "Dan" fold too.
    """
    token = _APOSTROPHES.sub("", token.lower())
    if token in _TOKEN_ALIASES:
        return _TOKEN_ALIASES[token]
    key = token
    for pattern, repl in _VOWEL_RULES:
        key = pattern.sub(repl, key)
    # The initial-sound law of South Korean spelling: ㄹ and ㄴ fall silent before i/y (리→이,
    # 류→유, 녀→여) and ㄹ becomes ㄴ elsewhere (로→노); "Rhee"-style h after r is decoration.
    key = re.sub(r"^rh", "r", key)
    key = re.sub(r"^l", "r", key)
    key = re.sub(r"^[rn](?=[iy])", "", key)
    key = re.sub(r"^r", "n", key)
    key = re.sub(r"^y(?=i)", "", key)
    key = re.sub(r"^y(?=[^aeiouw])", "u", key)  # Cyrillic ы: "Ын" is 은
    key = re.sub(r"ar(?=[kpt])", "a", key)  # Park-style r before a final stop
    key = key.replace("ng", "\0")  # keep the final -ng out of the g->k rule
    for pattern, repl in _CONSONANT_RULES:
        key = pattern.sub(repl, key)
    key = key.replace("\0", "nk")
    # A final stop before the same initial is one sound however it is written: 압록강 is
    # "ap rok kang" (DPRK), "AP ROK GANG" (the lists), "amnokgang" (RR), all "...rokank" here.
    key = _DOUBLED_STOP.sub(r"\1", key)
    key = re.sub(r"(?<=[aeiou])h$", "", key)  # Oh, Roh
    return key or token


_DOUBLED_STOP = re.compile(r"([kptcs])\1+")


# A syllable of romanised Korean or Chinese: optional initial, vowel cluster, optional final.
_SYLLABLE = (
    r"(?:tch|ch|ts|tz|kk|tt|pp|ss|jj|sh|zh|hs|kh|th|ph|[bcdfghjklmnpqrstwxyz])?"
    r"(?:yeo|yae|wae|weo|iao|uai|iang|eo|eu|ae|oe|oi|ui|wa|wo|we|wi|ya|yo|yu|ye|ai|ao|ei|ia|ie|iu|io|ua|uo|ue|ou|oo|ee|a|e|i|o|u|y)"
    r"(?:ng|n|m|k|l|p|t|h)?"
)
_SINITIC_TOKEN = re.compile(rf"^(?:{_SYLLABLE}){{1,3}}$")
_ONE_SYLLABLE = re.compile(rf"^{_SYLLABLE}$")


_SYLLABLE_RUN = re.compile(rf"^(?:{_SYLLABLE})+$")


@lru_cache(maxsize=100_000)
def is_syllable_run(text: str) -> bool:
    """Whether letters run together read as romanised syllables ("chonmasan", "ryesonggang")."""
    letters = "".join(c for c in text if not c.isdigit())
    return len(letters) <= 40 and bool(letters) and bool(_SYLLABLE_RUN.match(letters))


MAX_NAME_SYLLABLES = 3  # a family name of one syllable (as KOREAN_SURNAMES holds them) and a given name of one or two
MAX_NAME_SPLITS = 3  # cuts of one run-together name kept (RR is ambiguous: gimjeongeun, gim jeon geun)


# A syllable as Seoul's academic romanisation may also end it: final ㄱ written "g" (석 "seog").
_CUT_SYLLABLE = re.compile(_SYLLABLE.replace("(?:ng|n|m|k|l|p|t|h)?", "(?:ng|n|m|k|l|p|t|h|g)?"))


def _syllable_cuts(word: str, most: int) -> list[list[str]]:
    """Every way to cut `word` into at most `most` well-formed syllables."""
    cuts: list[list[str]] = []
    if not word or most <= 0:
        return cuts
    for end in range(len(word), 0, -1):
        head = word[:end]
        if not _CUT_SYLLABLE.fullmatch(head):
            continue
        if end == len(word):
            cuts.append([head])
        else:
            cuts.extend([head, *rest] for rest in _syllable_cuts(word[end:], most - 1))
    return cuts


@lru_cache(maxsize=100_000)
def syllable_keys(word: str) -> tuple[str, ...]:
    """The keys of a word read as romanised syllables, cut into the fewest ("amroggang" -> am,
    nok, kank); () when it is no run of syllables."""
    cuts = _syllable_cuts(word, 6)
    if not cuts:
        return ()
    return tuple(syllable_key(_final_k(s)) for s in min(cuts, key=len))


def other_syllables(a: str, b: str) -> bool:
    """Two words that both read as romanised syllables, and not as the same ones."""
    ka, kb = syllable_keys(a), syllable_keys(b)
    return bool(ka) and bool(kb) and ka != kb


@lru_cache(maxsize=100_000)
def korean_name_cuts(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A romanised Korean personal name written without spaces between its syllables, cut into
    them: ("choeryonghae",) -> ("choe", "ryong", "hae"); ("gimjeong", "eun") -> ("gim", "jeong",
    "eun"). The lists write one word per syllable, Seoul's romanisers and many typists do not.

    Only a name whose family name is not already a word of its own ("Kim Jongun" compares as it
    is), every word a run of syllables, two or three syllables in all, the first or the last of
    them a Korean family name. Word boundaries that are there are kept.
    """
    if not words or len(words) > 2 or any(syllable_key(w) in KOREAN_SURNAMES for w in words):
        return ()
    per_word = [_syllable_cuts(w, MAX_NAME_SYLLABLES) for w in words]
    if not all(per_word):
        return ()
    if min(len(c) for c in per_word[0]) + sum(min(len(c) for c in cuts) for cuts in per_word[1:]) == len(words):
        return ()  # every word is one syllable already ("Chie Hwi"): nothing is run together
    found: list[tuple[str, ...]] = []
    for combo in _combinations(per_word):
        if not 2 <= len(combo) <= MAX_NAME_SYLLABLES or len(combo) == len(words):
            continue
        if syllable_key(combo[0]) in KOREAN_SURNAMES or syllable_key(combo[-1]) in KOREAN_SURNAMES:
            found.append(combo)
    # The fewest syllables: "hae" is one syllable, not "ha" + "e".
    fewest = min(map(len, found), default=0)
    return tuple(tuple(map(_final_k, c)) for c in found if len(c) == fewest)[:MAX_NAME_SPLITS]


def _final_k(syllable: str) -> str:
    """Final ㄱ as the lists write it: "seog" is "sok", "bag" is "pak" (the sound is k)."""
    return syllable[:-1] + "k" if syllable.endswith("g") and not syllable.endswith("ng") else syllable


def _combinations(per_word: list[list[list[str]]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for cuts in per_word:
        combos = [c + tuple(cut) for c in combos for cut in cuts]
    return combos


@lru_cache(maxsize=100_000)
def is_syllable(token: str) -> bool:
    """Whether a token is exactly one well-formed romanised syllable ("nam" yes, "jomg" no)."""
    return bool(_ONE_SYLLABLE.match(_APOSTROPHES.sub("", token)))


@lru_cache(maxsize=200_000)
def is_sinitic_token(token: str) -> bool:
    """Whether a Latin token can be read as one to three romanised Korean or Chinese syllables."""
    return len(token) <= 12 and bool(_SINITIC_TOKEN.match(_APOSTROPHES.sub("", token)))


# The common Korean surnames, as the DPRK lists spell them; used to find the family name of a
# Korean personal name so that the given name can be compared as one unit.
KOREAN_SURNAMES = frozenset(
    syllable_key(surname)
    for surname in (
        "kim ri pak choe jong jang yun kang cho rim han o so sin kwon hwang an song ju ho ryu nam sim "
        "ro ha kwak pae paek chon ku mun tong yom ryom jin hyon kye hong pyon tam ma sok kil wi pyo yang "
        "pang u ki ko chu chae na to ok sa ra cha chang chi hyun mo myong ryang sol yo won yon"
    ).split()
)
