"""How alike two prepared names are, with the alignment that says why.

Two paths:

- A Korean personal name on both sides (a family name from the common Korean surnames, one or two
  given-name syllables) is compared as family name + given name, the given name as ONE unit:
  "Kim Jong Un" and "Kim Jong Nam" share a family name and a syllable but are different people,
  while "Kim Jong-un", "KIM Chong Un" and 김정은 are one. A given name that differs by more than a
  typo scores near zero, so no syllable-by-syllable credit adds up to a false alarm.
- Every other name is aligned token by token (best pairs first, adjacent tokens merged when the
  other side writes them as one word). Missing query words cost more than extra candidate words;
  legal forms and particles weigh little.

The tunables live in `NameParams`; `score.py` turns the result into the name feature.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from rapidfuzz.distance import Levenshtein

_normalized_similarity = Levenshtein.normalized_similarity

from maxpressure.screening.korean import (
    KOREAN_SURNAMES, is_hangul, is_syllable, korean_name_cuts, other_syllables, syllable_key)
from maxpressure.screening.normalize import GENERIC_ORG_WORDS, PreparedName, adjacent_runs, is_han, written_letters


@dataclass(frozen=True)
class NameParams:
    fuzzy_floor: float = 0.6  # token similarity below this is no match at all
    symbol_score: float = 0.9  # tokens sharing a nickname, org-class or name-group symbol
    initial_score: float = 0.6  # "J." for "John"
    missing_query_weight: float = 0.8  # a query word with no partner in the candidate
    extra_result_weight: float = 0.15  # a candidate word with no partner in the query
    weak_weight: float = 0.3  # legal forms and particles
    korean_surname_weight: float = 1.0
    korean_given_weight: float = 2.0
    korean_given_floor: float = 0.75  # given names less alike than this are different names
    korean_group_score: float = 0.95  # given names sharing a whole-name symbol across scripts
    korean_family_weight: float = 1.5  # a Korean family name in a word-by-word alignment
    family_floor: float = 0.75  # a family name pairs with another syllable only this alike (a typo)
    korean_other_family: float = 0.85  # two different Korean family names: the given name alone, times this
    number_mismatch: float = 0.3  # names whose numbers differ ("Trust 2004-1" / "2004-2")
    fuzzy_power: float = 1.0  # typo similarity is raised to this power: >1 punishes near-misses
    substitution_weight: float = 2.0  # a query word AND a candidate word left unpaired: a different word
    reorder_penalty: float = 0.0  # words paired out of order, other than a rotation (surname first)
    generic_only_penalty: float = 0.25  # an org name whose own name found no partner, only its generic words
    distinctive_floor: float = 0.8  # ... or only a partner of other syllables less alike than this


DEFAULT_PARAMS = NameParams()


Pairs = list[tuple[str, str, float]]  # (query part, candidate part, similarity)


@dataclass(slots=True)
class NameMatch:
    score: float
    query: str
    candidate: str
    method: str  # exact | korean | tokens | joined
    parts: Pairs | Callable[[], Pairs]  # the pairs, or how to list them when asked (most never are)

    @property
    def pairs(self) -> Pairs:
        if callable(self.parts):
            self.parts = self.parts()
        return self.parts

    def describe(self) -> str:
        parts = ", ".join(f"{q}~{c} {s:.2f}" if c else f"{q or '-'}~- " for q, c, s in self.pairs)
        return f"{self.query!r} ~ {self.candidate!r} [{self.method}] {parts}".strip()


@lru_cache(maxsize=500_000)
def _fuzzy(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if min(len(a), len(b)) <= 2:
        return 0.0
    return Levenshtein.normalized_similarity(a, b)


def token_similarity(q: PreparedName, i: int, r: PreparedName, j: int, params: NameParams = DEFAULT_PARAMS) -> float:
    """How alike query word i and candidate word j are, in [0, 1] (0: not the same word at all)."""
    qk, rk = q.keys[i], r.keys[j]
    if qk == rk:
        return 1.0
    rt = r.tokens[j]
    s = _word_spelling(q, i, rk, rt, rt in r.numbers, params)
    if _symbols_lift(q, i, r, j, s, params):
        return params.symbol_score
    return max(s, 0.0)


def _word_spelling(q: PreparedName, i: int, rk: str, rt: str, r_number: bool, params: NameParams) -> float:
    """Query word i against a candidate word by spelling and initials alone; -1 for a number.

    Depends only on the two words, so a query keeps it per candidate word (`_QueryMemo`). Written
    out in full, with no helper calls: it runs about a hundred times per query, mostly on new words.
    """
    qk, qt = q.keys[i], q.tokens[i]
    if r_number or qt in q.numbers:
        return -1.0  # numbers match exactly (equal keys) or not at all, whatever their symbols
    best = 0.0
    if qk == rk:
        best = 1.0
    elif len(qk) > 2 and len(rk) > 2:
        best = _normalized_similarity(qk, rk)
    if qt == rt:
        best = 1.0
    elif len(qt) > 2 and len(rt) > 2 and (qt != qk or rt != rk):
        best = max(best, _normalized_similarity(qt, rt))
    if params.fuzzy_power != 1.0:
        best = best ** params.fuzzy_power
    if best < params.fuzzy_floor or (best < 1.0 and (_other_family(q, i, rk, rt) or _other_sound(q, i, rt))):
        best = 0.0
    if q.kind == "person" and (len(qt) == 1 or len(rt) == 1) and qt[0] == rt[0]:
        best = max(best, params.initial_score)
    return best


def same_joined(q: PreparedName, r: PreparedName) -> bool:
    """The same letters run together ("Kimjongun" / "Kim Jong Un"); not between two Korean names
    whose syllables are cut differently (Rim Yong Su / Ri Myong Su run together alike)."""
    if not q.joined or q.joined != r.joined:
        return False
    return q.korean_surname is None or r.korean_surname is None


def _other_family(q: PreparedName, i: int, rk: str, rt: str) -> bool:
    """Whether query word i and a candidate word are two different Korean (or Chinese) family
    names, which the syllable key keeps apart: Kim/Rim, Pak/Paek, Jang/Jong are two families."""
    if q.kind != "person" or not q.sinitic:
        return False
    qk = q.keys[i]
    if qk == rk or qk not in KOREAN_SURNAMES or rk not in KOREAN_SURNAMES:
        return False
    return is_syllable(q.tokens[i]) and is_syllable(rt)


def _other_sound(q: PreparedName, i: int, rt: str) -> bool:
    """Whether query word i is a syllable read from Hangul or Chinese characters and the
    candidate word another romanised syllable: another sound, not a misspelling of it. By letters
    the two are often one edit apart (云 "yun" ~ Tun, 亮 "ryang" ~ Ryan: 0.67, 0.8), which a word of
    an alphabetic name may well be; a syllable read from a character is that syllable under the
    folding of `syllable_key` (Jong/Chong/Jeong) or a different one. (Names typed in Latin
    letters keep their typo credit: one list entry's own names differ by such letters, OFAC
    26927 "HUANG, Wan Ken" and "HUANG, Wang Ken", and so do typed names, Hang for Hwang.)"""
    if q.kind != "person" or not written_in_characters(q.original):
        return False
    qt = q.tokens[i]
    return is_syllable(qt) and is_syllable(rt) and syllable_key(qt) != syllable_key(rt)


@lru_cache(maxsize=100_000)
def written_in_characters(original: str) -> bool:
    """Whether a name is written in Hangul or Chinese characters (马云, read "ma yun")."""
    return not original.isascii() and any(is_hangul(c) or is_han(c) for c in original)


def _symbols_lift(q: PreparedName, i: int, r: PreparedName, j: int, spelling: float, params: NameParams) -> bool:
    """Whether a shared name symbol makes two words spelled apart the same name (`symbol_score`)."""
    if not 0.0 <= spelling < params.symbol_score:
        return False
    q_symbols, r_symbols = q.symbols[i], r.symbols[j]
    if not q_symbols or not r_symbols or q_symbols.isdisjoint(r_symbols):
        return False
    return _symbols_trusted(q, i, r, r_symbols)


def _symbols_trusted(q: PreparedName, i: int, r: PreparedName, r_symbols: frozenset[str]) -> bool:
    # Wikidata name groups are broad (Chang and Cho share one); trust them only across
    # scripts or for non-East-Asian names, where no spelling rule can help.
    strong = any(not s.startswith("[NAME:") for s in q.symbols[i] & r_symbols)
    return strong or q.cross_script or r.cross_script or not (q.sinitic and r.sinitic)


@dataclass(slots=True)
class _QueryMemo:
    """What one query name has learnt about candidate words so far (see `_similarities`).

    A query meets the same candidate words again and again (aliases of one entry, the same
    entity on four lists, "korea", "trading"): each word is compared with the query's words
    once, then looked up.
    """

    params: NameParams
    words: dict[tuple[str, str], tuple[tuple[tuple[int, float], ...], tuple[float, ...]]]
    sharing: dict[frozenset[str], tuple[int, ...]]  # candidate symbols -> query words sharing one
    symbolic: bool  # whether any query word has symbols at all
    # (word, its symbols, the candidate name's cross_script and sinitic) -> the word's hits as lifted
    # by shared symbols (`_lift`): all that the lift depends on besides the query name.
    lifted: dict[tuple, list[tuple[int, float]]] = field(default_factory=dict)


def _memo(q: PreparedName, params: NameParams) -> _QueryMemo:
    memo = q.memo
    if memo is None or memo.params is not params:
        memo = q.memo = _QueryMemo(params, {}, {}, any(q.symbols))
    return memo


def _word_hits(q: PreparedName, rk: str, rt: str, r_number: bool, params: NameParams):
    """A candidate word against every query word: the (i, similarity) pairs above zero by
    spelling, and the spelling similarity of each query word (-1 for numbers)."""
    spellings = tuple([1.0 if qk == rk else _word_spelling(q, i, rk, rt, r_number, params)
                       for i, qk in enumerate(q.keys)])
    return tuple([(i, s) for i, s in enumerate(spellings) if s > 0]), spellings


def _similarities(q: PreparedName, r: PreparedName, params: NameParams) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of every pair of words that are alike at all: the hot loop of screening.

    Word j of the candidate is looked up once, not compared with each query word in turn;
    only a candidate word whose symbols some query word shares needs a second look.
    """
    memo = _memo(q, params)
    words, sharing = memo.words, memo.sharing
    sims = []
    r_numbers, r_symbols = r.numbers, r.symbols
    for j, word in enumerate(zip(r.keys, r.tokens)):
        found = words.get(word)
        if found is None:
            found = words[word] = _word_hits(q, word[0], word[1], word[1] in r_numbers, params)
        hits = found[0]
        symbols = r_symbols[j]
        if symbols and memo.symbolic:
            shared = sharing.get(symbols)
            if shared is None:
                shared = sharing[symbols] = tuple(
                    i for i, mine in enumerate(q.symbols) if mine and not mine.isdisjoint(symbols))
            if shared:
                lift_key = (word, symbols, r.cross_script, r.sinitic)
                lifted = memo.lifted.get(lift_key)
                if lifted is None:
                    lifted = memo.lifted[lift_key] = _lift(q, r, symbols, found, shared, params, word[0], word[1])
                hits = lifted
        for i, s in hits:
            sims.append((s, i, j))
    return sims


