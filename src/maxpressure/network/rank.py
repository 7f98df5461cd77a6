"""Candidates: parties an authority has not designated, ranked by how strongly they connect to
parties it has.

Method (`METHOD`): personalized PageRank from the designated parties (the seeds), over the graph
weighted by the one relation table (relations.RELATIONS). A candidate must also have at least one
evidence path to a seed that does not pass through a common identifier, so a mass-registration
address alone never makes anyone a candidate. The backtest ranks every party by the same score
instead (`every_party`), so its recall is not capped where evidence paths stop.

Filters: `authority` (whose designations are the seeds; candidates are parties it has not
designated; None = designated by anyone / by no one), `regime` (seeds designated under the regime;
candidates carry a programme of the regime or none at all), `country` (nexus: nationality,
registration, flag or address country of the candidate), `schema` (FtM schema, e.g. Vessel,
Person, LegalEntity to include companies and organisations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from followthemoney import model as ftm

from maxpressure.errors import InputError
from maxpressure.model import AUTHORITIES, REGIME_PROGRAMS
from maxpressure.network.graph import ENTITY, Graph, ListRef, Node
from maxpressure.network.matrix import WeightedGraph, personalized_pagerank, weighted_graph
from maxpressure.network.paths import EvidencePath, SeedDistances, evidence_paths
from maxpressure.network.relations import RELATIONS

# The walker follows an edge with this probability and returns to a seed otherwise: 0.5 means one
# hop beyond a seed on average before returning, so evidence two hops away still counts and five
# hops away barely does. (Kept on the tuning backtest, UN frozen at 2016-03-01, where every damping of
# 0.3-0.85 gives the same recall; benchmarks/network_backtest.py prints the grid on every backtest.)
DAMPING = 0.5
# A party seen doing with a designated party what the regime designates for (a `conduct` relation
# of relations.py: a ship-to-ship meeting with a designated tanker) restarts the walk this many
# times as often as a designated party does, times the relation's weight. It is not a designation
# (one observation, and an AIS encounter can be innocent), so less than 1; it is the conduct
# itself, dated, so far more than the share of a seed's walk that one neighbour of many receives.
CONDUCT_RESTART = 0.5
METHOD = (f"personalized PageRank from designated seeds (damping {DAMPING}; parties in direct conduct "
          f"contact with a seed restart at {CONDUCT_RESTART}), relation weights from relations.py")


# The defaults every surface (CLI, web) starts from: candidates for the UN's next designations,
# under the DPRK regime whenever the graph holds DPRK designations (the bundled default does).
DEFAULT_AUTHORITY = "un"
DEFAULT_REGIME = "dprk"
ANY = "any"  # what a surface passes for "no authority" / "no regime"


def default_regime(graph: Graph) -> str | None:
    return DEFAULT_REGIME if any(DEFAULT_REGIME in n.regimes for n in graph.entity_nodes()) else None


def surface_options(graph: Graph, authority: str | None = DEFAULT_AUTHORITY, regime: str | None = None,
                    **kwargs: Any) -> "RankOptions":
    """Options as a surface gives them: None means the default, `ANY` means no filter."""
    authority = None if authority == ANY else (authority or DEFAULT_AUTHORITY)
    regime = None if regime == ANY else (regime or default_regime(graph))
    return RankOptions(authority=authority, regime=regime, **kwargs)


@dataclass(frozen=True)
class RankOptions:
    authority: str | None = None
    regime: str | None = None
    country: str | None = None
    schema: str | None = None
    limit: int = 20
    paths_per_candidate: int = 3
    damping: float = DAMPING

    def __post_init__(self) -> None:
        if self.authority is not None:
            # Accept a list name ("un_sc") or an authority ("un").
            object.__setattr__(self, "authority", AUTHORITIES.get(self.authority, self.authority))
        if self.regime is not None and self.regime not in REGIME_PROGRAMS:
            raise InputError(None, f"unknown regime {self.regime!r}; known: {', '.join(REGIME_PROGRAMS)}")
        if self.schema is not None and ftm.get(self.schema) is None:
            raise InputError(None, f"unknown schema {self.schema!r}")
        if self.country is not None:
            object.__setattr__(self, "country", self.country.lower())
        if self.limit < 1:
            raise InputError(None, "limit must be at least 1")


@dataclass
class Candidate:
    rank: int
    node_id: str
    caption: str
    schema: str
    score: float
    lists: list[ListRef]
    countries: list[str]
    programs: list[str]
    paths: list[EvidencePath] = field(default_factory=list)

    def why(self, graph: Graph) -> list[str]:
        """One sentence per evidence path, with each step's source and date (explain.py)."""
        from maxpressure.network.explain import explain

        return [explain(graph, p) for p in self.paths]

    def to_json(self, graph: Graph | None = None) -> dict[str, Any]:
        data = {"rank": self.rank, "entity_id": self.node_id, "caption": self.caption,
                "schema": self.schema, "score": self.score,
                "lists": [{"list": m.list, "list_id": m.list_id, **({"route": m.route} if m.route else {})}
                          for m in self.lists],
                "countries": self.countries, "programs": self.programs,
                "paths": [p.to_json(graph) for p in self.paths]}
        if graph is not None:
            data["why"] = self.why(graph)
        return data


