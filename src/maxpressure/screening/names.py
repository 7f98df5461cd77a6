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

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from maxpressure.screening.korean import is_syllable, syllable_key
from maxpressure.screening.normalize import PreparedName, adjacent_runs


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
    number_mismatch: float = 0.3  # names whose numbers differ ("Trust 2004-1" / "2004-2")
    fuzzy_power: float = 1.0  # typo similarity is raised to this power: >1 punishes near-misses
    substitution_weight: float = 2.0  # a query word AND a candidate word left unpaired: a different word
    reorder_penalty: float = 0.0  # words paired out of order, other than a rotation (surname first)


DEFAULT_PARAMS = NameParams()


@dataclass(slots=True)
class NameMatch:
    score: float
    query: str
    candidate: str
    method: str  # exact | korean | tokens | joined
    pairs: list[tuple[str, str, float]]  # (query part, candidate part, similarity)

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


@lru_cache(maxsize=500_000)
def _spelling(qk: str, rk: str, qt: str, rt: str) -> float:
    """How alike two words are written: by their keys or as written, whichever is closer.

    Memoised on the four strings: the same words ("kim", "trading", "company") meet again and
    again across queries and candidates.
    """
    return max(_fuzzy(qk, rk), _fuzzy(qt, rt))


def token_similarity(q: PreparedName, i: int, r: PreparedName, j: int, params: NameParams = DEFAULT_PARAMS) -> float:
    qk, rk = q.keys[i], r.keys[j]
    if qk == rk:
        return 1.0
    rt = r.tokens[j]
    return _word_similarity(q, i, rk, rt, r.symbols[j], rt in r.numbers, r.cross_script, r.sinitic, params)


def _word_similarity(q: PreparedName, i: int, rk: str, rt: str, r_symbols: frozenset[str], r_number: bool,
                     r_cross_script: bool, r_sinitic: bool, params: NameParams) -> float:
    """`token_similarity` of query word i and a candidate word (its key, token, symbols, flags)."""
    qk, qt = q.keys[i], q.tokens[i]
    if qk == rk:
        return 1.0
    if r_number or qt in q.numbers:
        return 0.0  # numbers match exactly or not at all
    best = _spelling(qk, rk, qt, rt)
    if params.fuzzy_power != 1.0:
        best = best ** params.fuzzy_power
    q_symbols = q.symbols[i]
    shared = q_symbols & r_symbols if q_symbols and r_symbols and best < params.symbol_score else None
    if shared:
        # Wikidata name groups are broad (Chang and Cho share one); trust them only across
        # scripts or for non-East-Asian names, where no spelling rule can help.
        strong = any(not s.startswith("[NAME:") for s in shared)
        if strong or q.cross_script or r_cross_script or not (q.sinitic and r_sinitic):
            best = params.symbol_score
    if best < params.fuzzy_floor:
        best = 0.0
    if q.kind == "person" and (len(qt) == 1 or len(rt) == 1) and qt[0] == rt[0]:
        best = max(best, params.initial_score)
    return best


