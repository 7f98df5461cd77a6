"""Build the network graph from list entries (any list, any loaded FtM dataset, registry imports).

Four passes, each adding one kind of evidence:

1. parties: the main entity of each entry (Person, Organization, Company, Vessel ...), merged by
   the resolver (entity id -> node id), carrying every list entry it stands for;
2. relationships: FtM relationship entities (Ownership, Directorship, Employment, Family,
   Associate, Membership, Representation, Control, UnknownLink: OFAC's "Linked To" arrives as an
   UnknownLink) and a party's own owner / operator / parent properties (vessel owners, managers);
3. shared identifiers: a value held by two or more parties becomes a node; a value seen once is
   dropped (it ties nobody);
4. mentions: a remark of one entry that names another party.

An edge is kept only when both ends are loaded parties, so every edge exists in the loaded data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Iterable

from followthemoney import model as ftm
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from maxpressure.designations import Designation, DesignationDate, implemented_designation, implements_of
from maxpressure.designations.record import UNKNOWN
from maxpressure.model import LISTS, Entry, designates
from maxpressure.network.graph import (ENTITY, IDENTIFIER, Edge, Evidence, Graph, ListRef, Node,
                                       Resolver, identity_resolver)
from maxpressure.network.identifiers import entry_identifiers
from maxpressure.network.mentions import NameIndex
from maxpressure.network.panel import (PANEL_DATASET, first_source_url, relation_kind, relation_report,
                                       reports_naming)

# FtM relationship schema -> relation kind; the edge runs from the schema's edge source.
RELATIONSHIP_KINDS: dict[str, str] = {
    "Ownership": "owns",
    "Control": "controls",
    "Directorship": "directs",
    "Employment": "works_for",
    "Membership": "member_of",
    "Representation": "represents",
    "Family": "family",
    "Associate": "associate",
    "UnknownLink": "linked_to",
    "Succession": "linked_to",
    "Payment": "linked_to",
    "Debt": "linked_to",
}

# A party's property naming another party -> the kind of the edge from that other party to it.
PARTY_PROPERTY_KINDS: dict[str, str] = {"owner": "owns", "operator": "operates", "parent": "owns"}

# Properties of a relationship entity that say, in the source's words, what the link is.
_DESCRIBING = ("role", "relationship", "ownershipType", "percentage", "summary", "description")
_REMARK_PROPERTIES = ("notes", "summary", "description")
_NAME_PROPERTIES = ("name", "alias", "previousName")
_MAX_DOCUMENT_CHARS = 300
# UN remarks cite other entries by reference number: "Father of ... Haqqani (TAi.144)".
_UN_REFERENCE = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")


def is_party(entity: EntityProxy) -> bool:
    return entity.schema.is_a("LegalEntity") or entity.schema.is_a("Vehicle")


def is_sanctioned(entry: Entry) -> bool:
    """Whether the entry designates its party (a registry record or a plain dataset row does not)."""
    if not designates(entry.list):  # who a report named, whatever its records carry
        return False
    if entry.list in LISTS or entry.programs:
        return True
    return any(e.schema.is_a("Sanction") for e in entry.entities) or "sanction" in entry.entity.get("topics")


def build_graph(entries: Iterable[Entry], resolver: Resolver = identity_resolver) -> Graph:
    entries = list(entries)
    graph = Graph()
    parties = [e for e in entries if e.entities and is_party(e.entity)]
    for entry in parties:
        _add_party(graph, entry, resolver)
    panel_parties = {e.entity_id: e.entity for e in parties if e.list == PANEL_DATASET}
    seen: set[Edge] = set()
    for entry in entries:
        for edge in _relationship_edges(graph, entry, resolver, panel_parties):
            if edge not in seen:
                seen.add(edge)
                graph.add_edge(edge)
    for edge in _identifier_edges(graph, parties, resolver):
        graph.add_edge(edge)
    for edge in _mention_edges(graph, parties, resolver):
        if edge not in seen:
            seen.add(edge)
            graph.add_edge(edge)
    return graph


def _add_party(graph: Graph, entry: Entry, resolver: Resolver) -> None:
    main = entry.entity
    node_id = resolver(main.id)
    node = graph.nodes.get(node_id)
    if node is None:
        node = graph.add_node(Node(node_id, ENTITY, main.schema.name, entry.caption))
    elif node.schema != main.schema.name:
        try:
            node.schema = ftm.common_schema(node.schema, main.schema).name
        except InvalidData:
            pass  # a resolver merged incompatible schemata; keep the first
    ref = ListRef(entry.list, entry.list_id, main.id, entry.listed_on, is_sanctioned(entry),
                  implemented_for(entry))
    if ref not in node.members:
        node.members.append(ref)
    node.programs.update(entry.programs)
    node.countries.update(main.get_type_values(registry.country))
    for entity in entry.entities[1:]:
        if entity.schema.is_a("Address"):
            node.countries.update(entity.get("country"))


def implemented_for(entry: Entry) -> str | None:
    """The authority whose designation the entry records where that authority's list cannot hold
    it (a UK row of a UN vessel designation), by the designation model's rule."""
    implements = implements_of(entry)
    if implements is None:
        return None
    designation = Designation(entry.list, entry.list_id, entry.entity_id, entry.schema, entry.authority,
                              tuple(entry.regimes), tuple(entry.programs), implements, DesignationDate(UNKNOWN))
    found = implemented_designation(designation)
    return found.authority if found else None


