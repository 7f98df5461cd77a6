"""Cross-list clustering: which entries of different lists designate the same person, body or ship.

Three stages propose links between entries of *different* lists, each with its evidence and a
confidence:

1. ``un_reference`` — the EU and UK lists record the UN reference number (``unscId``) of an entry
   they took over from the UN: an exact link (confidence 1.0).
2. ``identifier`` — the same passport or document number, IMO, SWIFT/BIC or registration number
   (0.95), unless the two sides' birth dates rule it out.
3. ``name`` — names (and aliases) compared by the screening engine's comparison, guarded by birth
   dates for people: a person with a conflicting birth date is never linked by name (Kim Yong Chol
   born 1962 is not Kim Yong Chol born c. 1947), and with no birth date on either side, names
   whose given names only agree in another order are not the same name (Kim Il-Su, Kim Su Il).

Two more stages say what the lists themselves say:

- ``listed_twice`` — one list naming the same person or body twice under one name, once as the
  UN's designation it implements and once under its own regime (the UK's DPR0205 and DPR0006,
  both Choe Chun Sik): one entity, so one cluster, the only link that joins two entries of a list.
- ``alias_of`` — an entry whose own name another list holds only as an alias of a different
  entry (OFAC keeps UN KPe.014 Korea Kumryong Trading Corporation as an a.k.a. of KOMID): not
  merged, since the UN lists the two apart, but the other list's authority lists it.

Links are then merged strongest first into clusters; an analyst's judgements come before every
link (``same``) or forbid a merge outright (``different``), so they always win.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from maxpressure.model import AUTHORITIES, Entry
from maxpressure.reconcile.keys import (
    EntryKeys,
    birth_dates_agree,
    birth_dates_same,
    blocking_keys,
    entry_keys,
    given_names_reordered,
    name_key_forms,
)
from maxpressure.reconcile.names import NameComparer, default_name_comparer

@dataclass(frozen=True)
class Thresholds:
    """When a stage proposes a link, and how sure it is. Stated once, here."""

    un_reference_confidence: float = 1.0
    identifier_confidence: float = 0.95
    # An identifier shared by more entries than this is a registration agent's, not an entity's.
    max_entries_per_identifier: int = 6
    # A name block larger than this ("co ltd", "kim chol") proposes nothing by itself.
    max_block_size: int = 150
    # People: name similarity needed when birth dates agree, and when neither side has one.
    person_name_with_birth_date: float = 0.85
    person_name_without_birth_date: float = 0.97
    person_confidence_same_birth_date: float = 0.95
    person_confidence_agreeing_birth_date: float = 0.9
    person_confidence_name_only: float = 0.75
    # Organisations and vessels: names are all there is (identifiers were stage 2).
    other_name: float = 0.93
    other_confidence: float = 0.85
    # Names whose keys share less than this (rapidfuzz token-set ratio) never reach the screening
    # comparison: a blocking filter for speed, not a judgement of similarity.
    min_rough_similarity: float = 0.8
    # Two lists giving the same listing date: a tie-breaker between otherwise equal name links.
    same_listing_date_bonus: float = 0.02
    # One list naming an entity twice, once implementing the UN and once on its own authority.
    listed_twice_confidence: float = 0.9
    # Another list holding the entry's own name as an alias of one of its entries.
    alias_of_confidence: float = 0.9


@dataclass(frozen=True, slots=True)
class Link:
    """One reason to believe two entries are the same: the evidence a cluster keeps."""

    left: str
    right: str
    stage: str  # judgement | un_reference | identifier | name | listed_twice | alias_of
    confidence: float
    detail: str

    def to_json(self) -> dict:
        return {"left": self.left, "right": self.right, "stage": self.stage,
                "confidence": round(self.confidence, 3), "detail": self.detail}

    @classmethod
    def from_json(cls, data: dict) -> "Link":
        return cls(data["left"], data["right"], data["stage"], data["confidence"], data["detail"])


@dataclass(frozen=True, slots=True)
class Judgement:
    left: str
    right: str
    same: bool


@dataclass
class Cluster:
    cluster_id: str
    members: list[str]
    links: list[Link] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """As strong as its weakest link; a one-entry cluster is certain."""
        return min((link.confidence for link in self.links), default=1.0)

    def to_json(self) -> dict:
        return {"cluster_id": self.cluster_id, "members": self.members,
                "confidence": round(self.confidence, 3), "evidence": [l.to_json() for l in self.links]}


@dataclass
class Clustering:
    """The reconciliation result other parts use: entity id -> cluster, cluster -> members."""

    clusters: dict[str, Cluster]
    _member_of: dict[str, str]
    # cluster id -> alias_of links to entries of other clusters that hold its name as an alias
    alias_listings: dict[str, list[Link]] = field(default_factory=dict)

    def cluster_of(self, entity_id: str) -> str:
        """The cluster id of an entity; an entity never seen is its own cluster."""
        return self._member_of.get(entity_id, entity_id)

    def members(self, cluster_id: str) -> list[str]:
        cluster = self.clusters.get(cluster_id)
        return list(cluster.members) if cluster else [cluster_id]

    def cluster(self, cluster_id: str) -> Cluster:
        return self.clusters.get(cluster_id) or Cluster(cluster_id, [cluster_id])

    def __iter__(self):
        return iter(self.clusters.values())

    def __len__(self) -> int:
        return len(self.clusters)


def propose_links(entries: Sequence[Entry], compare: NameComparer | None,
                  thresholds: Thresholds = Thresholds()) -> list[Link]:
    """Every link the three stages propose between entries of different lists."""
    keys = [entry_keys(entry) for entry in entries]
    links = _un_reference_links(keys, thresholds)
    links += _identifier_links(keys, thresholds)
    links += _listed_twice_links(keys, thresholds)
    links += _alias_of_links(keys, thresholds)
    if compare is not None:
        links += _name_links(keys, compare, thresholds)
    return links


def merge(entries: Sequence[Entry], links: Iterable[Link], judgements: Iterable[Judgement] = ()) -> Clustering:
    """Clusters from links, strongest first; judgements first of all and never overruled."""
    judgements = list(judgements)
    known = {entry.entity_id: entry for entry in entries}
    forbidden = [(j.left, j.right) for j in judgements if not j.same]
    analyst_links = [Link(j.left, j.right, "judgement", 1.0, "analyst: same") for j in judgements if j.same]
    links = list(links)
    alias_links = [link for link in links if link.stage == "alias_of"]
    ordered = analyst_links + sorted((l for l in links if l.stage != "alias_of"),
                                     key=lambda l: (-l.confidence, l.left, l.right))

    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        members.setdefault(x, {x})
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kept: dict[str, list[Link]] = defaultdict(list)
    for link in ordered:
        if link.left not in known or link.right not in known:
            continue  # a judgement about an entity no longer loaded
        a, b = find(link.left), find(link.right)
        if a == b:
            if link.stage == "judgement":
                kept[a].append(link)  # an analyst's confirmation is evidence even when redundant
            continue
        if _would_join_forbidden(members[a], members[b], forbidden):
            continue
        if link.stage == "name" and _lists_overlap(members[a], members[b], known):
            continue
        if link.stage == "listed_twice" and _lists_overlap(members[a], members[b], known,
                                                           allowed=known[link.left].list):
            continue
        parent[b] = a
        members[a] |= members.pop(b)
        kept[a].extend(kept.pop(b, []))
        kept[a].append(link)

    clusters: dict[str, Cluster] = {}
    member_of: dict[str, str] = {}
    for root, group in members.items():
        if len(group) < 2:
            continue
        ordered_members = sorted(group, key=lambda eid: _member_rank(known[eid]))
        cluster = Cluster(ordered_members[0], ordered_members, kept.get(root, []))
        clusters[cluster.cluster_id] = cluster
        member_of.update((m, cluster.cluster_id) for m in group)
    for entity_id in known:
        if entity_id not in member_of:
            clusters[entity_id] = Cluster(entity_id, [entity_id])
            member_of[entity_id] = entity_id
    return Clustering(clusters, member_of, _alias_listings(alias_links, member_of, forbidden))


def _alias_listings(links: list[Link], member_of: dict[str, str],
                    forbidden: list[tuple[str, str]]) -> dict[str, list[Link]]:
    """alias_of links between entries that ended in different clusters, by the named one's."""
    found: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.left not in member_of or link.right not in member_of:
            continue
        if (link.left, link.right) in forbidden or (link.right, link.left) in forbidden:
            continue  # an analyst said they are different: the alias is not this entity
        named, holder = member_of[link.left], member_of[link.right]
        if named != holder and all(held.right != link.right for held in found[named]):
            found[named].append(link)
    return dict(found)


