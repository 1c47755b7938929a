"""The releases the server holds: loaded, verified, swapped atomically, watched.

At start the store reads ``catalog.json`` and loads the current version of every release: the
``datapackage.json`` must hash to the catalog's package sha256, and every file it lists (and
``package.zip``) must hash to the value recorded for it; Parquet tables are read from the very
bytes that were hashed. A release that fails is kept in the catalog as *unavailable* (its
endpoints answer 503, ``/ready`` says why) and does not affect the others.

Everything a request needs is in one immutable :class:`Snapshot`; ``Store.current`` is
replaced by a new snapshot in one assignment, so a request sees either the old or the new
catalog, never a mix.

:meth:`Store.refresh` (run at most once a second by a background task, and by ``/ready``)
notices

* a changed ``catalog.json`` (size/mtime, then sha256): loads the new snapshot, reusing
  releases whose package hash did not change, and swaps it in;
* a changed or deleted file of a loaded release: re-hashes it and marks the release
  unavailable while it does not match (available again when it does). "Changed" means its
  size, mtime, ctime or inode changed (``data_source.FileStat``): ctime cannot be set back by a
  writer, so even a writer that restores mtime is noticed at the next check;
* every ``rehash_interval_s`` (``ECONINDEX_REHASH_INTERVAL``), every file is hashed again
  whatever its stat says, which catches bytes that change with no metadata change (bit rot).

A version that fails its load (its files not there yet because the catalog was written
first, a file missing or damaged at start-up) is *pending*: it is loaded again with backoff
(1 s, doubling, at most ``RETRY_MAX_S``) until it loads, with no need for a new catalog or a
restart. Until then the last verified version of that release keeps answering (if there was
one), ``latest`` resolves to the newest usage release that is loaded, and ``/ready`` names the
pending version and why it failed (issue 18, N4).

Each release state carries an ``epoch``: a number drawn from one process-wide counter when the
state is made and again whenever its availability changes, so an epoch is never reused.
Answers over several releases (compare, series, the catalog) are cached under the epochs of
the releases they read (``registry.generation``), not under availability flags that flip back
and forth: an answer computed during a fault or a recovery can never be served for a later
state (issue 18, N6).

Degrading, never breaking: a catalog.json that is deleted, unreadable, empty (``{}``, no
releases) or malformed (a version ``1.0``, a release without versions) is refused; the last
good catalog stays in service, ``catalog_problem`` says why (``/ready`` reports it), and the
problem is logged once, not on every check. An unreadable file or directory makes its
release unavailable (503 ``release-unavailable``), like a corrupted one.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec
import polars as pl

from econindex_api.catalog import (
    CATALOG_FILE,
    USAGE_SERIES,
    Catalog,
    ReleaseEntry,
    VersionEntry,
    decode_catalog,
)
from econindex_api.publishing.tables_legacy import LEGACY_RENAMES
from econindex_api.server.data_source import DataSource, StatLike, UnsafePathError, sha256_hex
from econindex_api.server.toolkit.cache import AnswerCache
from econindex_api.server.views import ReleaseViews

log = logging.getLogger("econindex.server")

MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".zip": "application/zip",
}


RETRY_FIRST_S = 1.0
RETRY_MAX_S = 60.0
_EPOCHS = itertools.count(1)  # next(): atomic under the GIL


def next_epoch() -> int:
    return next(_EPOCHS)


class VerificationError(Exception):
    """A file of a release does not match its recorded hash (or cannot be read)."""


@dataclass
class VerifiedFile:
    """A file of a release, as verified; ``stat`` is its state when last verified."""

    path: str  # relative to the data root
    sha256: str
    size: int
    media_type: str
    stat: StatLike | None


@dataclass
class ReleaseState:
    """One release of the catalog with its current version, loaded or not."""

    entry: ReleaseEntry
    version: VersionEntry
    views: ReleaseViews | None = None
    files: dict[str, VerifiedFile] = field(default_factory=dict)
    # The verified datapackage.json, decoded (the table browser's titles, descriptions and
    # field types; ``areas/tables.py``). Empty until loaded.
    descriptor: dict[str, Any] = field(default_factory=dict)
    load_error: str | None = None
    file_errors: dict[str, str] = field(default_factory=dict)
    cache: AnswerCache = field(default_factory=AnswerCache)
    epoch: int = field(default_factory=next_epoch)  # new whenever availability may change

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def available(self) -> bool:
        return self.views is not None and self.load_error is None and not self.file_errors

    @property
    def unavailable_reason(self) -> str | None:
        if self.load_error is not None:
            return self.load_error
        if self.file_errors:
            return "; ".join(self.file_errors.values())
        if self.views is None:
            return "not loaded"
        return None

    def file(self, key: str) -> VerifiedFile | None:
        """key: ``datapackage.json``, ``package.zip`` or ``data/<table>.<csv|parquet>``."""
        return self.files.get(key)


@dataclass(frozen=True)
class PendingVersion:
    """A catalog version that failed to load and is tried again at ``retry_at``."""

    release: str
    version: str
    package_sha256: str
    reason: str
    attempts: int
    retry_at: float  # time.monotonic()


def retry_delay(attempts: int) -> float:
    """Backoff after ``attempts`` failed loads: 1, 2, 4, ... seconds, at most RETRY_MAX_S."""
    return float(min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** min(attempts - 1, 16)))


@dataclass(frozen=True)
class Snapshot:
    catalog: Catalog
    catalog_sha256: str | None
    releases: dict[str, ReleaseState]
    latest_id: str | None
    error: str | None = None  # why the catalog could not be read, if it could not
    pending: dict[str, PendingVersion] = field(default_factory=dict)

    def retry_due(self, now: float) -> bool:
        return any(p.retry_at <= now for p in self.pending.values())

    def resolve(self, requested: str) -> ReleaseState | None:
        if requested == "latest":
            return self.releases.get(self.latest_id) if self.latest_id else None
        return self.releases.get(requested)

    def known_ids(self) -> list[str]:
        return sorted(self.releases)


EMPTY = Snapshot(catalog=Catalog(), catalog_sha256=None, releases={}, latest_id=None)


def _media_type(path: str) -> str:
    for suffix, media in MEDIA_TYPES.items():
        if path.endswith(suffix):
            return media
    return "application/octet-stream"


def _read_verified(source: DataSource, path: str, expected: str) -> tuple[bytes, StatLike | None]:
    stat = source.stat(path)
    try:
        data = source.read_bytes(path)
    except (OSError, UnsafePathError) as exc:
        raise VerificationError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    actual = sha256_hex(data)
    if actual != expected:
        raise VerificationError(f"{path}: sha256 is {actual}, expected {expected}")
    return data, stat


def load_release(source: DataSource, entry: ReleaseEntry) -> ReleaseState:
    """Load and verify the current version of one release; never raises for bad data."""
    version = entry.current
    state = ReleaseState(entry=entry, version=version)
    try:
        _load_into(source, state)
    except VerificationError as exc:
        state.load_error = str(exc)
        log.error("release %s %s unavailable: %s", entry.id, version.version, exc)
    except Exception as exc:  # a damaged Parquet file or descriptor must not stop the server
        state.load_error = f"cannot load: {exc.__class__.__name__}: {exc}"[:500]
        log.exception("release %s %s unavailable", entry.id, version.version)
    return state


def _load_into(source: DataSource, state: ReleaseState) -> None:
    base = state.version.path.rstrip("/")
    descriptor_path = f"{base}/datapackage.json"
    descriptor_bytes, stat = _read_verified(source, descriptor_path, state.version.package_sha256)
    files = {
        "datapackage.json": VerifiedFile(
            descriptor_path,
            state.version.package_sha256,
            len(descriptor_bytes),
            "application/json",
            stat,
        )
    }
    descriptor = msgspec.json.decode(descriptor_bytes)
    listed: dict[str, str] = {}
    for resource in descriptor.get("resources", []):
        digest = str(resource.get("hash", ""))
        listed[str(resource["path"])] = digest.removeprefix("sha256:")
    table_of = {}
    for res in state.version.resources:
        for file_entry in (res.csv, res.parquet):
            if listed.get(file_entry.path) != file_entry.sha256:
                raise VerificationError(
                    f"{base}/{file_entry.path}: datapackage.json and catalog.json disagree "
                    "about its sha256"
                )
        table_of[res.parquet.path] = res.name
    tables: dict[str, pl.DataFrame] = {}
    for rel_path, digest in sorted(listed.items()):
        path = f"{base}/{rel_path}"
        data, stat = _read_verified(source, path, digest)
        files[rel_path] = VerifiedFile(path, digest, len(data), _media_type(rel_path), stat)
        if rel_path in table_of:
            name = table_of[rel_path]
            tables[name] = read_table(name, data)
    zip_entry = state.version.zip
    zip_path = f"{base}/{zip_entry.path}"
    zip_stat = source.stat(zip_path)
    zip_digest = _hash_stream(source, zip_path, zip_stat)
    if zip_digest != zip_entry.sha256:
        raise VerificationError(f"{zip_path}: sha256 is {zip_digest}, expected {zip_entry.sha256}")
    files["package.zip"] = VerifiedFile(
        zip_path, zip_entry.sha256, zip_entry.bytes, "application/zip", zip_stat
    )
    _refuse_legacy_names(tables, state.version.version)
    state.files = files
    state.descriptor = descriptor
    state.views = ReleaseViews.from_tables(tables)


def _refuse_legacy_names(tables: dict[str, pl.DataFrame], version: str) -> None:
    """A version published before 2.0.0 names its SOC columns ``soc_code``
    (``publishing/tables_legacy.py``); the server reads the 2.0.0 names, so it says what to do
    instead of failing on a missing column."""
    for table, (new, old) in LEGACY_RENAMES.items():
        if table in tables and old in tables[table].columns and new not in tables[table].columns:
            raise VerificationError(
                f"version {version} names {table}.{new} '{old}', as builds did before the "
                "rename of data packages 2.0.0 (CHANGELOG); this server reads the new names: "
                "run 'econindex build' on this data root to add the current version"
            )


# The long tables of the long-format releases (2.1 million observations in 2026-06-26) repeat
# a few thousand distinct strings millions of times: held as String, 2026-06-26's
# observations take 378 MB (node_name alone 124 MB). As Categorical (a 4-byte code per row
# and one copy of each string) they take a fraction of it, which keeps every release in one
# worker under the memory target (bench/README.md, issue 21). Categorical compares with a
# string literal, sorts and ranks lexically, and encodes to the same JSON and CSV text, so
# answers are byte-identical; the served files are the published ones, untouched.
COMPACT_TABLES = frozenset({"observations", "node_usage"})


def read_table(name: str, parquet: bytes) -> pl.DataFrame:
    """One table from its Parquet bytes; the String columns of ``COMPACT_TABLES`` as
    Categorical, cast by the streaming engine so the String form is never whole in memory
    (2026-06-26's observations: peak 573 MiB instead of 703, resident 246 MiB instead of 582,
    ``bench/README.md``)."""
    if name not in COMPACT_TABLES:
        return pl.read_parquet(io.BytesIO(parquet))
    frame = pl.scan_parquet(io.BytesIO(parquet))
    strings = [c for c, dtype in frame.collect_schema().items() if dtype == pl.String]
    return frame.with_columns(pl.col(strings).cast(pl.Categorical)).collect(engine="streaming")


def _hash_stream(source: DataSource, path: str, stat: StatLike | None) -> str:
    """sha256 of a possibly large file without holding it in memory."""
    import hashlib

    if stat is None:
        raise VerificationError(f"{path}: missing")
    digest = hashlib.sha256()
    try:
        for chunk in source.iter_range(path, 0, stat.size - 1):
            digest.update(chunk)
    except (OSError, UnsafePathError) as exc:
        raise VerificationError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    return digest.hexdigest()


NewStateHook = Callable[[ReleaseState, bool], None]
# Which releases the first load leaves to the watch loop (see ``build_snapshot``).
DeferHook = Callable[[ReleaseEntry], bool]
DEFERRED = "loading: deferred at start (a large package, loaded right after the server starts)"


class CatalogProblem(Exception):
    """catalog.json is missing, unreadable or not a valid catalog."""


# MAJOR.MINOR.PATCH, optionally with the pre-release tag of an unpinned build (catalog.py).
_SEMVER = re.compile(
    r"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(-unpinned)?\Z"
)


def check_catalog(catalog: Catalog) -> None:
    """Refuse a catalog the server cannot serve from (CatalogProblem naming the fault): no
    releases (an empty ``{}``), a release without versions, a version that is not x.y.z,
    duplicate ids."""
    if not catalog.releases:
        raise CatalogProblem(f"{CATALOG_FILE} lists no releases")
    seen: set[str] = set()
    for release in catalog.releases:
        if not release.id or release.id in seen or release.id == "latest":
            raise CatalogProblem(f"{CATALOG_FILE}: release id {release.id!r} is empty or repeated")
        seen.add(release.id)
        if not release.versions:
            raise CatalogProblem(f"{CATALOG_FILE}: release {release.id!r} has no versions")
        for version in release.versions:
            if not _SEMVER.match(version.version):
                raise CatalogProblem(
                    f"{CATALOG_FILE}: release {release.id!r} has version {version.version!r}, "
                    "not MAJOR.MINOR.PATCH"
                )


def read_catalog(source: DataSource) -> tuple[Catalog, str, StatLike]:
    """The catalog, its sha256 and its stat; CatalogProblem when it cannot be served."""
    try:
        stat = source.stat(CATALOG_FILE)
        if stat is None:
            raise CatalogProblem(f"no {CATALOG_FILE} in the data root ({source.describe()})")
        raw = source.read_bytes(CATALOG_FILE)
    except (OSError, UnsafePathError) as exc:
        raise CatalogProblem(f"{CATALOG_FILE} cannot be read ({exc.__class__.__name__})") from None
    try:
        catalog = decode_catalog(raw)
    except msgspec.DecodeError as exc:
        raise CatalogProblem(f"{CATALOG_FILE} is not a valid catalog: {exc}") from None
    check_catalog(catalog)
    return catalog, sha256_hex(raw), stat


def build_snapshot(
    source: DataSource,
    previous: Snapshot | None = None,
    on_new_state: NewStateHook | None = None,
    defer: DeferHook | None = None,
) -> tuple[Snapshot, str | None]:
    """Read catalog.json and load every release (reusing unchanged ones from ``previous``).

    Returns the snapshot to serve and the catalog problem, if any: when catalog.json is
    missing, unreadable, empty or malformed, the previous snapshot (the last good catalog)
    is kept and served; with no previous one, an empty snapshot naming the problem.

    ``on_new_state(state, is_latest)`` runs for each newly loaded release before the snapshot
    is returned (so before any request can see it): the server warms its caches there.

    ``defer(entry)``, on the first build only (``previous`` None): a release it names is not
    loaded now but recorded as pending with its retry due at once, so the next refresh (the
    server's watch loop, one second later, off the event loop) loads it through the same
    path as a retry. Until then it answers 503 ``release-unavailable`` ("loading"). The
    release ``latest`` resolves to is never deferred (``latest`` must not move while the
    others load). This keeps the start of a server with large long-format packages as fast
    as with the small ones.
    """
    try:
        catalog, digest, _ = read_catalog(source)
    except CatalogProblem as exc:
        if previous is not None and previous.catalog_sha256 is not None:
            return previous, str(exc)
        return Snapshot(Catalog(), None, {}, None, error=str(exc)), str(exc)
    now = time.monotonic()
    if previous is not None and previous.catalog_sha256 == digest and not previous.retry_due(now):
        return previous, None
    releases: dict[str, ReleaseState] = {}
    pending: dict[str, PendingVersion] = {}
    newest = catalog.latest_usage()
    for entry in catalog.releases:
        old = previous.releases.get(entry.id) if previous is not None else None
        wanted = entry.current.package_sha256
        is_latest = newest is not None and newest.id == entry.id
        if previous is None and defer is not None and not is_latest and defer(entry):
            releases[entry.id] = ReleaseState(entry, entry.current, load_error=DEFERRED)
            pending[entry.id] = PendingVersion(
                entry.id, entry.current.version, wanted, DEFERRED, 0, now
            )
            continue
        if old is not None and old.load_error is None and old.version.package_sha256 == wanted:
            releases[entry.id] = old
            continue
        before = previous.pending.get(entry.id) if previous is not None else None
        if before is not None and before.package_sha256 != wanted:
            before = None  # another version is wanted now: its own first try
        if before is not None and before.retry_at > now and old is not None:
            releases[entry.id] = old  # not due yet: keep serving what was served
            pending[entry.id] = before
            continue
        state = load_release(source, entry)
        if state.load_error is None:
            if before is not None and before.attempts == 0:
                log.info(
                    "release %s %s loaded (deferred at start)", entry.id, entry.current.version
                )
            elif before is not None:
                log.warning("release %s %s loaded on retry", entry.id, entry.current.version)
            releases[entry.id] = state
            continue
        attempts = before.attempts + 1 if before is not None else 1
        pending[entry.id] = PendingVersion(
            entry.id,
            entry.current.version,
            wanted,
            state.load_error,
            attempts,
            now + retry_delay(attempts),
        )
        # The last verified version keeps answering; with none, the failed state (503).
        verified = old is not None and old.load_error is None and old.views is not None
        releases[entry.id] = old if verified and old is not None else state
    latest = _latest_loaded(catalog, releases)
    if on_new_state is not None:
        for rid, state in releases.items():
            reused = previous is not None and previous.releases.get(rid) is state
            if not reused:
                on_new_state(state, latest is not None and latest == rid)
    snapshot = Snapshot(
        catalog=catalog,
        catalog_sha256=digest,
        releases=releases,
        latest_id=latest,
        pending=pending,
    )
    return snapshot, None


def _latest_loaded(catalog: Catalog, releases: dict[str, ReleaseState]) -> str | None:
    """What ``latest`` resolves to: the newest dated usage release that is loaded (a newer one
    still pending does not take ``latest`` away from a working one); the catalog's newest
    when none is loaded (it then answers 503 with the reason). A release with only unpinned
    builds is never ``latest`` (``Catalog.latest_usage``, the same rule)."""
    dated = [
        r for r in catalog.releases if r.series == USAGE_SERIES and r.date is not None and r.pinned
    ]
    dated.sort(key=lambda r: r.date or "", reverse=True)
    for entry in dated:
        state = releases.get(entry.id)
        if state is not None and state.load_error is None and state.views is not None:
            return entry.id
    newest = catalog.latest_usage()
    return newest.id if newest is not None else None


def check_files(source: DataSource, state: ReleaseState, rehash: bool = False) -> None:
    """Re-verify the files of a loaded release whose state changed since last verified (every
    file when ``rehash``: bytes can change without any change of size, mtime, ctime or inode,
    e.g. bit rot)."""
    if state.views is None:
        return
    for key, record in state.files.items():
        try:
            now = source.stat(record.path)
        except (OSError, UnsafePathError) as exc:  # e.g. its directory became unreadable
            _file_error(state, key, f"{record.path}: cannot be read ({exc.__class__.__name__})")
            record.stat = None
            continue
        if now is None:
            _file_error(state, key, f"{record.path}: deleted")
            record.stat = None
            continue
        if now == record.stat and key not in state.file_errors and not rehash:
            continue
        if now.size != record.size:
            _file_error(state, key, f"{record.path}: size is {now.size}, expected {record.size}")
            record.stat = now
            continue
        try:
            digest = _hash_stream(source, record.path, now)
        except VerificationError as exc:
            _file_error(state, key, str(exc))
            record.stat = None  # try again next time
            continue
        record.stat = now
        if digest != record.sha256:
            _file_error(state, key, f"{record.path}: sha256 is {digest}, expected {record.sha256}")
        elif key in state.file_errors:
            del state.file_errors[key]
            state.epoch = next_epoch()
            log.warning("release %s: %s verified again", state.id, record.path)


def _file_error(state: ReleaseState, key: str, message: str) -> None:
    if state.file_errors.get(key) != message:  # log a fault once, not on every check
        log.error("release %s unavailable: %s", state.id, message)
        state.file_errors[key] = message
        state.epoch = next_epoch()


class Store:
    """Holds the current snapshot; ``refresh`` is safe to call from any thread."""

    def __init__(
        self,
        source: DataSource,
        min_interval_s: float = 1.0,
        on_new_state: NewStateHook | None = None,
        rehash_interval_s: float = 0.0,
        defer: DeferHook | None = None,
    ) -> None:
        self.source = source
        self.on_new_state = on_new_state
        self.defer = defer
        self.min_interval_s = min_interval_s
        self.current: Snapshot = EMPTY
        self.catalog_problem: str | None = None
        self._catalog_stat: StatLike | None = None
        self._last_refresh = 0.0
        self._last_rehash = time.monotonic()
        self.rehash_interval_s = rehash_interval_s
        self._lock = threading.Lock()

    def _catalog_state(self) -> StatLike | None:
        try:
            return self.source.stat(CATALOG_FILE)
        except (OSError, UnsafePathError):
            return None

    def _swap(self, snapshot: Snapshot, problem: str | None) -> None:
        if problem != self.catalog_problem:
            if problem is not None:  # logged once per distinct problem, not every second
                kept = " (keeping the last good catalog)" if snapshot.catalog_sha256 else ""
                log.error("%s%s", problem, kept)
            else:
                log.warning("%s is valid again", CATALOG_FILE)
            self.catalog_problem = problem
        if snapshot is not self.current:
            changed = snapshot.catalog_sha256 != self.current.catalog_sha256
            if self.current is not EMPTY and changed:  # (not on each retry of a pending one)
                log.warning("catalog changed: now serving %s", ", ".join(snapshot.releases))
            self.current = snapshot

    def load(self) -> Snapshot:
        with self._lock:
            self._catalog_stat = self._catalog_state()
            self._swap(*build_snapshot(self.source, None, self.on_new_state, self.defer))
            self._last_refresh = time.monotonic()
            return self.current

    def refresh(self, force: bool = False) -> Snapshot:
        """Pick up a changed catalog and changed files; at most once per ``min_interval_s``."""
        if not self._lock.acquire(blocking=False):
            return self.current  # another thread is refreshing right now
        try:
            now = time.monotonic()
            if not force and now - self._last_refresh < self.min_interval_s:
                return self.current
            self._last_refresh = now
            stat = self._catalog_state()
            if (
                stat is None
                or stat != self._catalog_stat
                or self.current.catalog_sha256 is None
                or self.catalog_problem is not None
                or self.current.retry_due(now)
            ):
                self._catalog_stat = stat
                self._swap(*build_snapshot(self.source, self.current, self.on_new_state))
            rehash = 0 < self.rehash_interval_s <= now - self._last_rehash
            if rehash:
                self._last_rehash = now
            for state in self.current.releases.values():
                check_files(self.source, state, rehash=rehash)
            return self.current
        finally:
            self._lock.release()

    def states(self) -> Iterable[ReleaseState]:
        return self.current.releases.values()


def status_of(snapshot: Snapshot) -> dict[str, Any]:
    """Plain summary (for logs)."""
    return {
        rid: {"version": s.version.version, "available": s.available}
        for rid, s in snapshot.releases.items()
    }