def _lift(q: PreparedName, r: PreparedName, symbols: frozenset[str], found, shared: tuple[int, ...],
          params: NameParams, rk: str = "", rt: str = "") -> list[tuple[int, float]]:
    """The hits of a candidate word with the query words it shares a trusted symbol with raised
    to `symbol_score` (unless their spelling already says more, or they are numbers, or they
    are two Korean family names)."""
    hits = dict(found[0])
    spellings = found[1]
    for i in shared:
        if _other_family(q, i, rk, rt):
            continue
        if 0.0 <= spellings[i] < params.symbol_score and _symbols_trusted(q, i, r, symbols):
            hits[i] = params.symbol_score
    return list(hits.items())


def _merge_runs(short: PreparedName, long: PreparedName) -> PreparedName:
    """Join adjacent words of `long` that `short` writes as one word ("chon ma san" -> "chonmasan")."""
    runs = long.runs if long.runs or len(long.keys) < 2 else adjacent_runs(long.keys)
    if runs.isdisjoint(short.keys):
        return long  # the usual case, known without building anything
    keys = list(long.keys)
    short_keys = set(short.keys)
    i = 0
    merged_keys, merged_tokens, merged_weak, merged_symbols = [], [], [], []
    while i < len(keys):
        for width in (3, 2):
            run = "".join(keys[i : i + width])
            if i + width <= len(keys) and run in short_keys:
                merged_keys.append(run)
                merged_tokens.append("".join(long.tokens[i : i + width]))
                merged_weak.append(False)
                merged_symbols.append(frozenset())
                i += width
                break
        else:
            merged_keys.append(keys[i])
            merged_tokens.append(long.tokens[i])
            merged_weak.append(long.weak[i])
            merged_symbols.append(long.symbols[i])
            i += 1
    if len(merged_keys) == len(keys):
        return long
    # New words: none of the name's postings, runs or remembered comparisons hold for them.
    return replace(long, tokens=tuple(merged_tokens), keys=tuple(merged_keys), weak=tuple(merged_weak),
                   symbols=tuple(merged_symbols), korean_surname=None, postings=frozenset(),
                   runs=frozenset(), memo=None)


