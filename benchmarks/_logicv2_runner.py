"""Runs inside .venv-bench (nomenklatura 4.17.4): reads pairs as JSON lines on stdin, prints scores.

Each input line: {"schema", "a": {prop: [values]}, "b": {...}}. Each output line: the logic-v2 score.
Every entity gets a unique id: nomenklatura caches name analysis by entity id.
"""

import json
import sys
import time

from followthemoney import ValueEntity, model
from nomenklatura.matching import LogicV2


def entity(entity_id, schema, props):
    e = ValueEntity(model.get(schema), {"id": entity_id})
    for prop, values in props.items():
        for v in values:
            if v:
                e.add(prop, v)
    return e


def main():
    config = LogicV2.default_config()
    pairs = [json.loads(line) for line in sys.stdin if line.strip()]
    entities = [(entity(f"a{i}", p["schema"], p["a"]), entity(f"b{i}", p["schema"], p["b"])) for i, p in enumerate(pairs)]
    LogicV2.compare(*entities[0], config) if entities else None  # load rigour's corpora before timing
    started = time.perf_counter()
    scores = [LogicV2.compare(a, b, config).score for a, b in entities]
    elapsed = time.perf_counter() - started
    json.dump({"scores": scores, "seconds": elapsed}, sys.stdout)


if __name__ == "__main__":
    main()