def _evidence(entry: Entry, document: str, entity_id: str | None, known_on: date | None = None,
              source_url: str | None = None) -> Evidence:
    return Evidence(entry.list, entry.list_id, document[:_MAX_DOCUMENT_CHARS], entity_id, known_on, source_url)


def _relationship_edges(graph: Graph, entry: Entry, resolver: Resolver,
                        panel_parties: dict[str, EntityProxy]) -> Iterable[Edge]:
    for entity in entry.entities:
        kind = RELATIONSHIP_KINDS.get(entity.schema.name)
        if kind is not None:
            sources = entity.get(entity.schema.edge_source)
            targets = entity.get(entity.schema.edge_target)
            describing = [v for p in _DESCRIBING if p in entity.schema.properties for v in entity.get(p)]
            details = "; ".join(describing)
            document = f"{entity.schema.label}: {details}" if details else entity.schema.label
            urls = entity.get("sourceUrl", quiet=True)
            url = first_source_url(urls)
            known_on = None
            if entry.list == PANEL_DATASET:
                kind, known_on, document = _panel_relation(entity, kind, describing, sources + targets,
                                                           panel_parties, document)
            for source in sources:
                for target in targets:
                    a, b = resolver(source), resolver(target)
                    if a in graph and b in graph and a != b:
                        yield Edge(a, b, kind, _evidence(entry, document, entity.id, known_on, url))
    main = entry.entity if entry.entities else None
    if main is None or not is_party(main):
        return
    party = resolver(main.id)
    for prop, kind in PARTY_PROPERTY_KINDS.items():
        if prop not in main.schema.properties:
            continue
        for other_id in main.get(prop):
            other = resolver(other_id)
            if other in graph and other != party:
                label = main.schema.properties[prop].label
                document = f"{label}: {graph.nodes[other].caption}"
                yield Edge(other, party, kind, _evidence(entry, document, main.id))


def _panel_relation(entity: EntityProxy, kind: str, describing: list[str], ends: list[str],
                    panel_parties: dict[str, EntityProxy], document: str) -> tuple[str, date | None, str]:
    """A Panel relation's kind (a ship-to-ship transfer is conduct), the day the report stating it
    became known (None: no Panel report dates it), and its document naming that report (panel.py)."""
    parties = [panel_parties[e] for e in ends if e in panel_parties]
    kind = relation_kind(entity.schema.name, describing, [p.schema.name for p in parties], kind)
    notes = [n for p in parties for n in p.get("notes", quiet=True)]
    report = relation_report(entity.get("sourceUrl", quiet=True), notes, describing)
    if report is None:
        return kind, None, document
    return kind, report[1], f"{document} (Panel of Experts, {report[0]})"


def _identifier_edges(graph: Graph, parties: list[Entry], resolver: Resolver) -> Iterable[Edge]:
    holders: dict[tuple[str, str], dict[str, Evidence]] = defaultdict(dict)
    written: dict[tuple[str, str], str] = {}
    for entry in parties:
        node_id = resolver(entry.entity_id)
        for kind, key, value in entry_identifiers(entry):
            holders[(kind, key)].setdefault(node_id, _evidence(entry, f"{kind}: {value}", entry.entity_id))
            written.setdefault((kind, key), value)
        for symbol, known_on, url, note in _panel_reports(entry):
            evidence = _evidence(entry, f"named by the Panel in {symbol}: {note}", entry.entity_id, known_on, url)
            holders[("panel_report", symbol)].setdefault(node_id, evidence)
            written.setdefault(("panel_report", symbol), symbol)
    for (kind, key), by_node in holders.items():
        if len(by_node) < 2:
            continue  # a value seen once ties nobody
        identifier_id = f"id:{kind}:{key}"
        graph.add_node(Node(identifier_id, IDENTIFIER, kind, written[(kind, key)], holders=len(by_node)))
        for node_id, evidence in by_node.items():
            yield Edge(node_id, identifier_id, kind, evidence)


