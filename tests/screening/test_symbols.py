"""Query symbols learnt from indexed names (screening/symbols.py), on pairs of the OpenSanctions
name benchmark (tests/fixtures/benchmarks/cases.csv) that rigour's full tables match."""

from maxpressure.screening.normalize import prepare_name
from maxpressure.screening.profile import Query, profile_of_query
from maxpressure.screening.score import DEFAULT_THRESHOLD, score_profiles
from maxpressure.screening.symbols import PhraseSymbols


def _as_screened(query: str, listed: str) -> float:
    candidate = profile_of_query(Query(listed, schema="Person"))
    table = PhraseSymbols.learn(candidate.names)
    return score_profiles(profile_of_query(Query(query, schema="Person"), table), candidate).score


def test_a_numbered_nickname_group_is_found_by_the_nickname():
    # rigour names Theodore's second nickname group "[NICK:TED2]"; the word is still "ted".
    table = PhraseSymbols.learn(prepare_name("Theodore Doe", "Person"))
    assert any(s.startswith("[NICK:TED") for s in table.tag(("ted", "doe"))[0])
    assert _as_screened("Ted Doe", "Theodore Doe") >= DEFAULT_THRESHOLD


def test_a_compound_given_name_is_found_by_its_initials():
    table = PhraseSymbols.learn(prepare_name("Jean-Claude Juncker", "Person"))
    assert table.tag(("jc", "juncker"))[0]
    assert _as_screened("JC Juncker", "Jean-Claude Juncker") >= DEFAULT_THRESHOLD
    # Initials alone are no evidence: a different family name stays far below the line.
    assert _as_screened("JC Delors", "Jean-Claude Juncker") < 0.5
