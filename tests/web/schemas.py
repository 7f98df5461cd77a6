"""Validators for yente's OpenAPI components and the W3C reconciliation API's JSON schemas (test fixtures)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

FIXTURES = Path(__file__).parent.parent / "fixtures"
YENTE_OPENAPI = FIXTURES / "yente" / "openapi-5.5.0.json"
RECONCILIATION = FIXTURES / "reconciliation"


@lru_cache(maxsize=1)
def yente_spec() -> dict:
    return json.loads(YENTE_OPENAPI.read_text(encoding="utf-8"))


def yente_errors(component: str, data) -> list[str]:
    """What in `data` disagrees with yente's OpenAPI component (e.g. `EntityMatchResponse`)."""
    schema = {"$ref": f"#/components/schemas/{component}", "components": yente_spec()["components"]}
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resources = []
    for path in RECONCILIATION.glob("*/*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


def reconciliation_errors(version: str, name: str, data) -> list[str]:
    """What in `data` disagrees with the reconciliation spec's schema `version/name` (e.g. 0.2, manifest)."""
    schema = json.loads((RECONCILIATION / version / f"{name}.json").read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, registry=_registry())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
