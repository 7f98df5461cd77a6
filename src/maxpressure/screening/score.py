"""The screening score: ONE table of named features and weights, producing the score and its explanation.

    score = max(main feature value x weight) + sum(qualifier value x weight), clamped to [0, 1]

Main features say "this could be the same entity" (a name, an identifier); qualifiers move the
score up or down on evidence (birth date, nationality). Qualifiers count only when some main
feature scored. The explanation lists every feature that fired with its value, weight and
contribution, so it cannot disagree with the score: both come from `FEATURES` below.

`DEFAULT_THRESHOLD` (0.70) is the alarm line: at or above it a result is a `match`, meaning
"a human should look at this". It is the same number yente uses, so the two can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from maxpressure.screening.names import DEFAULT_PARAMS, NameMatch, NameParams, name_similarity, same_joined
from maxpressure.screening.normalize import PreparedName, acronym
from maxpressure.screening.profile import Profile, profile_of_entities

ALGORITHM = "maxpressure-v1"
DEFAULT_THRESHOLD = 0.70
BIRTH_YEAR_TOLERANCE = 1  # years; lists often disagree by one on the year of birth


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    main: bool
    doc: str


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("name_match", 1.0, True, "Best similarity of any query name with any candidate name."),
        Feature("identifier_match", 0.98, True, "An IMO, passport, national id, SWIFT/BIC or registration number is equal."),
        Feature("weak_alias_match", 0.8, True, "The query matches a name the list itself calls a weak alias."),
        Feature("acronym_match", 0.85, True, "A one-word query equals the initials of an organisation's name."),
        Feature("birth_date_match", 0.10, False, "Same date of birth (to the precision both give)."),
        Feature("birth_year_near", 0.05, False, "Birth years within one year, dates not equal."),
        Feature("birth_date_conflict", -0.30, False, "Both give birth dates and no pair is within one year."),
        Feature("birth_date_full_conflict", -0.40, False,
                "The query gives a full date of birth and every date the list gives is more than a year "
                "away: enough to take an exact name below the alarm line, unless an identifier matches."),
        Feature("nationality_match", 0.05, False, "A nationality or country is shared."),
        Feature("nationality_conflict", -0.15, False, "Both give countries and none is shared."),
        Feature("imo_conflict", -0.50, False, "Vessels with different IMO numbers are different hulls."),
    )
}


@dataclass(slots=True)
class FeatureResult:
    name: str
    value: float
    weight: float
    source: str | NameMatch = ""  # a name match is described only when an explanation is asked for

    @property
    def detail(self) -> str:
        return self.source if isinstance(self.source, str) else self.source.describe()

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    def to_json(self) -> dict:
        return {"value": round(self.value, 4), "weight": self.weight,
                "contribution": round(self.contribution, 4), "detail": self.detail}


@dataclass(slots=True)
class Score:
    score: float
    features: dict[str, FeatureResult] = field(default_factory=dict)
    name_match: NameMatch | None = None

    def explanation(self) -> dict:
        return {name: f.to_json() for name, f in self.features.items()}


def _compatible_names(query_names: list[PreparedName], kind: str) -> list[PreparedName]:
    same = [n for n in query_names if n.kind == kind]
    return same or query_names


def best_name_match(query: list[PreparedName], candidate: list[PreparedName], params: NameParams = DEFAULT_PARAMS) -> NameMatch | None:
    best: NameMatch | None = None
    by_kind: dict[str, list[PreparedName]] = {}
    for r in candidate:
        if r.kind not in by_kind:
            by_kind[r.kind] = _compatible_names(query, r.kind)
    # An alias written the same way settles it: look for one before aligning any other.
    for r in candidate:
        for q in by_kind[r.kind]:
            if q.keys == r.keys or same_joined(q, r):
                return name_similarity(q, r, params)
    for r in candidate:
        for q in by_kind[r.kind]:
            match = name_similarity(q, r, params)
            if best is None or match.score > best.score:
                best = match
                if best.score >= 1.0:
                    return best
    return best


def _years(dates: frozenset[str]) -> set[int]:
    return {int(d[:4]) for d in dates if d[:4].isdigit()}


def _date_features(q: Profile, r: Profile) -> list[FeatureResult]:
    if not q.dates or not r.dates:
        return []
    for qd in q.dates:
        for rd in r.dates:
            common = min(len(qd), len(rd))
            if common >= 4 and qd[:common] == rd[:common]:
                return [FeatureResult("birth_date_match", 1.0, FEATURES["birth_date_match"].weight, f"{qd} = {rd}")]
    q_years, r_years = _years(q.dates), _years(r.dates)
    near = [(a, b) for a in q_years for b in r_years if abs(a - b) <= BIRTH_YEAR_TOLERANCE]
    if near:
        a, b = near[0]
        return [FeatureResult("birth_year_near", 1.0, FEATURES["birth_year_near"].weight, f"{a} ~ {b}")]
    if q_years and r_years:
        detail = f"{', '.join(sorted(q.dates))} vs {', '.join(sorted(r.dates))}"
        # A full date conflicting with every list date is the birth-date rule of docs/screening.md:
        # -0.40, so that even an exact name plus a shared nationality (1.0 + 0.05) stays under 0.70.
        name = "birth_date_full_conflict" if any(len(d) == 10 for d in q.dates) else "birth_date_conflict"
        return [FeatureResult(name, 1.0, FEATURES[name].weight, detail)]
    return []


def _country(value: str) -> str | None:
    return registry.country.clean(value) or registry.country.clean(value.lower())


def _country_features(q: Profile, r: Profile) -> list[FeatureResult]:
    if not q.countries or not r.countries:
        return []
    qc = {c for c in map(_country, q.countries) if c}
    rc = {c for c in map(_country, r.countries) if c}
    if not qc or not rc:
        return []
    shared = qc & rc
    if shared:
        return [FeatureResult("nationality_match", 1.0, FEATURES["nationality_match"].weight, ", ".join(sorted(shared)))]
    detail = f"{', '.join(sorted(qc))} vs {', '.join(sorted(rc))}"
    return [FeatureResult("nationality_conflict", 1.0, FEATURES["nationality_conflict"].weight, detail)]


def _identifier_features(q: Profile, r: Profile) -> list[FeatureResult]:
    found = []
    for kind, values in q.identifiers.items():
        theirs = r.identifiers.get(kind)
        if not theirs:
            continue
        shared = values & theirs
        if shared:
            found.append(FeatureResult("identifier_match", 1.0, FEATURES["identifier_match"].weight,
                                       f"{kind} {sorted(shared)[0]}"))
        elif kind == "imo":
            found.append(FeatureResult("imo_conflict", 1.0, FEATURES["imo_conflict"].weight,
                                       f"IMO {sorted(values)[0]} vs {sorted(theirs)[0]}"))
    return found


def _acronym_feature(q: Profile, r: Profile) -> FeatureResult | None:
    if r.names and r.names[0].kind != "org":
        return None
    for qn in q.names:
        if len(qn.tokens) != 1 or len(qn.tokens[0]) < 3:
            continue
        for rn in r.names:
            if len(rn.tokens) >= 3 and qn.tokens[0] == acronym(rn):
                return FeatureResult("acronym_match", 1.0, FEATURES["acronym_match"].weight,
                                     f"{qn.original!r} = initials of {rn.original!r}")
    return None


_MAIN = frozenset(name for name, f in FEATURES.items() if f.main)


def score_profiles(q: Profile, r: Profile, params: NameParams = DEFAULT_PARAMS) -> Score:
    """Score a candidate profile against a query profile: the one place the score is made."""
    results: list[FeatureResult] = []
    match = best_name_match(q.names, r.names, params)
    if match is not None and match.score > 0:
        results.append(FeatureResult("name_match", match.score, FEATURES["name_match"].weight, match))
    # A weak alias counts at 0.8 at most, so it can only win over a name match below 0.8.
    if r.weak_names and (match is None or match.score < FEATURES["weak_alias_match"].weight):
        weak = best_name_match(q.names, r.weak_names, params)
        if weak is not None and weak.score > 0 and (match is None or weak.score * 0.8 > match.score):
            results.append(FeatureResult("weak_alias_match", weak.score, FEATURES["weak_alias_match"].weight, weak))
    acro = _acronym_feature(q, r)
    if acro is not None:
        results.append(acro)
    if q.identifiers:
        results.extend(_identifier_features(q, r))
    main = max((f.contribution for f in results if f.name in _MAIN), default=0.0)
    if main > 0:
        if q.dates or q.countries:
            identified = any(f.name == "identifier_match" for f in results)
            # A matching identifier outweighs a conflicting date (lists get dates wrong, not passports).
            results.extend(f for f in _date_features(q, r) if not (identified and f.weight < 0))
            results.extend(_country_features(q, r))
        qualifiers = sum(f.contribution for f in results if f.name not in _MAIN)
    else:
        qualifiers = 0.0
    total = min(1.0, max(0.0, main + qualifiers))
    return Score(total, {f.name: f for f in results}, match)


def compare(a: EntityProxy, b: EntityProxy, params: NameParams = DEFAULT_PARAMS) -> Score:
    """How likely two FtM entities are the same real-world entity: score in [0, 1] plus features.

    Stable entry point for cross-list reconciliation. Symmetric: screening weighs a missing query
    word more than an extra candidate word, so both directions are scored and the lower one
    (the cautious one, for merging records) is returned.
    """
    pa, pb = profile_of_entities([a]), profile_of_entities([b])
    forward, backward = score_profiles(pa, pb, params), score_profiles(pb, pa, params)
    return forward if forward.score <= backward.score else backward