def _token_alignment(q: PreparedName, r: PreparedName, params: NameParams) -> NameMatch:
    q = _merge_runs(r, q)
    r = _merge_runs(q, r)
    sims = _similarities(q, r, params)
    sims.sort(reverse=True)
    weak = params.weak_weight
    # (Most names hold no legal form nor particle: all their weights are 1.)
    q_weights = [weak if w else 1.0 for w in q.weak] if True in q.weak else [1.0] * len(q.weak)
    if q.korean_surname is not None and r.korean_surname is None:
        # A Korean family name the candidate does not give ("Rim Yong Chol" / the alias
        # "Young-Chul") weighs as a family name: the given name alone does not alert.
        q_weights[q.korean_surname] = params.korean_family_weight
    r_weights = [weak if w else 1.0 for w in r.weak] if True in r.weak else [1.0] * len(r.weak)
    partner_q: list[int | None] = [None] * len(q_weights)
    partner_r: list[int | None] = [None] * len(r_weights)
    matched: list[tuple[int, int, float]] = []
    num = den = 0.0
    free = min(len(q_weights), len(r_weights))
    q_family, r_family = q.korean_surname, r.korean_surname
    for s, i, j in sims:
        if partner_q[i] is not None or partner_r[j] is not None:
            continue
        if s < params.family_floor and (i == q_family or j == r_family) and _another_syllable(q.tokens[i], r.tokens[j]):
            continue  # a family name is not a far spelling of some other syllable (Hong ~ Sheng)
        partner_q[i], partner_r[j] = j, i
        matched.append((i, j, s))
        weight = q_weights[i] + r_weights[j]
        num += s * weight
        den += weight
        free -= 1
        if not free:
            break  # one side has no word left to pair
    if len(matched) < len(q_weights) or len(matched) < len(r_weights):
        den += _unpaired_cost(q_weights, partner_q, r_weights, partner_r, params, r)
    score = num / den if den else 0.0
    if q.kind == "org" and _only_generic_words_paired(q, r, partner_q, matched, params):
        score *= 1 - params.generic_only_penalty
    if params.reorder_penalty and not _in_order([(i, j) for i, j, _ in matched]):
        score *= 1 - params.reorder_penalty

    def pairs() -> Pairs:
        found = [(q.tokens[i], r.tokens[j], s) for i, j, s in matched]
        found.extend((t, "", 0.0) for t, p in zip(q.tokens, partner_q) if p is None)
        found.extend(("", t, 0.0) for t, p in zip(r.tokens, partner_r) if p is None)
        return found

    return NameMatch(score, q.original, r.original, "tokens", pairs)


