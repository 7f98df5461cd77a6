"""Name comparison for reconciliation: the screening engine's, adapted; never a second matcher.

A `NameComparer` takes two entities and says how alike their names and aliases are, in [0, 1].
Birth dates, identifiers and the rest are weighed in `cluster.py`, not here.
"""

from __future__ import annotations

from typing import Callable

from followthemoney.proxy import EntityProxy

NameComparer = Callable[[EntityProxy, EntityProxy], float]


def default_name_comparer() -> NameComparer:
    """The screening engine's name comparison (part of the package, so always there)."""
    return ScreeningNameSimilarity()


class ScreeningNameSimilarity:
    """The screening engine's name feature for two entities (names and aliases, any script).

    Same result as `maxpressure.screening.compare(a, b)`'s name feature, but each entity's
    profile (every alias prepared in every script) is built once, not once per pair.
    """

    def __init__(self) -> None:
        self._profiles: dict[str, object] = {}

    def _profile(self, entity: EntityProxy):
        from maxpressure.screening.profile import profile_of_entities

        if entity.id not in self._profiles:
            self._profiles[entity.id] = profile_of_entities([entity])
        return self._profiles[entity.id]

    def __call__(self, a: EntityProxy, b: EntityProxy) -> float:
        from maxpressure.screening.score import score_profiles

        pa, pb = self._profile(a), self._profile(b)
        values = []
        for q, r in ((pa, pb), (pb, pa)):  # both directions, the lower one: cautious for merging
            feature = score_profiles(q, r).features.get("name_match")
            values.append(feature.value if feature else 0.0)
        return min(values)


def exact_key_comparer(a: EntityProxy, b: EntityProxy) -> float:
    """0: names then link only when their keys are equal. A stand-in, not a name matcher."""
    return 0.0
