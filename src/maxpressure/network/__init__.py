"""Evasion networks: who helps designated parties but is not designated yet.

`build.build_graph` turns list entries into a `graph.Graph` of parties, shared identifiers and
sourced edges; `rank.rank_candidates` ranks undesignated parties by personalized PageRank from the
designated ones (weights in `relations.RELATIONS`); `paths` gives the evidence path of each
candidate; `backtest` replays the ranking against later real designations.
"""
