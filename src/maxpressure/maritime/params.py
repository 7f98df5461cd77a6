"""Detector parameters by name: ``encounter.max_distance_m=500`` from the CLI or the API, and the
record of every parameter a run used (written beside its events, so a result can be reproduced).

Names are ``<detector>.<field>`` of ``engine.DetectParams``; values are parsed as the field's type.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from maxpressure.errors import MaxpressureError
from maxpressure.maritime.engine import DetectParams


def parameter_names(params: DetectParams = DetectParams()) -> list[str]:
    return [f"{part.name}.{f.name}" for part in dataclasses.fields(params)
            for f in dataclasses.fields(getattr(params, part.name))]


def as_record(params: DetectParams) -> dict[str, dict]:
    """Every parameter of every detector, as plain data."""
    return dataclasses.asdict(params)


def _parse(value: str, kind: type, name: str):
    text = value.strip()
    try:
        if kind is bool:
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return text.lower() in ("true", "1", "yes")
        return kind(text)
    except ValueError:
        raise MaxpressureError(f"parameter {name}: {value!r} is not a {kind.__name__}") from None


def with_overrides(params: DetectParams, overrides: Iterable[str] | Mapping[str, object]) -> DetectParams:
    """``params`` with each ``name=value`` (or mapping item) applied; unknown names are an error
    that lists the known ones."""
    items = overrides.items() if isinstance(overrides, Mapping) else (_split(o) for o in overrides)
    changes: dict[str, dict[str, object]] = {}
    for name, value in items:
        part, _, field_name = name.strip().partition(".")
        group = getattr(params, part, None) if part in {f.name for f in dataclasses.fields(params)} else None
        fields = {f.name: f for f in dataclasses.fields(group)} if group is not None else {}
        if field_name not in fields:
            raise MaxpressureError(f"unknown detector parameter {name!r}; known: {', '.join(parameter_names(params))}")
        kind = type(getattr(group, field_name))
        changes.setdefault(part, {})[field_name] = _parse(value, kind, name) if isinstance(value, str) else kind(value)
    return dataclasses.replace(params, **{part: dataclasses.replace(getattr(params, part), **values)
                                          for part, values in changes.items()})


def _split(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise MaxpressureError(f"--param takes name=value (e.g. encounter.max_distance_m=500), not {text!r}")
    return name, value
