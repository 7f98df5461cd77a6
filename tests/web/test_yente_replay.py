"""yente's own test suite and router docs, replayed against our server on the bundled real lists.

Each case is a request yente's tests (`tests/unit/test_match.py`, `test_search.py`, `test_entity.py`,
`test_base.py`, `test_reconcile.py`, opensanctions/yente 5.5) or its routers' documentation make,
with yente's fixture names swapped for real DPRK entries of the bundled lists (Putin -> RI Won Ho,
KPi.033; the `zala` dataset -> `default`). Each asserts the status code yente answers, the fields
yente's test reads, and that the JSON validates against yente's OpenAPI component (or the W3C
reconciliation schema). The cases are data so that the same table can be run against an older
build to count how many requests behave as yente does (see the closing note of issue 12).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from tests.web.conftest import make_client
from tests.web.schemas import reconciliation_errors, yente_errors

RI_WON_HO = {"schema": "Person", "properties": {"name": ["Ri Won Ho"], "birthDate": ["1964"], "country": "North Korea"}}
# The aliases one list gives KOMID, as yente's ERMAKOV example gives every spelling of a name.
KOMID_NAMES = {"schema": "Organization", "properties": {"name": [
    "KOREA MINING DEVELOPMENT TRADING CORPORATION", "CHANGGWANG SINYONG CORPORATION", "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
    "DPRKN MINING DEVELOPMENT TRADING COOPERATION", "KOMID", "Korea Mining Development Trading Corp"]}}
CHOE = {"schema": "Person", "properties": {"name": ["Choe Ryong Hae"]}}  # on OFAC's SDN list only


def match(*queries: dict, **params) -> dict:
    return {"method": "POST", "path": params.pop("path", "/match/default"), "params": params,
            "json": {"queries": {f"q{i}": q for i, q in enumerate(queries)}}}


@dataclass
class Case:
    name: str
    request: dict[str, Any]
    status: int
    component: str | None = None  # yente OpenAPI component, or "recon:VERSION/NAME"
    check: Callable[[Any], bool] = field(default=lambda data: True)


def results(data, key="q0"):
    return data["responses"][key]["results"]


def ids(data):
    return [r["id"] for r in data["results"]]


CASES = [
    # -- /match (tests/unit/test_match.py and routers/match.py) --
    Case("match_batch_of_three", match(RI_WON_HO, RI_WON_HO, RI_WON_HO), 200, "EntityMatchResponse",
         lambda d: d["responses"]["q0"]["query"]["properties"]["country"] == ["kp"]
         and d["responses"]["q2"]["total"]["value"] > 0 and results(d)[0]["caption"] == "RI WON HO"),
    Case("match_unknown_algorithm", match(RI_WON_HO, algorithm="neural-net"), 400, "ErrorResponse"),
    Case("match_best_algorithm", match(RI_WON_HO, algorithm="best"), 200, "EntityMatchResponse",
         lambda d: results(d)[0]["score"] > 0.70),
    Case("match_no_schema", match({"properties": {"name": "Banana"}}), 422, "HTTPValidationError"),
    Case("match_unknown_schema", match({"schema": "xxx", "properties": {"name": "Banana"}}), 400, "ErrorResponse"),
    Case("match_many_names", match(KOMID_NAMES), 200, "EntityMatchResponse",
         lambda d: results(d)[0]["caption"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"),
    Case("match_fuzzy_false_same_results", match(KOMID_NAMES, fuzzy="false"), 200, "EntityMatchResponse",
         lambda d: len(results(d)) >= 1),
    Case("match_exclude_dataset", match(CHOE, exclude_dataset="us_ofac_sdn"), 200, "EntityMatchResponse",
         lambda d: results(d) == []),
    Case("match_include_dataset_without_it", match(CHOE, include_dataset=["gb_fcdo", "un_sc"]), 200, "EntityMatchResponse",
         lambda d: results(d) == []),
    Case("match_include_dataset_with_it", match(CHOE, include_dataset=["us_ofac_sdn", "gb_fcdo"]), 200,
         "EntityMatchResponse", lambda d: len(results(d)) > 0),
    Case("match_include_then_exclude", match(CHOE, include_dataset=["us_ofac_sdn", "gb_fcdo"], exclude_dataset="us_ofac_sdn"),
         200, "EntityMatchResponse", lambda d: results(d) == []),
    Case("match_filter_topic", match(RI_WON_HO, topics="crime.cyber"), 200, "EntityMatchResponse", lambda d: results(d) == []),
    Case("match_topic_sanction", match(RI_WON_HO, topics="sanction"), 200, "EntityMatchResponse", lambda d: len(results(d)) > 0),
    Case("match_id_pass_through", match(dict(RI_WON_HO, id="riwonho")), 200, "EntityMatchResponse",
         lambda d: d["responses"]["q0"]["query"]["id"] == "riwonho" and d["responses"]["q0"]["query"]["schema"] == "Person"),
    Case("match_no_queries", {"method": "POST", "path": "/match/default", "json": {"queries": {}}}, 400, "ErrorResponse"),
    Case("match_unknown_dataset", match(RI_WON_HO, path="/match/banana"), 404, "ErrorResponse"),
    Case("match_bad_changed_since", match(RI_WON_HO, changed_since="yesterday"), 422, "HTTPValidationError"),
    Case("match_changed_since_future", match(RI_WON_HO, changed_since="2099-01-01"), 200, "EntityMatchResponse",
         lambda d: results(d) == []),
    Case("match_changed_since_past", match(RI_WON_HO, changed_since="2000-01-01T00:00"), 200, "EntityMatchResponse",
         lambda d: len(results(d)) > 0),
    Case("match_unknown_config", {"method": "POST", "path": "/match/default",
                                  "json": {"queries": {"q0": RI_WON_HO}, "config": {"nm_number_mismatch": 0.4}}},
         400, "ErrorResponse"),
    Case("match_limit_over_max", match(RI_WON_HO, limit=501), 422, "HTTPValidationError"),
    Case("match_batch_over_max", {"method": "POST", "path": "/match/default",
                                  "json": {"queries": {f"q{i}": RI_WON_HO for i in range(101)}}}, 400, "ErrorResponse"),
    Case("match_default_cutoff_is_threshold", match({"schema": "Person", "properties": {"name": ["Kim"]}}), 200,
         "EntityMatchResponse", lambda d: all(r["score"] >= 0.70 and r["match"] for r in results(d))),
    Case("match_threshold_sets_match", match(RI_WON_HO, threshold=1.01, cutoff=0.5), 200, "EntityMatchResponse",
         lambda d: len(results(d)) > 0 and not any(r["match"] for r in results(d))),
    Case("match_vessel_by_imo_only", match({"schema": "Vessel", "properties": {"imoNumber": ["9114555"]}}), 200,
         "EntityMatchResponse", lambda d: results(d)[0]["caption"] == "UL JI BONG 6" and results(d)[0]["match"]),
    Case("match_swift_only", match({"schema": "Organization", "properties": {"swiftBic": ["KDBKKPPY"]}}), 200,
         "EntityMatchResponse", lambda d: results(d)[0]["caption"] == "KOREA DAESONG BANK"),
    Case("match_one_list_before_limit", match(KOMID_NAMES, path="/match/gb_fcdo", limit=1), 200, "EntityMatchResponse",
         lambda d: "gb_fcdo" in results(d)[0]["datasets"] and results(d)[0]["score"] == 1.0),
    Case("match_explanations", match(RI_WON_HO), 200, "EntityMatchResponse",
         lambda d: results(d)[0]["explanations"]["name_match"]["score"] == 1.0),
    Case("match_weights", {"method": "POST", "path": "/match/default",
                           "json": {"queries": {"q0": RI_WON_HO}, "weights": {"name_match": 0.5}}, "params": {"cutoff": 0.1}},
         200, "EntityMatchResponse", lambda d: 0.5 <= results(d)[0]["score"] < 0.75),
    # -- /search (tests/unit/test_search.py) --
    Case("search_name", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho"}}, 200, "SearchResponse",
         lambda d: d["results"][0]["caption"] == "RI WON HO"),
    Case("search_no_query", {"method": "GET", "path": "/search/default"}, 200, "SearchResponse", lambda d: len(d["results"]) > 9),
    Case("search_schema_invalid", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "schema": "Banana"}},
         400, "ErrorResponse"),
    Case("search_schema_remove", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "schema": "Vessel"}},
         200, "SearchResponse", lambda d: d["results"] == []),
    Case("search_schema_keep", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "schema": "Person"}},
         200, "SearchResponse", lambda d: len(d["results"]) > 0),
    Case("search_countries_remove", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "countries": "ke"}},
         200, "SearchResponse", lambda d: d["results"] == []),
    Case("search_facet_datasets", {"method": "GET", "path": "/search/default"}, 200, "SearchResponse",
         lambda d: "un_sc" in [v["name"] for v in d["facets"]["datasets"]["values"]]),
    Case("search_facet_one_list", {"method": "GET", "path": "/search/gb_fcdo"}, 200, "SearchResponse",
         lambda d: [v["name"] for v in d["facets"]["datasets"]["values"]][0] == "gb_fcdo"
         and all("gb_fcdo" in r["datasets"] for r in d["results"])),
    Case("search_facet_countries", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "countries": "kp"}},
         200, "SearchResponse", lambda d: "kp" in [v["name"] for v in d["facets"]["countries"]["values"]]),
    Case("search_topics_sanction", {"method": "GET", "path": "/search/default", "params": {"topics": "sanction"}}, 200,
         "SearchResponse", lambda d: d["total"]["value"] > 0),
    Case("search_no_targets", {"method": "GET", "path": "/search/default", "params": {"schema": "LegalEntity", "target": "false"}},
         200, "SearchResponse", lambda d: d["results"] == []),
    Case("search_targets", {"method": "GET", "path": "/search/default", "params": {"schema": "LegalEntity", "target": "true"}},
         200, "SearchResponse", lambda d: len(d["results"]) > 0 and all(r["target"] for r in d["results"])),
    Case("search_sorted", {"method": "GET", "path": "/search/default", "params": {"sort": "canonical_id:desc"}}, 200,
         "SearchResponse", lambda d: ids(d) == sorted(ids(d), reverse=True)),
    Case("search_limit_zero", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "limit": 0}}, 200,
         "SearchResponse", lambda d: d["results"] == []),
    Case("search_offset", {"method": "GET", "path": "/search/default", "params": {"q": "ri won ho", "offset": 100}}, 200,
         "SearchResponse", lambda d: d["results"] == [] and d["offset"] == 100),
    Case("search_range_offset", {"method": "GET", "path": "/search/default", "params": {"q": "ri", "offset": 9999}}, 422,
         "HTTPValidationError"),
    Case("search_range_limit", {"method": "GET", "path": "/search/default", "params": {"q": "ri", "limit": 10000}}, 422,
         "HTTPValidationError"),
    Case("search_limit_max", {"method": "GET", "path": "/search/default", "params": {"q": "ri", "limit": 500}}, 200,
         "SearchResponse", lambda d: d["limit"] == 500 and d["offset"] == 0),
    Case("search_unknown_dataset", {"method": "GET", "path": "/search/banana", "params": {"q": "ri"}}, 404, "ErrorResponse"),
    # -- /entities (tests/unit/test_entity.py, routers/search.py) --
    Case("entity_404", {"method": "GET", "path": "/entities/banana"}, 404, "ErrorResponse"),
    Case("entity_fetch", {"method": "GET", "path": "/entities/{RI}"}, 200, "EntityResponse",
         lambda d: d["schema"] == "Person" and "un_sc" in d["datasets"] and len(d["referents"]) >= 2
         and all(d[k].startswith("20") for k in ("first_seen", "last_seen", "last_change"))
         and isinstance(d["properties"]["birthDate"][0], str) and d["properties"]["sanctions"][0]["schema"] == "Sanction"),
    Case("entity_not_nested", {"method": "GET", "path": "/entities/{RI}", "params": {"nested": "false"}},
         200, "EntityResponse", lambda d: "sanctions" not in d["properties"]
         and all(isinstance(v, str) for vs in d["properties"].values() for v in vs)),
    Case("entity_referent_redirects", {"method": "GET", "path": "/entities/un-sc-KPi.033"}, 308, None, lambda d: True),
    Case("entity_adjacent", {"method": "GET", "path": "/entities/{RI}/adjacent"}, 200,
         "EntityAdjacentResponse", lambda d: d["entity"]["caption"] == "RI WON HO"
         and d["adjacent"]["sanctions"]["total"]["value"] >= 3 and d["adjacent"]["sanctions"]["limit"] == 10),
    Case("entity_adjacent_limit", {"method": "GET", "path": "/entities/{RI}/adjacent", "params": {"limit": 1}},
         200, "EntityAdjacentResponse", lambda d: len(d["adjacent"]["sanctions"]["results"]) == 1
         and d["adjacent"]["sanctions"]["total"]["value"] >= 3),
    Case("entity_adjacent_offset", {"method": "GET", "path": "/entities/{RI}/adjacent/sanctions",
                                    "params": {"limit": 1, "offset": 1}}, 200, "AdjacentResultsResponse",
         lambda d: len(d["results"]) == 1 and d["offset"] == 1),
    Case("entity_adjacent_no_property", {"method": "GET", "path": "/entities/{RI}/adjacent/banana"}, 404,
         "ErrorResponse"),
    # -- system (tests/unit/test_base.py, routers/admin.py) --
    Case("healthz", {"method": "GET", "path": "/healthz"}, 200, "StatusResponse", lambda d: d["status"] == "ok"),
    Case("readyz", {"method": "GET", "path": "/readyz"}, 200, "StatusResponse", lambda d: d["status"] == "ok"),
    Case("manifest", {"method": "GET", "path": "/manifest"}, 200, "DataCatalogModel", lambda d: len(d["datasets"]) >= 3),
    Case("catalog", {"method": "GET", "path": "/catalog"}, 200, "DataCatalogModel",
         lambda d: {"un_sc", "us_ofac_sdn", "gb_fcdo", "default"} <= {x["name"] for x in d["datasets"]}),
    Case("algorithms", {"method": "GET", "path": "/algorithms"}, 200, "AlgorithmResponse",
         lambda d: len(d["algorithms"]) >= 1 and "name_match" in d["algorithms"][0]["docs"]["features"]),
    # -- reconciliation (tests/unit/test_reconcile.py, routers/reconcile.py) --
    Case("reconcile_metadata", {"method": "GET", "path": "/reconcile/default"}, 200, "recon:0.2/manifest",
         lambda d: len(d["defaultTypes"]) > 3 and "suggest" in d and "extend" in d),
    Case("reconcile_post_query", {"method": "POST", "path": "/reconcile/default",
                                  "data": {"queries": json.dumps({"mutti": {"query": "RI WON HO"}})}}, 200,
         "recon:0.2/reconciliation-result-batch", lambda d: d["mutti"]["result"][0]["id"] == "{RI}"),
    Case("reconcile_post_extend", {"method": "POST", "path": "/reconcile/default", "data": {"extend": json.dumps(
        {"ids": ["{RI}"], "properties": [{"id": "name"}, {"id": "birthDate"}]})}}, 200,
         "recon:0.2/data-extension-response", lambda d: d["meta"][0]["id"] == "name"
         and "ri won ho" in " ".join(v["str"] for v in d["rows"]["{RI}"]["name"]).lower()),
    Case("reconcile_invalid_type", {"method": "POST", "path": "/reconcile/default",
                                    "data": {"queries": json.dumps({"mutti": {"type": "Banana"}})}}, 400, "ErrorResponse"),
    Case("reconcile_suggest_entity_no_prefix", {"method": "GET", "path": "/reconcile/default/suggest/entity"}, 200,
         "recon:0.2/suggest-entities-response", lambda d: d["result"] == []),
    Case("reconcile_suggest_entity_prefix", {"method": "GET", "path": "/reconcile/default/suggest/entity",
                                             "params": {"prefix": "ri won ho"}}, 200, "recon:0.2/suggest-entities-response",
         lambda d: d["result"][0]["id"] == "{RI}"),
    Case("reconcile_suggest_entity_dummy", {"method": "GET", "path": "/reconcile/default/suggest/entity",
                                            "params": {"prefix": "banana man"}}, 200, "recon:0.2/suggest-entities-response",
         lambda d: d["result"] == []),
    Case("reconcile_suggest_property_no_prefix", {"method": "GET", "path": "/reconcile/default/suggest/property"}, 200,
         "recon:0.2/suggest-properties-response", lambda d: d["result"] == []),
    Case("reconcile_suggest_property_prefix", {"method": "GET", "path": "/reconcile/default/suggest/property",
                                               "params": {"prefix": "country"}}, 200, "recon:0.2/suggest-properties-response",
         lambda d: {"LegalEntity:mainCountry", "Thing:country"} <= {r["id"] for r in d["result"]}),
    Case("reconcile_suggest_type_no_prefix", {"method": "GET", "path": "/reconcile/default/suggest/type"}, 200, None,
         lambda d: d["result"] == []),
    Case("reconcile_suggest_type_prefix", {"method": "GET", "path": "/reconcile/default/suggest/type",
                                           "params": {"prefix": "organ"}}, 200, None,
         lambda d: [r["id"] for r in d["result"]] == ["Organization"]),
    Case("reconcile_extend_properties", {"method": "GET", "path": "/reconcile/default/extend/property",
                                         "params": {"limit": 5, "type": "LegalEntity"}}, 200, None,
         lambda d: d["type"] == "LegalEntity" and d["limit"] == 5 and len(d["properties"]) == 5
         and {"name", "country"} <= {p["id"] for p in d["properties"]}),
    Case("reconcile_extend_properties_invalid_type", {"method": "GET", "path": "/reconcile/default/extend/property",
                                                      "params": {"limit": 5, "type": "Banana"}}, 400, "ErrorResponse"),
    Case("reconcile_draft_json_queries", {"method": "POST", "path": "/reconcile/default", "json": {"queries": [
        {"type": "Person", "conditions": [{"matchType": "name", "propertyValue": "Ri Won Ho"},
                                          {"matchType": "property", "propertyId": "birthDate", "propertyValue": "1964"}]}]}},
         200, "recon:1.0-draft/reconciliation-result-batch",
         lambda d: d["results"][0]["candidates"][0]["id"] == "{RI}"),
]


@pytest.fixture(scope="module")
def yente_client(bundled_home):
    with make_client(bundled_home) as client:
        yield client


def ri_won_ho_id(client) -> str:
    """The reconciled id of RI Won Ho (UN KPi.033, OFAC and UK entries), whatever the clustering names it."""
    response = client.get("/entities/un-sc-KPi.033", follow_redirects=False)
    return response.headers["location"].rsplit("/", 1)[-1] if response.status_code == 308 else "un-sc-KPi.033"


def replay(client, case: Case) -> tuple[int, Any]:
    """Send the case's request (with `{RI}` standing for RI Won Ho's reconciled id); the answer with
    that id written back as `{RI}`, so the checks read the same whatever the clustering names it."""
    ri = ri_won_ho_id(client)
    req = json.loads(json.dumps(case.request).replace("{RI}", ri))
    response = client.request(req.pop("method"), req.pop("path"), follow_redirects=False, **req)
    try:
        return response.status_code, json.loads(response.text.replace(ri, "{RI}"))
    except ValueError:
        return response.status_code, None


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_yente_request_answers_as_yente_does(yente_client, case):
    status, data = replay(yente_client, case)
    assert status == case.status, data
    if case.component is None:
        assert case.check(data), data
        return
    if case.component.startswith("recon:"):
        version, name = case.component[len("recon:"):].split("/")
        errors = reconciliation_errors(version, name, data)
    else:
        errors = yente_errors(case.component, data)
    assert errors == [], errors[:5]
    assert case.check(data), json.dumps(data)[:2000]


def test_the_replay_covers_every_yente_endpoint():
    paths = {c.request["path"].split("?")[0] for c in CASES}
    for prefix in ("/match/", "/search/", "/entities/", "/healthz", "/readyz", "/catalog", "/algorithms", "/reconcile/",
                   "/suggest/entity", "/suggest/type", "/suggest/property", "/extend/property", "/adjacent"):
        assert any(prefix in p for p in paths), prefix