def clusters(entries: Sequence[Entry], judgements: Iterable[Judgement] = (),
             compare: NameComparer | None = None, thresholds: Thresholds = Thresholds()) -> Clustering:
    """Reconcile entries of every loaded list. `compare` defaults to the screening engine's."""
    if compare is None:
        compare = default_name_comparer()
    return merge(entries, propose_links(entries, compare, thresholds), judgements)


# Authority order for naming a cluster after one member: the UN first (the regime's source), then
# the lists that copy it, then the US.
_AUTHORITY_RANK = {"un": 0, "eu": 1, "gb": 2, "us": 3}


def _member_rank(entry: Entry) -> tuple:
    return (_AUTHORITY_RANK.get(AUTHORITIES.get(entry.list, ""), 9), entry.list, entry.entity_id)


def _would_join_forbidden(left: set[str], right: set[str], forbidden: list[tuple[str, str]]) -> bool:
    return any((a in left and b in right) or (a in right and b in left) for a, b in forbidden)


def _lists_overlap(left: set[str], right: set[str], known: dict[str, Entry], allowed: str | None = None) -> bool:
    """Whether both groups already hold an entry of the same list (other than `allowed`).

    A list names each entity once, so a name alone is not enough to put two of its entries in
    one cluster (the UN lists KOMID and its alias "Korea Kumryong Trading Corporation" apart; OFAC
    keeps one). An identifier, a UN reference or an analyst's judgement still can.
    """
    return bool(({known[m].list for m in left} & {known[m].list for m in right}) - {allowed})