def _another_syllable(a: str, b: str) -> bool:
    """Two well-formed romanised syllables with different keys: two sounds, not one misspelt."""
    return is_syllable(a) and is_syllable(b) and syllable_key(a) != syllable_key(b)


def _only_generic_words_paired(q: PreparedName, r: PreparedName, partner_q: list,
                               matched: list[tuple[int, int, float]], params: NameParams) -> bool:
    """Whether an organisation's name found a partner only for its generic words ("korea",
    "bank", "technology") while no distinctive word of it (the body's own name) found one, or
    only a word that is other syllables and alike in few letters (Huawei ~ Hubei, hua wei / hu
    bei): another name, not a misspelling. (Amnokkang ~ Amroggang are the same syllables.)"""
    distinctive = [i for i, k in enumerate(q.keys) if not q.weak[i] and k not in GENERIC_ORG_WORDS]
    if not distinctive:
        return False
    close = {i for i, j, s in matched
             if s >= params.distinctive_floor or not other_syllables(q.tokens[i], r.tokens[j])}
    return all(i not in close for i in distinctive)


def _unpaired_cost(q_weights: list[float], partner_q: list, r_weights: list[float], partner_r: list,
                   params: NameParams, r: PreparedName | None = None) -> float:
    """What the words left without a partner add to the denominator of the alignment score."""
    missing_q = [w for w, p in zip(q_weights, partner_q) if p is None]
    if len(missing_q) > 1:
        missing_q.sort(reverse=True)
    # Only the weights of the words left over count, heaviest first; the generic ones of an org
    # name go last, so that the substitutions take the candidate's own words.
    if r is not None and r.kind == "org":
        keys = r.keys
        extra_r = [w for w, p, k in zip(r_weights, partner_r, keys) if p is None and k not in GENERIC_ORG_WORDS]
        generic = [w for w, p, k in zip(r_weights, partner_r, keys) if p is None and k in GENERIC_ORG_WORDS]
        extra_r.sort(reverse=True)
        if generic:
            generic.sort(reverse=True)
            extra_r += generic
        extra_generic = len(generic)
    else:
        extra_r = [w for w, p in zip(r_weights, partner_r) if p is None]
        extra_r.sort(reverse=True)
        extra_generic = 0
    # A query word and a candidate word both left over read as one word replaced by another,
    # unless the candidate's is a generic word of org names (a country, a kind of body: "korea",
    # "trading"), which the lists add or drop by habit (조선 is often left out of 조선단군무역총회사).
    substitutions = min(len(missing_q), len(extra_r) - extra_generic)
    cost = 0.0
    for k in range(substitutions):
        cost += params.substitution_weight * (missing_q[k] + extra_r[k])
    for w in missing_q[substitutions:]:
        cost += 2 * params.missing_query_weight * w
    for w in extra_r[substitutions:]:
        cost += 2 * params.extra_result_weight * w
    return cost


