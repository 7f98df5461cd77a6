"""An upper bound on the screening score of many candidates at once, so most are never scored.

`score_profiles` costs about 30 µs a candidate; a query like "Kim Chol Ho" retrieves hundreds of
candidates that share one common word and cannot reach the threshold. `ScoreBounds.of` bounds
the score of every candidate of a pool with a few numpy and rapidfuzz calls over arrays built
once per index: the screener scores only the candidates whose bound reaches what matters (the
threshold, or the k-th best result so far). A bound that is ever below the true score would lose
alerts silently, so the argument is written out below and tests/screening/test_bound.py checks
it on thousands of real query/candidate pairs.

Why it is an upper bound (the name model of `names.py` and the feature table of `score.py`):

1. score = clamp(main + qualifiers), main = max(name x 1.0, weak alias x 0.8, acronym x 0.85,
   identifier x 0.98); qualifiers add at most the sum of the positive qualifier weights, and only
   when the query gives a date or a country. So score <= min(1, main bound + that sum).
   A query with an identifier is not bounded (1.0); the acronym feature needs the candidate to
   hold the query's "a:" key, so only candidates posted under it get 0.85.
2. The name feature is the best `name_similarity` over pairs of query and candidate names (the
   screener may drop candidate names that share no key; a max over fewer pairs is not larger).
   Pairs that may take a path other than the word-by-word alignment are bounded by 1.0: both
   names Korean (the family + given-name rule), a vessel name, a name that is one long word
   against several (the joined rule), equal joined letters, and any pair where `_merge_runs`
   would join adjacent words (a candidate key equal to two or three query keys run together,
   or the other way round). Exact keys need no exception: every word pairs, the bound is 1.
   (The joined rule's letters as written run only when one side is one long word, so inside
   that exception; a run-together Korean name against a Korean one, and two one-word
   two-syllable Korean names against each other, score 0, below any bound.)
3. The alignment scores num / den with num = sum over pairs of s x (wq + wr), s <= 1, and
   den = sum over pairs of (wq + wr) + cost(unpaired query words U', unpaired candidate words V').
   A word can be paired only if its similarity with the partner is above 0, which needs equal
   keys or tokens, a Levenshtein similarity of keys or tokens >= fuzzy_floor^(1/fuzzy_power), an
   initial (a one-letter person word against a word with that first letter), or a shared name
   symbol: `_pairable` tests exactly these (a superset of the real pairings: it ignores the
   family-name, family_floor and trusted-symbol exceptions, and that a syllable read from Hangul
   or characters pairs only with its own spellings: they only remove pairs). So the words it finds
   unpairable (U, V) are unpaired in the alignment: U' >= U, V' >= V.
4. cost only grows when an unpaired word is added (each word costs 2 x missing (or extra) weight
   x w alone, substitution_weight x w when it is paired off as a substitution, which is more, and
   adding a word at most moves another word from the one to the other), and
   cost(U, V) >= 2 mq sum(U) + 2 er sum(V) + s x ((sw - 2 mq) min(U) + (sw - 2 er) min(V*)),
   s = min(|U|, |V*|) substitutions, V* the words of V that are not generic words of an org
   name: `_unpaired_cost` never takes a generic word left over ("bank", "korea") as a
   substitution, so it costs 2 x er x w whatever else is unpaired (and adding one adds just
   that). With X = weight of the paired words <= weight of the pairable
   words (Wq + Wr): score <= X / (X + cost) <= (Wq + Wr) / (Wq + Wr + that lower bound).
   Number mismatches, the generic-words and reorder penalties only multiply by <= 1.
If the parameters break the premise of 4 (a substitution cheaper than a missing word), every
bound is 1.0 and nothing is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from maxpressure.screening.names import JOINED_MIN_LENGTH, NameParams
from maxpressure.screening.normalize import GENERIC_ORG_WORDS, PreparedName
from maxpressure.screening.profile import Profile
from maxpressure.screening.score import FEATURES

_EPS = 1e-9  # float slack: a bound equal to the score must not fall below it by rounding


@dataclass
class ScoreBounds:
    """The words and names of every candidate of an index, as arrays (see the module docstring)."""

    cand_names: np.ndarray  # candidate -> offset of its first name in the name arrays (len + 1)
    name_weak_alias: np.ndarray  # name -> a weak alias (scored at 0.8)
    name_words: np.ndarray  # name -> offset of its first word in `words` (len + 1)
    name_free: np.ndarray  # name -> may take a path other than the alignment alone (Korean, vessel)
    name_korean: np.ndarray
    name_nkeys: np.ndarray
    name_long_single: np.ndarray  # one key of JOINED_MIN_LENGTH letters or more
    name_joined: np.ndarray  # name -> id of its joined letters
    words: np.ndarray  # word occurrences: vocabulary ids
    word_weak: np.ndarray  # word occurrence -> a legal form or particle
    word_generic: np.ndarray  # word occurrence -> a generic word of an org name (no substitution)
    vocab_keys: np.ndarray  # of str objects: fancy indexing then tolist() is what cdist takes fastest
    vocab_tokens: np.ndarray
    vocab_first: np.ndarray  # first letter of the token (as a code point)
    vocab_single: np.ndarray  # a one-letter token
    key_names: dict[str, np.ndarray]  # word key -> names that hold a word with that key
    symbol_vocab: dict[str, np.ndarray]  # symbol -> vocabulary ids that carry it
    joined_ids: dict[str, int]
    run_names: dict[str, np.ndarray]  # adjacent keys run together -> names that have that run

    @classmethod
    def build(cls, candidates) -> "ScoreBounds":
        vocab: dict[tuple[str, str, frozenset], int] = {}
        joined_ids: dict[str, int] = {}
        runs: dict[str, list[int]] = {}
        key_names: dict[str, list[int]] = {}
        cand_names = [0]
        name_rows: list[tuple] = []
        name_words = [0]
        words: list[int] = []
        word_weak: list[bool] = []
        word_generic: list[bool] = []
        for cand in candidates:
            for weak_alias, names in ((False, cand.profile.names), (True, cand.profile.weak_names)):
                for name in names:
                    for key, token, weak, symbols in zip(name.keys, name.tokens, name.weak, name.symbols):
                        words.append(vocab.setdefault((key, token, symbols), len(vocab)))
                        word_weak.append(weak)
                        word_generic.append(name.kind == "org" and key in GENERIC_ORG_WORDS)
                    name_words.append(len(words))
                    for run in _runs(name):
                        runs.setdefault(run, []).append(len(name_rows))
                    for key in set(name.keys):
                        key_names.setdefault(key, []).append(len(name_rows))
                    name_rows.append((weak_alias, name.kind == "object", name.korean_surname is not None,
                                      len(name.keys), len(name.keys) == 1 and len(name.keys[0]) >= JOINED_MIN_LENGTH,
                                      joined_ids.setdefault(name.joined, len(joined_ids))))
            cand_names.append(len(name_rows))
        columns = list(zip(*name_rows)) if name_rows else [()] * 6
        keys = [k for k, _, _ in vocab]
        tokens = [t for _, t, _ in vocab]
        symbol_ids: dict[str, list[int]] = {}
        for v, (_, _, symbols) in enumerate(vocab):
            for symbol in symbols:
                symbol_ids.setdefault(symbol, []).append(v)
        as_ids = lambda d: {k: np.array(v, dtype=np.int32) for k, v in d.items()}  # noqa: E731
        return cls(
            cand_names=np.array(cand_names, dtype=np.int64),
            name_weak_alias=np.array(columns[0], dtype=bool),
            name_words=np.array(name_words, dtype=np.int64),
            name_free=np.array(columns[1], dtype=bool),
            name_korean=np.array(columns[2], dtype=bool),
            name_nkeys=np.array(columns[3], dtype=np.int32),
            name_long_single=np.array(columns[4], dtype=bool),
            name_joined=np.array(columns[5], dtype=np.int64),
            words=np.array(words, dtype=np.int32),
            word_weak=np.array(word_weak, dtype=bool),
            word_generic=np.array(word_generic, dtype=bool),
            vocab_keys=np.array(keys, dtype=object),
            vocab_tokens=np.array(tokens, dtype=object),
            vocab_first=np.array([ord(t[0]) if t else 0 for t in tokens], dtype=np.int64),
            vocab_single=np.array([len(t) == 1 for t in tokens], dtype=bool),
            key_names=as_ids(key_names),
            symbol_vocab=as_ids(symbol_ids),
            joined_ids=joined_ids,
            run_names=as_ids(runs),
        )

    def of(self, query: Profile, cands: np.ndarray, params: NameParams, acronym: np.ndarray | None = None) -> np.ndarray:
        """An upper bound on `score_profiles(query, candidate)` for each candidate number in `cands`
        (also for any narrowing of the candidate's names). `acronym`: which of them hold the
        query's acronym key."""
        if (query.identifiers or not query.names or len(cands) == 0
                or params.substitution_weight < 2 * max(params.missing_query_weight, params.extra_result_weight)):
            return np.ones(len(cands))
        starts, ends = self.cand_names[cands], self.cand_names[cands + 1]
        counts = ends - starts
        names = _ranges(starts, counts)
        owner = np.repeat(np.arange(len(cands)), counts)
        best = np.zeros(len(names))
        if len(names):
            w_starts = self.name_words[names]
            w_counts = self.name_words[names + 1] - w_starts
            occ = _ranges(w_starts, w_counts)
            uniq, inverse = np.unique(self.words[occ], return_inverse=True)
            seg = np.cumsum(w_counts) - w_counts
            r_weights = np.where(self.word_weak[occ], params.weak_weight, 1.0)
            r_generic = self.word_generic[occ]
            for qn in query.names:
                best = np.maximum(best, self._name_bound(qn, names, uniq, inverse, seg, r_weights, r_generic, params))
        weight = np.where(self.name_weak_alias[names], FEATURES["weak_alias_match"].weight, FEATURES["name_match"].weight)
        main = np.zeros(len(cands))
        np.maximum.at(main, owner, best * weight)
        main[counts == 0] = 1.0  # nothing to bound a nameless entry by
        if acronym is not None:
            main = np.where(acronym, np.maximum(main, FEATURES["acronym_match"].weight), main)
        if query.dates or query.countries:
            main = main + sum(f.weight for f in FEATURES.values() if not f.main and f.weight > 0)
        return np.minimum(1.0, main + _EPS)

    def _name_bound(self, qn: PreparedName, names: np.ndarray, uniq: np.ndarray, inverse: np.ndarray,
                    seg: np.ndarray, r_weights: np.ndarray, r_generic: np.ndarray, params: NameParams) -> np.ndarray:
        """The bound of step 3-4 of the module docstring for one query name against `names`."""
        similar = self._similarity(qn, uniq, params)[:, inverse]  # query word x candidate word occurrence
        pairable = similar > 0
        r_pairable = pairable.any(axis=0)
        r_best = similar.max(axis=0)
        q_best = np.maximum.reduceat(similar, seg, axis=1)  # query word x name
        q_pairable = q_best > 0
        q_weights = np.array([params.weak_weight if w else 1.0 for w in qn.weak])
        if qn.korean_surname is not None:  # against a non-Korean name (a Korean one is bounded by 1)
            q_weights[qn.korean_surname] = params.korean_family_weight
        wq = q_weights @ q_best
        sum_u = q_weights @ ~q_pairable
        n_u = (~q_pairable).sum(axis=0)
        min_u = np.where(~q_pairable, q_weights[:, None], np.inf).min(axis=0)
        wr = np.add.reduceat(r_weights * r_best, seg)
        sum_v = np.add.reduceat(r_weights * ~r_pairable, seg)
        # A generic org word left over is no substitution (`_unpaired_cost`): only the others count.
        substitutable = ~r_pairable & ~r_generic
        n_v = np.add.reduceat(substitutable.astype(np.int64), seg)
        min_v = np.minimum.reduceat(np.where(substitutable, r_weights, np.inf), seg)
        subs = np.minimum(n_u, n_v)
        extra = np.where(subs > 0, subs * ((params.substitution_weight - 2 * params.missing_query_weight) * np.where(n_u > 0, min_u, 0)
                                           + (params.substitution_weight - 2 * params.extra_result_weight) * np.where(n_v > 0, min_v, 0)), 0.0)
        cost = 2 * params.missing_query_weight * sum_u + 2 * params.extra_result_weight * sum_v + extra
        paired = wq + wr
        with np.errstate(invalid="ignore", divide="ignore"):
            bound = np.where(paired + cost > 0, paired / (paired + cost), 0.0)
        distinctive = [i for i, k in enumerate(qn.keys) if not qn.weak[i] and k not in GENERIC_ORG_WORDS]
        if qn.kind == "org" and distinctive:
            only_generic = ~q_pairable[distinctive].any(axis=0)
            bound = np.where(only_generic, bound * (1 - params.generic_only_penalty), bound)
        return np.where(self._other_paths(qn, names), 1.0, bound)

    def _similarity(self, qn: PreparedName, uniq: np.ndarray, params: NameParams) -> np.ndarray:
        """Query word x vocabulary word: at least the similarity the alignment may give the pair,
        0 where it cannot pair them (step 3)."""
        floor = params.fuzzy_floor ** (1.0 / params.fuzzy_power) - _EPS
        keys = self.vocab_keys[uniq].tolist()
        tokens = self.vocab_tokens[uniq].tolist()
        # No score_cutoff: rapidfuzz 3.14 drops similarities equal to it (0.6 for "col"/"coltd").
        found = np.maximum(cdist(list(qn.keys), keys, scorer=Levenshtein.normalized_similarity, dtype=np.float64),
                           cdist(list(qn.tokens), tokens, scorer=Levenshtein.normalized_similarity, dtype=np.float64))
        found = np.where(found >= floor, np.minimum(1.0, found ** params.fuzzy_power + _EPS), 0.0)
        if qn.kind == "person":
            first = self.vocab_first[uniq]
            single = self.vocab_single[uniq]
            for i, token in enumerate(qn.tokens):
                if token:
                    initial = (first == ord(token[0])) & (single | (len(token) == 1))
                    found[i] = np.where(initial, np.maximum(found[i], params.initial_score), found[i])
        for i, symbols in enumerate(qn.symbols):
            carriers = [self.symbol_vocab[s] for s in symbols if s in self.symbol_vocab]
            if carriers:
                marked = np.zeros(len(self.vocab_keys), dtype=bool)
                for ids in carriers:
                    marked[ids] = True
                found[i] = np.where(marked[uniq], np.maximum(found[i], params.symbol_score), found[i])
        return found

    def _other_paths(self, qn: PreparedName, names: np.ndarray) -> np.ndarray:
        """Names that may be scored by another path than the alignment of step 3, or whose words
        `_merge_runs` would join (step 2): bounded by 1."""
        other = self.name_free[names] | (qn.kind == "object")
        if qn.korean_surname is not None:
            other |= self.name_korean[names]
        if len(qn.keys) == 1 and len(qn.keys[0]) >= JOINED_MIN_LENGTH:
            other |= self.name_nkeys[names] > 1
        elif len(qn.keys) > 1:
            other |= self.name_long_single[names]
        joined = self.joined_ids.get(qn.joined)
        if joined is not None:
            other |= self.name_joined[names] == joined
        merging = [self.run_names[k] for k in qn.keys if k in self.run_names]
        merging += [self.key_names[k] for k in _runs(qn) if k in self.key_names]
        if merging:
            other |= np.isin(names, np.concatenate(merging))
        return other


def _runs(name: PreparedName) -> frozenset[str]:
    from maxpressure.screening.normalize import adjacent_runs

    if name.runs or len(name.keys) < 2:
        return name.runs
    return adjacent_runs(name.keys)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenated ranges starts[k] .. starts[k] + counts[k]."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return shift + np.arange(total)