def _cross_list_pairs(group: list[EntryKeys]):
    for a, b in combinations(group, 2):
        if a.list != b.list and a.schema_family == b.schema_family:
            yield a, b


def _un_reference_links(keys: list[EntryKeys], t: Thresholds) -> list[Link]:
    by_ref: dict[str, list[EntryKeys]] = defaultdict(list)
    for k in keys:
        for ref in k.unsc_refs:
            by_ref[ref].append(k)
    links = []
    for ref, group in by_ref.items():
        for a, b in combinations(group, 2):
            if a.list != b.list:
                links.append(Link(a.entity_id, b.entity_id, "un_reference", t.un_reference_confidence,
                                  f"both carry UN reference {ref}"))
    return links


def _identifier_links(keys: list[EntryKeys], t: Thresholds) -> list[Link]:
    by_id: dict[tuple[str, str], list[EntryKeys]] = defaultdict(list)
    for k in keys:
        for ident in k.identifiers:
            by_id[ident].append(k)
    seen: set[tuple[str, str]] = set()
    links = []
    for (kind, value), group in sorted(by_id.items()):
        if len(group) > t.max_entries_per_identifier:
            continue
        for a, b in _cross_list_pairs(group):
            pair = (a.entity_id, b.entity_id)
            if pair in seen or birth_dates_agree(a.birth_dates, b.birth_dates) is False:
                continue
            seen.add(pair)
            links.append(Link(a.entity_id, b.entity_id, "identifier", t.identifier_confidence,
                              f"same {kind} number {value}"))
    return links