def is_seed(node: Node, options: RankOptions) -> bool:
    if node.kind != ENTITY or not node.designated_by(options.authority):
        return False
    return options.regime is None or options.regime in node.regimes


# A regime's own country, for the nexus test (nationality, registration, flag or address country).
REGIME_COUNTRIES: dict[str, set[str]] = {"dprk": {"kp"}}


def has_nexus(node: Node, regime: str) -> bool:
    """Programme of the regime, or nationality / registration / flag / address in its country."""
    return regime in node.regimes or bool(node.countries & REGIME_COUNTRIES.get(regime, set()))


def passes_filters(node: Node, options: RankOptions) -> bool:
    if node.kind != ENTITY or node.designated_by(options.authority):
        return False
    # Under a regime filter a candidate designated elsewhere must have a nexus to the regime (a
    # Chinese front designated under OFAC's NPWMD programme with a DPRK address passes; a Mexican
    # cartel designated under SDNTK does not). Parties no list designates always pass.
    if options.regime is not None and node.programs and not has_nexus(node, options.regime):
        return False
    if options.country is not None and options.country not in node.countries:
        return False
    if options.schema is not None and not ftm.get(node.schema).is_a(options.schema):
        return False
    return True


@dataclass
class Ranking:
    """Every eligible candidate in order (no paths yet), and what produced it."""

    graph: Graph
    weighted: WeightedGraph
    seeds: list[str]
    order: list[tuple[str, float]]
    distances: SeedDistances


def score_candidates(graph: Graph, options: RankOptions, weighted: WeightedGraph | None = None,
                     seeds: list[str] | None = None, every_party: bool = False) -> Ranking:
    """Rank the eligible candidates; `seeds` overrides the designated parties (the backtest).

    By default a candidate needs a score above zero and an evidence path to a seed avoiding common
    identifiers (what `candidates` shows). `every_party` ranks every eligible party instead, path or
    not, zero score included: the backtest scores the method's whole order, not only its head.
    """
    weighted = weighted_graph(graph) if weighted is None else weighted
    if seeds is None:
        seeds = [n.node_id for n in graph.nodes.values() if is_seed(n, options)]
    seed_set = set(seeds)
    personalization = restart_weights(graph, weighted, seed_set)
    scores = personalized_pagerank(weighted.weights, personalization, damping=options.damping)
    distances = SeedDistances(weighted, seeds)
    reachable = distances.reachable()
    order = []
    for i in ranked_indices(weighted, scores):
        node_id = weighted.ids[i]
        if not every_party and (scores[i] <= 0 or not reachable[i]):
            continue
        if node_id not in seed_set and passes_filters(graph.nodes[node_id], options):
            order.append((node_id, float(scores[i])))
    return Ranking(graph, weighted, seeds, order, distances)


def restart_weights(graph: Graph, weighted: WeightedGraph, seeds: set[str]) -> np.ndarray:
    """Where the walk restarts: 1 at each seed; `CONDUCT_RESTART` times the edge weight at a party
    a conduct relation joins directly to a seed (the strongest such edge counts)."""
    restart = np.zeros(len(weighted))
    restart[[weighted.index[s] for s in seeds]] = 1.0
    for edge in graph.edges:
        relation = RELATIONS[edge.kind]
        if not relation.conduct or (edge.source in seeds) == (edge.target in seeds):
            continue
        other = weighted.index[edge.target if edge.source in seeds else edge.source]
        restart[other] = max(restart[other], CONDUCT_RESTART * relation.weight)
    return restart


def ranked_indices(weighted: WeightedGraph, scores: np.ndarray) -> np.ndarray:
    """Node indices by score, ties by degree (distinct neighbours), then by id: one fixed order."""
    degree = np.diff(weighted.weights.indptr)
    id_rank = np.empty(len(weighted), dtype=np.int64)
    id_rank[sorted(range(len(weighted)), key=weighted.ids.__getitem__)] = np.arange(len(weighted))
    return np.lexsort((id_rank, -degree, -scores))


def candidates_of(ranking: Ranking, options: RankOptions) -> list[Candidate]:
    """The top `options.limit` candidates, each with its evidence paths."""
    graph, seed_set = ranking.graph, set(ranking.seeds)
    shown = []
    for rank, (node_id, score) in enumerate(ranking.order[: options.limit], start=1):
        node = graph.nodes[node_id]
        paths = evidence_paths(graph, ranking.weighted, ranking.distances.costs, node_id, seed_set,
                               count=options.paths_per_candidate)
        if not paths:  # the nearest-seed path always exists for an eligible candidate
            paths = [p for p in [ranking.distances.path(graph, node_id)] if p is not None]
        shown.append(Candidate(rank, node_id, node.caption, node.schema, score, list(node.members),
                               sorted(node.countries), sorted(node.programs), paths))
    return shown


def rank_candidates(graph: Graph, options: RankOptions) -> list[Candidate]:
    return candidates_of(score_candidates(graph, options), options)
