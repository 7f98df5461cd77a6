"""Cache keys follow the source they were computed with (code_version.py)."""

from __future__ import annotations

import maxpressure.code_version as code_version
from maxpressure.network import cache as network_cache


def test_digest_changes_when_a_screening_module_changes(tmp_path, monkeypatch):
    for package in ("network", "reconcile", "screening"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "a.py").write_text("X = 1\n")
    monkeypatch.setattr(code_version, "_PACKAGE", tmp_path)
    code_version.source_digest.cache_clear()
    try:
        before = network_cache.graph_key([1, 2], [])
        (tmp_path / "screening" / "a.py").write_text("X = 2\n")  # a new name comparison
        code_version.source_digest.cache_clear()
        assert network_cache.graph_key([1, 2], []) != before
        assert code_version.source_digest("reconcile") == code_version.source_digest("reconcile")
    finally:
        code_version.source_digest.cache_clear()


def test_digest_of_the_real_package_names_every_module():
    digest = code_version.source_digest("screening")
    assert len(digest) == 40 and digest != code_version.source_digest("reconcile")