def _panel_reports(entry: Entry) -> Iterable[tuple[str, date | None, str | None, str]]:
    """(report, its date, the page citing it, the note) for each Panel report naming the party."""
    if entry.list != PANEL_DATASET:
        return
    notes = entry.entity.get("notes", quiet=True)
    for symbol, known_on in reports_naming(notes):
        note = next((n for n in notes if symbol in n.split("]", 1)[0]), "")
        url = re.search(r"<(https?://[^>]+)>", note)
        text = re.sub(r"^\[[^\]]*\]\s*|\s*<[^>]+>\s*$", "", note)
        yield symbol, known_on, url.group(1) if url else first_source_url(entry.entity.get("sourceUrl")), text


def _mention_edges(graph: Graph, parties: list[Entry], resolver: Resolver) -> Iterable[Edge]:
    index = NameIndex()
    by_reference: dict[str, set[str]] = defaultdict(set)
    for entry in parties:
        names = [v for p in _NAME_PROPERTIES for v in entry.entity.get(p, quiet=True)]
        # People and vessels have no acronyms (mentions.py): a one-word vessel name is no reference.
        index.add(resolver(entry.entity_id), names,
                  acronyms=not entry.entity.schema.is_a("Person") and not entry.entity.schema.is_a("Vessel"))
        if _UN_REFERENCE.fullmatch(entry.list_id):
            by_reference[entry.list_id].add(resolver(entry.entity_id))
    # A remark restating a link the data already holds (OFAC's "Linked To") adds nothing.
    linked = {frozenset((e.source, e.target)) for e in graph.edges}
    named_in: dict[str, set[str]] = {}  # OFAC repeats the same boilerplate remark thousands of times
    for entry in parties:
        party = resolver(entry.entity_id)
        for prop in _REMARK_PROPERTIES:
            for text in entry.entity.get(prop, quiet=True):
                if text not in named_in:
                    named_in[text] = _named(graph, index, text)
                    named_in[text].update(n for ref in _UN_REFERENCE.findall(text) for n in by_reference.get(ref, ()))
                for other in sorted(named_in[text]):
                    pair = frozenset((party, other))
                    if other != party and pair not in linked and _same_regime(graph, party, other, text):
                        linked.add(pair)
                        yield Edge(party, other, "mentions", _evidence(entry, f"remark: {text}", entry.entity_id))


# What a remark says when it points across regimes on purpose ("... for the DPRK").
REGIME_WORDS: dict[str, tuple[str, ...]] = {
    "dprk": ("dprk", "north korea", "democratic people's republic of korea"),
}


def _regime_group(graph: Graph, node_id: str) -> frozenset[str]:
    """The regimes a party is designated under, else its programmes (SDGT, RUSSIA-EO14024 ...)."""
    node = graph.nodes[node_id]
    return frozenset(node.regimes) or frozenset(node.programs)


def _named(graph: Graph, index: NameIndex, text: str) -> set[str]:
    """Parties the remark names by a name that does not span regimes (a name held by parties
    designated under different regimes, like two ministries of state security, names neither)."""
    found = set()
    for other, name in index.mentions(text):
        groups = {g for g in (_regime_group(graph, h) for h in index.holders(name)) if g}
        if len(groups) <= 1:
            found.add(other)
    return found


def _same_regime(graph: Graph, party: str, other: str, text: str) -> bool:
    """A remark names a party of its own regime, or one designated under a programme it shares
    (OFAC's NPWMD holds DPRK and Iranian bodies alike: SON Mun San, NPWMD, is "External Affairs
    Bureau Chief, General Bureau of Atomic Energy", designated under the UN's DPRK regime and
    OFAC's NPWMD), unless it says which other regime it means."""
    mine, theirs = _regime_group(graph, party), _regime_group(graph, other)
    if not mine or not theirs or mine & theirs:
        return True
    if graph.nodes[party].programs & graph.nodes[other].programs:
        return True
    lowered = text.lower()
    return any(w in lowered for regime in graph.nodes[other].regimes for w in REGIME_WORDS.get(regime, ()))