def _in_order(matched: list[tuple[int, int]]) -> bool:
    """Whether paired words keep their order, allowing one rotation ("Kim Jong Un" / "Jong Un Kim")."""
    order = [j for _, j in sorted(matched)]
    if len(order) < 2:
        return True
    breaks = sum(1 for a, b in zip(order, order[1:]) if b < a)
    return breaks == 0 or (breaks == 1 and order[-1] < order[0])


def _given_unit_similarity(q: PreparedName, r: PreparedName, params: NameParams) -> float:
    qg, rg = q.given_key, r.given_key
    if not qg or not rg:
        return 0.0
    if qg == rg:
        return 1.0
    q_given = [s for i, s in enumerate(q.symbols) if i != q.korean_surname]
    r_given = [s for i, s in enumerate(r.symbols) if i != r.korean_surname]
    shared = frozenset.intersection(*q_given) & frozenset.intersection(*r_given) if q_given and r_given else frozenset()
    if shared and (q.cross_script or r.cross_script) and len(q_given) > 1:
        return params.korean_group_score
    q_syl = [t for i, t in enumerate(q.tokens) if i != q.korean_surname]
    r_syl = [t for i, t in enumerate(r.tokens) if i != r.korean_surname]
    if len(q_syl) == len(r_syl):
        for a, b in zip(q_syl, r_syl):
            # Two different well-formed syllables are two different names (Chol Sam / Chol Nam);
            # only a malformed one (Jomg) can be a typo of the other.
            if syllable_key(a) != syllable_key(b) and is_syllable(a) and is_syllable(b):
                return 0.0
    q_plain = "".join(t for i, t in enumerate(q.tokens) if i != q.korean_surname)
    r_plain = "".join(t for i, t in enumerate(r.tokens) if i != r.korean_surname)
    sim = max(Levenshtein.normalized_similarity(qg, rg), Levenshtein.normalized_similarity(q_plain, r_plain))
    if sim < params.korean_given_floor:
        return 0.0
    return sim * sim


