"""Parse time and peak memory of the OFAC advanced XML parser at the size of a full SDN_ADVANCED.XML.

No full advanced file is available here, so the real 7-party excerpt
(tests/fixtures/sanctions/ofac-cons-advanced-2020-03-17-excerpt.xml) is scaled up: its parties,
locations, documents, relationship and entries are repeated with every record id shifted, the
reference tables kept once. The result has the real file's shape, not its content; the real
SDN_ADVANCED.XML is about 120 MB for some 18,000 parties. Each size runs in a fresh process three
times; the script prints the medians. Run: .venv/bin/python benchmarks/ofac_advanced_scale.py
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

EXCERPT = Path(__file__).parent.parent / "tests" / "fixtures" / "sanctions" / "ofac-cons-advanced-2020-03-17-excerpt.xml"
COPIES = (100, 500, 2500)  # x 7 parties
SECTIONS = ("Locations", "IDRegDocuments", "DistinctParties", "ProfileRelationships", "SanctionsEntries")
# Attributes that hold a record's own id or point at another record (not at a reference table).
RECORD_IDS = re.compile(
    r'\b(ID|FixedRef|ProfileID|LocationID|IdentityID|FeatureVersionID|DocumentedNameID|NamePartGroupID|'
    r'From-ProfileID|To-ProfileID|SanctionsEntryID|IDRegDocumentID)="(\d+)"')

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from maxpressure.sources import ofac_advanced
t0 = time.perf_counter()
parsed = ofac_advanced.parse([Path(sys.argv[1])])
t1 = time.perf_counter()
print(json.dumps({"entries": len(parsed.entries), "parse_s": t1 - t0,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scaled(copies: int) -> str:
    text = EXCERPT.read_text("utf-8")
    for section in SECTIONS:
        start = text.index(f"<{section}>") + len(f"<{section}>")
        end = text.index(f"</{section}>")
        body = text[start:end]
        repeated = "".join(RECORD_IDS.sub(lambda m, k=k: f'{m[1]}="{int(m[2]) + k * 10_000_000}"', body)
                           for k in range(copies))
        text = text[:start] + repeated + text[end:]
    return text


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    for copies in COPIES:
        path = folder / f"cons_advanced_{copies}.xml"
        path.write_text(scaled(copies), "utf-8")
        runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(3)]
        size_mb = path.stat().st_size / 2**20
        print(f"{copies * 7:>6} parties  {size_mb:6.1f} MB  entries {runs[0]['entries']:>6}  "
              f"parse {statistics.median(r['parse_s'] for r in runs):6.2f} s  "
              f"peak RSS {statistics.median(r['peak_rss_mb'] for r in runs):7.0f} MB")
        path.unlink()


if __name__ == "__main__":
    main()
