"""The screening index: retrieval, the on-disk cache, and the person-name symbols kept for queries.

Entries are real, from the bundled lists: OFAC 23213 (Choe Ryong Hae), UN KPi.076, UN KPe.001
(KOMID), OFAC 23729 (the tanker CHON MA SAN, IMO 8660313) and UK RUS1683 (BARANOV Robert Petrovich).
"""

from __future__ import annotations

import pytest

from maxpressure.model import Entry, make_entity
from maxpressure.screening import Query
from maxpressure.screening.cache import MAGIC
from maxpressure.screening.index import ScreeningIndex
from maxpressure.screening.normalize import prepare_name
from maxpressure.screening.screen import Screener
from maxpressure.screening.symbols import PhraseSymbols


def _entry(list_name, list_id, schema, **props):
    entity = make_entity(schema, f"{list_name}-{list_id}")
    for prop, value in props.items():
        entity.add(prop, value)
    return Entry(list_name, list_id, schema, entity.caption, ("DPRK",), None, [entity])


ENTRIES = [
    _entry("us_ofac_sdn", "23213", "Person", name="CHOE, Ryong Hae", birthDate="1950-01-15", nationality="kp"),
    _entry("un_sc", "KPi.076", "Person", name="RI PYONG CHUL", alias="Ri Pyong Chol", birthDate="1948"),
    _entry("un_sc", "KPe.001", "Organization", name="KOREA MINING DEVELOPMENT TRADING CORPORATION", alias="KOMID"),
    _entry("us_ofac_sdn", "23729", "Vessel", name="CHON MA SAN", imoNumber="8660313"),
    _entry("gb_fcdo", "RUS1683", "Person", name="BARANOV Robert Petrovich"),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex.build(ENTRIES)


def _top(screener: Screener, query: Query) -> tuple[str, float]:
    result = screener.screen(query)[0]
    return result.caption, round(result.score, 6)


QUERIES = [
    Query("최룡해", schema="Person"),
    Query("Ri Pyong Chol", schema="Person", birth_date="1948"),
    Query("KOMID"),
    Query("CHONMASAN", schema="Vessel"),
    Query("Bob Baranov", schema="Person"),
    Query("anything", imo="IMO 8660313"),
]


def test_retrieval_puts_the_entry_first_for_spelling_variants_and_typos(index):
    captions = [c.caption for c in index.candidates]
    for name, expected in (("Choe Ryong-hae", "CHOE, Ryong Hae"), ("Ri Pyong Cholx", "RI PYONG CHUL"),
                           ("CHON MA SAN", "CHON MA SAN")):
        found = index.retrieve(Screener(index=index).profile(Query(name)))
        assert found and captions[found[0]] == expected, name


def test_cached_index_answers_exactly_as_the_built_one(index, tmp_path):
    path = tmp_path / "screening-index.index"
    index.save(path)
    loaded = ScreeningIndex.load(path)
    assert loaded is not None
    built, cached = Screener(index=index), Screener(index=loaded)
    for query in QUERIES:
        assert _top(built, query) == _top(cached, query), query
    assert loaded.candidates[0].properties == index.candidates[0].properties


def test_cache_from_another_version_or_damaged_is_rebuilt_not_misread(index, tmp_path):
    path = tmp_path / "screening-index.index"
    index.save(path)
    data = path.read_bytes()
    path.write_bytes(data.replace(MAGIC, MAGIC.upper(), 1))
    assert ScreeningIndex.load(path) is None
    path.write_bytes(data[: len(data) // 2])
    assert ScreeningIndex.load(path) is None
    assert ScreeningIndex.load(tmp_path / "missing.index") is None


def test_query_symbols_come_from_the_indexed_names_and_nicknames():
    table = PhraseSymbols.learn(prepare_name("BARANOV Robert Petrovich", "Person"))
    robert = next(s for s in table.table["robert"] if s.startswith("[NICK:"))
    nickname = robert[len("[NICK:") : -1].lower()
    # A nickname of Robert finds Robert, though no list writes it.
    assert robert in table.tag((nickname, "baranov"))[0]
    assert table.tag(("unheardof", "baranov"))[0] == frozenset()


def test_screening_a_nickname_finds_the_full_name(index):
    caption, score = _top(Screener(index=index), Query("Bob Baranov", schema="Person"))
    assert caption == "BARANOV Robert Petrovich" and score >= 0.7