def _with_surname(name: PreparedName, index: int) -> PreparedName:
    if name.korean_surname == index:
        return name
    return replace(name, korean_surname=index, memo=None)


def _surname_choices(name: PreparedName) -> list[PreparedName]:
    ends = {0, len(name.keys) - 1}
    return [_with_surname(name, i) for i in sorted(ends) if name.keys[i] in KOREAN_SURNAMES]


def _korean(q: PreparedName, r: PreparedName, params: NameParams) -> NameMatch:
    best = NameMatch(0.0, q.original, r.original, "korean", [])
    for qc in _surname_choices(q):
        for rc in _surname_choices(r):
            s_sur = token_similarity(qc, qc.korean_surname, rc, rc.korean_surname, params)
            s_giv = _given_unit_similarity(qc, rc, params)
            total = params.korean_surname_weight + params.korean_given_weight
            if s_sur < 1.0 and qc.keys[qc.korean_surname] != rc.keys[rc.korean_surname]:
                # Two family names that the folding keeps apart (Kim/Rim, Pak/Paek, Ri/Rim) are two
                # families: no spelling credit for the family name, and the given name alone
                # cannot reach the alarm line (2/3 x 0.85 = 0.57 at most).
                s_sur = 0.0
                score = params.korean_given_weight * s_giv / total * params.korean_other_family
            else:
                score = (params.korean_surname_weight * s_sur + params.korean_given_weight * s_giv) / total
            if score > best.score:
                q_given = " ".join(t for i, t in enumerate(qc.tokens) if i != qc.korean_surname)
                r_given = " ".join(t for i, t in enumerate(rc.tokens) if i != rc.korean_surname)
                pairs = [
                    (qc.tokens[qc.korean_surname], rc.tokens[rc.korean_surname], s_sur),
                    (q_given, r_given, s_giv),
                ]
                best = NameMatch(score, q.original, r.original, "korean", pairs)
    return best


JOINED_MIN_LENGTH = 12  # a single word this long may be a whole name written without spaces
JOINED_FLOOR = 0.9  # ... and is that name when its letters are this alike (one typo in ten)


