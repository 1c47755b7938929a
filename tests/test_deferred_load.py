"""Large packages load right after the server starts (issue 20 §5, start to first answer):
``ECONINDEX_DEFER_LOAD_MB`` / ``store.build_snapshot(defer=...)``. A deferred release answers
503 ``release-unavailable`` ("loading") until the watch loop has loaded it through the retry
path; ``latest`` is never deferred."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.store import DEFERRED, build_snapshot
from tests.conftest import LiveServer, on_server, start_server, stop_server


def test_deferred_releases_are_pending_then_loaded(long_root: Path) -> None:
    source = LocalDataSource(long_root)
    first, problem = build_snapshot(source, None, None, defer=lambda entry: True)
    assert problem is None
    deferred = {rid for rid, s in first.releases.items() if s.load_error == DEFERRED}
    # every release but the one `latest` resolves to
    assert deferred == set(first.releases) - {"2025-03-27"}
    assert first.latest_id == "2025-03-27" and first.releases["2025-03-27"].available
    assert set(first.pending) == deferred and first.retry_due(time.monotonic())
    second, _ = build_snapshot(source, first, None)
    assert all(s.available for s in second.releases.values()) and not second.pending
    assert second.releases["2025-03-27"] is first.releases["2025-03-27"]  # reused, not reloaded
    assert "geo_usage" in second.releases["2025-09-15"].views.tables  # type: ignore[union-attr]


def test_a_server_with_deferred_packages_answers_everything_once_loaded(
    long_root: Path, long_server: LiveServer
) -> None:
    """Once loaded, a deferred release answers exactly as on a server that loaded it first."""
    server = start_server(long_root, {"ECONINDEX_DEFER_LOAD_MB": "1"})  # defers 2025-02-10...
    try:
        latest = httpx.get(server.url("/v1/releases/latest"), timeout=30)
        assert latest.status_code == 200 and latest.json()["release"]["id"] == "2025-03-27"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if httpx.get(server.url("/ready"), timeout=30).json()["status"] == "ready":
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the deferred releases did not load within 60 s")
        for path in (
            "/v1/releases/2025-02-10/tasks?q=software&limit=50",
            "/v1/releases/2025-09-15/geographies?level=subregion&country=USA",
            "/v1/releases/labor-market-impacts/occupations?limit=20",
        ):
            deferred = httpx.get(server.url(path), timeout=30)
            direct = httpx.get(long_server.url(path), timeout=30)
            assert deferred.status_code == direct.status_code == 200, path
            assert on_server(deferred.json(), server) == on_server(direct.json(), long_server)
    finally:
        stop_server(server)