def _listed_twice_links(keys: list[EntryKeys], t: Thresholds) -> list[Link]:
    """Pairs of one list's entries with the same name, one implementing the UN's designation and
    the other the list's own: the list naming one entity under two regimes."""
    by_name: dict[tuple[str, str, str], list[EntryKeys]] = defaultdict(list)
    everywhere: dict[tuple[str, str], list[EntryKeys]] = defaultdict(list)
    for k in keys:
        for key in k.primary_keys:
            by_name[(k.list, k.schema_family, key)].append(k)
            everywhere[(k.schema_family, key)].append(k)
    links, seen = [], set()
    for (list_name, family, key), group in sorted(by_name.items()):
        implementing = [k for k in group if k.implements]
        own = [k for k in group if not k.implements]
        if len(implementing) != 1 or len(own) != 1:
            continue  # two namesakes on either side: the name does not say which is which
        if family == "person" and _namesakes(everywhere[(family, key)]):
            continue  # other lists know several people of this name (Kim Yong Chol): not one
        a, b = implementing[0], own[0]
        if (a.entity_id, b.entity_id) in seen or birth_dates_agree(a.birth_dates, b.birth_dates) is False:
            continue
        seen.add((a.entity_id, b.entity_id))
        links.append(Link(a.entity_id, b.entity_id, "listed_twice", t.listed_twice_confidence,
                          f"{list_name} names {key!r} twice: once implementing the {a.implements.upper()}'s "
                          "designation, once under its own regime"))
    return links


def _namesakes(group: list[EntryKeys]) -> bool:
    """Whether entries sharing a name carry birth dates that cannot be one person's."""
    dated = [k for k in group if k.birth_dates]
    return any(birth_dates_agree(a.birth_dates, b.birth_dates) is False for a, b in combinations(dated, 2))


def _alias_of_links(keys: list[EntryKeys], t: Thresholds) -> list[Link]:
    """An entry whose own name another list holds as an alias of one of its entries."""
    holders: dict[tuple[str, str], list[EntryKeys]] = defaultdict(list)
    for k in keys:
        for key in k.alias_keys - k.primary_keys:
            holders[(k.schema_family, key)].append(k)
    links, seen = [], set()
    for named in keys:
        for key in sorted(named.primary_keys):
            group = holders.get((named.schema_family, key), ())
            per_list = defaultdict(list)
            for holder in group:
                per_list[holder.list].append(holder)
            for list_name, held_by in per_list.items():
                holder = held_by[0]
                pair = (named.entity_id, holder.entity_id)
                if len(held_by) > 1 or list_name == named.list or pair in seen:
                    continue  # an alias several entries of a list share names none of them
                if named.schema_family == "person" and not birth_dates_agree(named.birth_dates, holder.birth_dates):
                    continue  # a person's alias names them only with a birth date to agree
                seen.add(pair)
                links.append(Link(named.entity_id, holder.entity_id, "alias_of", t.alias_of_confidence,
                                  f"{holder.list} holds {key!r} as an alias of {holder.entity_id}"))
    return links


def _name_links(keys: list[EntryKeys], compare: NameComparer, t: Thresholds) -> list[Link]:
    blocks: dict[str, list[EntryKeys]] = defaultdict(list)
    for k in keys:
        for block in blocking_keys(k):
            blocks[block].append(k)
    candidates: dict[tuple[str, str], tuple[EntryKeys, EntryKeys]] = {}
    for group in blocks.values():
        if len(group) > t.max_block_size:
            continue
        for a, b in _cross_list_pairs(group):
            pair = (a.entity_id, b.entity_id) if a.entity_id < b.entity_id else (b.entity_id, a.entity_id)
            candidates.setdefault(pair, (a, b))

    scored: list[tuple[Link, str, str]] = []
    for a, b in candidates.values():
        if link := _decide_by_name(a, b, compare, t):
            scored.append((link, a.list, b.list))
    return _best_per_side(scored)