def _joined_match(q: PreparedName, r: PreparedName, params: NameParams) -> NameMatch | None:
    """A long name written as one word ("alexandervyacheslavovichzakharov") against the words of
    the other side run together; None when neither side is one long word."""
    if q.kind == "object" or r.kind == "object":
        return None
    if len(q.keys) == 1 and len(r.keys) > 1:
        single, other = q.keys[0], r
    elif len(r.keys) == 1 and len(q.keys) > 1:
        single, other = r.keys[0], q
    else:
        return None
    if len(single) < JOINED_MIN_LENGTH:
        return None
    one = q if other is r else r
    # The one word against the other side's keys run together, and, letters as typed, against
    # its words as written: legal forms spelt out ("jointstockcompany..." for "JSC ...").
    best = max(_normalized_similarity(single, "".join(other.keys)), _normalized_similarity(single, other.joined),
               _normalized_similarity(written_letters(one), written_letters(other)))
    if best < JOINED_FLOOR:
        return None
    match = NameMatch(best, q.original, r.original, "joined", [(q.original, r.original, best)])
    if _digits(q) != _digits(r):  # "...rust95" is "RUST 95": the one word holds the number
        match.score *= 1 - params.number_mismatch
    return match


def _digits(name: PreparedName) -> str:
    return "".join(c for t in name.tokens for c in t if c.isdigit())


def _run_together_korean(name: PreparedName, other: PreparedName) -> bool:
    """Whether `name` is a Korean personal name run together ("gimseong") and `other` a Korean name."""
    return (name.kind == "person" and name.korean_surname is None and other.korean_surname is not None
            and len(name.tokens) <= 2 and bool(korean_name_cuts(name.tokens)))


def _both_run_together(q: PreparedName, r: PreparedName) -> bool:
    """Whether two one-word names, one of them a person's, both read as a Korean personal name
    of two syllables run together, a family name and a one-syllable given name ("gimok",
    "kimo": Kim Ok, Kim O). A person's such name is also compared in its cut form, as a Korean
    name, where the given names decide (Ok and O are two syllables); as one word against one
    word the two are one letter apart and would pass for a misspelling. In so short a name one
    letter is most of the given name; in a longer one ("hannibal", han ni bal) it is not."""
    if len(q.keys) != 1 or len(r.keys) != 1 or "person" not in (q.kind, r.kind) or "object" in (q.kind, r.kind):
        return False
    return _two_syllable_name(q.tokens) and _two_syllable_name(r.tokens)


def _two_syllable_name(tokens: tuple[str, ...]) -> bool:
    cuts = korean_name_cuts(tokens)
    return bool(cuts) and all(len(cut) == 2 for cut in cuts)


def name_similarity(q: PreparedName, r: PreparedName, params: NameParams = DEFAULT_PARAMS) -> NameMatch:
    """Similarity of two prepared names in [0, 1], with the parts that produced it."""
    if q.keys == r.keys or same_joined(q, r):
        return NameMatch(1.0, q.original, r.original, "exact", [(q.original, r.original, 1.0)])
    if q.korean_surname is not None and r.korean_surname is not None:
        match = _korean(q, r, params)
        if match.parts or (_surname_choices(q) and _surname_choices(r)):
            # A zero from the Korean rules (another family, another given name) is the answer:
            # the word-by-word path would credit shared syllables all over again.
            return match
    if _run_together_korean(q, r) or _run_together_korean(r, q) or _both_run_together(q, r):
        # Compared in its cut form instead (another form of the same name): as one word it would
        # take the family name and a given syllable together (gimseong ~ "kim song" of Kim Song
        # Su) and leave the rest of the given name as a cheap extra word.
        return NameMatch(0.0, q.original, r.original, "korean", [])
    joined = _joined_match(q, r, params)
    if joined is not None:
        return joined
    if q.kind == "object" or r.kind == "object":
        sim = _fuzzy(q.joined, r.joined)
        match = NameMatch(sim if sim >= params.fuzzy_floor else 0.0, q.original, r.original, "joined",
                          [(q.joined, r.joined, sim)])
    else:
        match = _token_alignment(q, r, params)
    if q.numbers != r.numbers and (q.numbers or r.numbers):
        match.score *= 1 - params.number_mismatch
    return match
