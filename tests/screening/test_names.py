"""Word-by-word similarity (screening/names.py): what a query remembers of candidate words never
changes a similarity. Names are real list names (UN 2026, OFAC 2024) and spellings of them."""

from __future__ import annotations

import pytest

from maxpressure.screening.names import DEFAULT_PARAMS, NameParams, _similarities, token_similarity
from maxpressure.screening.normalize import prepare_name

QUERIES = [("Kim Jong-un", "Person"), ("RI Pyong Chol", "Person"), ("Chon Ma San", "Vessel"),
           ("Korea Mining Development Trading Corp", "Organization"), ("김정은", "Person")]
LISTED = [("KIM Jong Un", "Person"), ("Ri Byong Chol", "Person"), ("KIM Yo Jong", "Person"),
          ("CHONMASAN", "Vessel"), ("KOREA MINING DEVELOPMENT TRADING CORPORATION", "Organization"),
          ("CHANGGWANG SINYONG CORPORATION", "Organization"), ("Korea Kwangson Banking Corp", "Organization")]


def _direct(q, r, params):
    return sorted((token_similarity(q, i, r, j, params), i, j) for i in range(len(q.keys))
                  for j in range(len(r.keys)) if token_similarity(q, i, r, j, params) > 0)


@pytest.mark.parametrize("text,schema", QUERIES)
def test_remembered_words_give_the_same_similarities_as_comparing_afresh(text, schema):
    for q in prepare_name(text, schema):
        for listed, listed_schema in LISTED:
            for r in prepare_name(listed, listed_schema):
                first = sorted(_similarities(q, r, DEFAULT_PARAMS))  # fills the memo
                again = sorted(_similarities(q, r, DEFAULT_PARAMS))  # answered from it
                assert first == again == _direct(q, r, DEFAULT_PARAMS), (text, listed)


def test_a_memo_made_under_other_parameters_is_not_reused():
    q = prepare_name("Korea Mining Developmnt Trading", "Organization")[0]
    r = prepare_name("KOREA MINING DEVELOPMENT TRADING CORPORATION", "Organization")[0]
    loose = sorted(_similarities(q, r, DEFAULT_PARAMS))
    strict = NameParams(fuzzy_floor=0.95)
    assert sorted(_similarities(q, r, strict)) == _direct(q, r, strict)
    # "developmnt" is a near miss (0.91): counted under the default floor, not under a 0.95 floor.
    assert len(_direct(q, r, strict)) < len(loose)