def _decide_by_name(a: EntryKeys, b: EntryKeys, compare: NameComparer, t: Thresholds):
    # Cheap tests first: a birth-date conflict or names far apart end the pair before the
    # screening engine's comparison (which prepares every alias in every script) is asked.
    dates = birth_dates_agree(a.birth_dates, b.birth_dates) if a.schema_family == "person" else None
    if dates is False:
        return None
    if a.schema_family == "person" and dates is None and _only_reordered(a, b):
        return None
    if a.schema_family == "person":
        needed = t.person_name_with_birth_date if dates else t.person_name_without_birth_date
    else:
        needed = t.other_name
    score, name_a, name_b = _best_name_pair(a, b, compare, t.min_rough_similarity)
    if score < needed:
        return None
    if a.schema_family != "person":
        confidence, why = t.other_confidence, "names only"
    elif dates is None:
        confidence, why = t.person_confidence_name_only, "no birth date to compare"
    elif birth_dates_same(a.birth_dates, b.birth_dates):
        confidence, why = t.person_confidence_same_birth_date, "same birth date"
    else:
        confidence, why = t.person_confidence_agreeing_birth_date, "birth dates agree"
    if a.listed_on and a.listed_on == b.listed_on:
        # The UK lists some people twice, once from the UN (with the UN's date) and once under
        # its own regime: the same listing date says which entry took over the UN's.
        confidence, why = confidence + t.same_listing_date_bonus, f"{why}; same listing date {a.listed_on}"
    detail = f"name {name_a!r} ~ {name_b!r} ({score:.2f}); {why}"
    return Link(a.entity_id, b.entity_id, "name", min(1.0, confidence * score), detail)


def _best_name_pair(a: EntryKeys, b: EntryKeys, compare: NameComparer, min_rough: float) -> tuple[float, str, str]:
    shared = a.name_keys & b.name_keys
    if shared:
        key = min(shared)
        return 1.0, _name_with_key(a, key), _name_with_key(b, key)
    rough, key_a, key_b = max(
        ((fuzz.token_set_ratio(x, y) / 100.0, x, y) for x in a.name_keys for y in b.name_keys),
        default=(0.0, "", ""),
    )
    if rough < min_rough:
        return 0.0, key_a, key_b
    return compare(a.entity, b.entity), _name_with_key(a, key_a), _name_with_key(b, key_b)


def _only_reordered(a: EntryKeys, b: EntryKeys) -> bool:
    """Whether every pair of names the two share a key through differs in given-name order."""
    pairs = [(x, y) for x in a.names for y in b.names if name_key_forms(x) & name_key_forms(y)]
    return bool(pairs) and all(given_names_reordered(x, y) for x, y in pairs)


def _name_with_key(keys: EntryKeys, key: str) -> str:
    return next((n for n in keys.names if key in name_key_forms(n)), key)


def _best_per_side(scored: list[tuple[Link, str, str]]) -> list[Link]:
    """Keep a name link only if it is, for at least one of its two entries, the best on that list.

    Without this, "KIM Chol" on one list would join every "KIM Chol" on another with agreeing
    birth years, and clusters would chain unrelated people together.
    """
    best: dict[tuple[str, str], float] = {}
    for link, left_list, right_list in scored:
        for slot in ((link.left, right_list), (link.right, left_list)):
            best[slot] = max(best.get(slot, 0.0), link.confidence)
    return [
        link for link, left_list, right_list in scored
        if link.confidence >= best[(link.left, right_list)] or link.confidence >= best[(link.right, left_list)]
    ]