def _similarities(q: PreparedName, r: PreparedName, params: NameParams) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of every pair of words that are alike at all: `token_similarity`, unrolled.

    The hot loop of screening: equal keys, numbers and plainly different words (spelled apart,
    no shared symbol, no initial) are settled inline; only the rest pay for a call.
    """
    sims = []
    r_keys, r_tokens, r_numbers, r_symbols = r.keys, r.tokens, r.numbers, r.symbols
    r_cross, r_sinitic = r.cross_script, r.sinitic
    floor = params.fuzzy_floor if params.fuzzy_power >= 1.0 else 0.0  # power < 1 can lift a word over it
    person = q.kind == "person"
    for i, (qk, qt) in enumerate(zip(q.keys, q.tokens)):
        q_number = qt in q.numbers
        q_symbols = q.symbols[i]
        q_initial = person and len(qt) == 1
        for j, rk in enumerate(r_keys):
            if qk == rk:
                sims.append((1.0, i, j))
                continue
            rt = r_tokens[j]
            if q_number or rt in r_numbers:
                continue  # numbers match exactly or not at all
            if (
                _spelling(qk, rk, qt, rt) < floor
                and (not q_symbols or q_symbols.isdisjoint(r_symbols[j]))
                and not (q_initial or (person and len(rt) == 1))
            ):
                continue
            s = _word_similarity(q, i, rk, rt, r_symbols[j], False, r_cross, r_sinitic, params)
            if s > 0:
                sims.append((s, i, j))
    return sims


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
    return PreparedName(
        original=long.original,
        kind=long.kind,
        tokens=tuple(merged_tokens),
        keys=tuple(merged_keys),
        weak=tuple(merged_weak),
        symbols=tuple(merged_symbols),
        cross_script=long.cross_script,
        sinitic=long.sinitic,
        korean_surname=None,
        joined=long.joined,
        numbers=long.numbers,
    )


def _token_alignment(q: PreparedName, r: PreparedName, params: NameParams) -> NameMatch:
    q = _merge_runs(r, q)
    r = _merge_runs(q, r)
    sims = _similarities(q, r, params)
    sims.sort(reverse=True)
    weak = params.weak_weight
    q_weights = [weak if w else 1.0 for w in q.weak]
    r_weights = [weak if w else 1.0 for w in r.weak]
    partner_q: list[int | None] = [None] * len(q_weights)
    partner_r: list[int | None] = [None] * len(r_weights)
    matched: list[tuple[int, int]] = []
    num = den = 0.0
    pairs: list[tuple[str, str, float]] = []
    free = min(len(q_weights), len(r_weights))
    for s, i, j in sims:
        if partner_q[i] is not None or partner_r[j] is not None:
            continue
        partner_q[i], partner_r[j] = j, i
        matched.append((i, j))
        weight = q_weights[i] + r_weights[j]
        num += s * weight
        den += weight
        pairs.append((q.tokens[i], r.tokens[j], s))
        free -= 1
        if not free:
            break  # one side has no word left to pair
    missing_q = sorted((w for w, p in zip(q_weights, partner_q) if p is None), reverse=True)
    extra_r = sorted((w for w, p in zip(r_weights, partner_r) if p is None), reverse=True)
    # A query word and a candidate word both left over read as one word replaced by another.
    substitutions = min(len(missing_q), len(extra_r))
    for k in range(substitutions):
        den += params.substitution_weight * (missing_q[k] + extra_r[k])
    den += sum(2 * params.missing_query_weight * w for w in missing_q[substitutions:])
    den += sum(2 * params.extra_result_weight * w for w in extra_r[substitutions:])
    pairs.extend((t, "", 0.0) for t, p in zip(q.tokens, partner_q) if p is None)
    pairs.extend(("", t, 0.0) for t, p in zip(r.tokens, partner_r) if p is None)
    score = num / den if den else 0.0
    if params.reorder_penalty and not _in_order(matched):
        score *= 1 - params.reorder_penalty
    return NameMatch(score, q.original, r.original, "tokens", pairs)


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
    return PreparedName(
        name.original, name.kind, name.tokens, name.keys, name.weak, name.symbols,
        name.cross_script, name.sinitic, index, name.joined, name.numbers, name.postings, name.runs,
    )


def _surname_choices(name: PreparedName) -> list[PreparedName]:
    from maxpressure.screening.korean import KOREAN_SURNAMES

    ends = {0, len(name.keys) - 1}
    return [_with_surname(name, i) for i in sorted(ends) if name.keys[i] in KOREAN_SURNAMES]


def _korean(q: PreparedName, r: PreparedName, params: NameParams) -> NameMatch:
    best = NameMatch(0.0, q.original, r.original, "korean", [])
    for qc in _surname_choices(q):
        for rc in _surname_choices(r):
            s_sur = token_similarity(qc, qc.korean_surname, rc, rc.korean_surname, params)
            s_giv = _given_unit_similarity(qc, rc, params)
            total = params.korean_surname_weight + params.korean_given_weight
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


def name_similarity(q: PreparedName, r: PreparedName, params: NameParams = DEFAULT_PARAMS) -> NameMatch:
    """Similarity of two prepared names in [0, 1], with the parts that produced it."""
    if q.keys == r.keys or (q.joined and q.joined == r.joined):
        return NameMatch(1.0, q.original, r.original, "exact", [(q.original, r.original, 1.0)])
    if q.korean_surname is not None and r.korean_surname is not None:
        match = _korean(q, r, params)
        if match.pairs:
            return match
    if q.kind == "object" or r.kind == "object":
        sim = _fuzzy(q.joined, r.joined)
        match = NameMatch(sim if sim >= params.fuzzy_floor else 0.0, q.original, r.original, "joined",
                          [(q.joined, r.joined, sim)])
    else:
        match = _token_alignment(q, r, params)
    if q.numbers != r.numbers and (q.numbers or r.numbers):
        match.score *= 1 - params.number_mismatch
    return match
