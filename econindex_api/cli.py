"""The econindex command: build, validate, list, replicate and serve releases.

    econindex build --raw ../shared/aei            # all known releases found there
    econindex build --raw DIR --release 2025-02-10  # one release
    econindex build --raw DIR --onet DIR            # O*NET crosswalks elsewhere than DIR/../onet
    econindex build --raw DIR --release 2025-09-15 --unpinned   # files that do not match pins
    econindex validate [PATH]                        # a data root, a package folder or zip
    econindex releases [DIR]                         # the catalog as a table
    econindex replicate [--data DIR] [--release ID]  # report figures vs our tables
    econindex serve [--data DIR] [--host] [--port]   # the REST API

The build and server modules are imported inside the commands so that --help works (and
the client package imports) without the server extra installed. The help texts below are
plain text (``econindex --help`` prints them as they are): no reStructuredText markup there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DATA = Path("datapackages")

# The client installs without the server stack; these commands need it. Until econindex-api is
# on a package index, the extra is installed from a checkout or from a wheel built with
# ``python -m build`` (README, "For researchers").
SERVER_EXTRA_MISSING = (
    "error: `econindex {command}` needs the server extra (Polars, pyarrow, frictionless, "
    "Litestar), which this install does not have (missing module: {module}).\n"
    "Install it from an econindex checkout with:  pip install '.[server]'\n"
    "or from a wheel built by `python -m build`:  "
    "pip install 'dist/econindex_api-{version}-py3-none-any.whl[server]'"
)


SERVER_MODULES = ("polars", "pyarrow", "frictionless", "litestar", "uvicorn")
SERVER_COMMANDS = ("build", "validate", "serve", "replicate")


def _needs_server_extra(command: str, module: str | None) -> int:
    from econindex_api._version import __version__

    message = SERVER_EXTRA_MISSING.format(command=command, module=module, version=__version__)
    print(message, file=sys.stderr)
    return 2


def _missing_server_module() -> str | None:
    import importlib.util

    for module in SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            return module
    return None


def _data_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("ECONINDEX_DATA") or DEFAULT_DATA)


def cmd_build(args: argparse.Namespace) -> int:
    from econindex_api.publishing.errors import BuildError
    from econindex_api.publishing.pipeline import build_all

    raw = Path(args.raw)
    if not raw.is_dir():
        print(f"error: raw directory {raw} does not exist", file=sys.stderr)
        return 2
    onet = Path(args.onet) if args.onet else None
    if onet is not None and not onet.is_dir():
        print(f"error: O*NET directory {onet} does not exist", file=sys.stderr)
        return 2
    if args.out and args.out.startswith("s3://"):
        if args.unpinned or args.version:
            flag = "--unpinned" if args.unpinned else "--version"
            print(f"error: {flag} builds are local only (not to s3://)", file=sys.stderr)
            return 2
        return _build_to_object_store(raw, args.out, args.release, onet)
    out = _data_dir(args.out)
    try:
        results = build_all(
            raw,
            out,
            release=args.release,
            progress=lambda m: print(m, flush=True),
            onet_root=onet,
            unpinned=args.unpinned,
            older_version=args.version,
        )
    except (BuildError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was published", file=sys.stderr)
        return 1
    print(f"{len(results)} release(s) in {out}")
    return 0


def _build_to_object_store(raw: Path, location: str, release: str | None, onet: Path | None) -> int:
    """Build and validate locally in a temporary data root, then upload (catalog last)."""
    import tempfile

    from econindex_api.publishing.errors import BuildError
    from econindex_api.publishing.pipeline import build_all
    from econindex_api.server.object_store import ObjectStoreError, publish_tree

    with tempfile.TemporaryDirectory(prefix="econindex-build-") as tmp:
        try:
            build_all(
                raw,
                Path(tmp),
                release=release,
                progress=lambda m: print(m, flush=True),
                onet_root=onet,
            )
            results = publish_tree(Path(tmp), location)
        except (BuildError, KeyError, ObjectStoreError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            print("nothing was published", file=sys.stderr)
            return 1
    for release_id, version, outcome in results:
        print(f"{release_id} {version}: {outcome} in {location}")
    return 0


def _progress(message: str) -> None:
    print(f"validate: {message}", file=sys.stderr, flush=True)


def cmd_validate(args: argparse.Namespace) -> int:
    from econindex_api.publishing.validate import validate_path

    path = _data_dir(args.path)
    problems = validate_path(path, _progress)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{path}: valid")
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    from econindex_api.catalog import CATALOG_FILE, decode_catalog

    root = _data_dir(args.dir)
    path = root / CATALOG_FILE
    if not path.is_file():
        print(f"error: no catalog at {path}; run `econindex build` first", file=sys.stderr)
        return 1
    catalog = decode_catalog(path.read_bytes())
    latest = catalog.latest_usage()
    header = ("release", "series", "version", "date", "resources", "package sha256")
    rows = [header]
    for release in catalog.releases:
        for version in release.versions:
            marker = " (latest)" if latest is not None and release.id == latest.id else ""
            rows.append(
                (
                    release.id + marker,
                    release.series,
                    version.version,
                    release.date or "-",
                    str(len(version.resources)),
                    version.package_sha256[:16] + "…",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


def cmd_replicate(args: argparse.Namespace) -> int:
    from econindex_api.catalog import CATALOG_FILE
    from econindex_api.publishing.replicate import render, replicate

    root = _data_dir(args.data)
    if not (root / CATALOG_FILE).is_file():
        print(
            f"error: no catalog at {root / CATALOG_FILE}; run `econindex build` first",
            file=sys.stderr,
        )
        return 2
    outcomes = replicate(root, args.release)
    if not outcomes:
        print(
            f"no figures recorded for the releases in {root}"
            + (f" (release {args.release})" if args.release else "")
        )
        return 0
    print(render(outcomes))
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("match", "MISMATCH", "absent")}
    print(
        f"{counts['match']} match, {counts['MISMATCH']} mismatch, {counts['absent']} absent "
        "(rows not in this build)"
    )
    return 1 if counts["MISMATCH"] else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from econindex_api.server.run import serve
    from econindex_api.server.toolkit.public_url import PUBLIC_URL_ENV, checked_public_url

    if args.public_url is not None:
        try:
            # Handed to every worker process through the environment, like the data root.
            os.environ[PUBLIC_URL_ENV] = checked_public_url(args.public_url)
        except ValueError as exc:
            print(f"error: --public-url: {exc}", file=sys.stderr)
            return 2
    data = args.data or os.environ.get("ECONINDEX_DATA") or str(DEFAULT_DATA)
    location = data if data.startswith("s3://") else Path(data)
    return serve(
        location,
        host=args.host,
        port=args.port,
        workers=args.workers,
        reuse_port=args.reuse_port,
    )


DESCRIPTION = "Build, check, list and serve the econindex data releases."
EPILOG = f"""\
examples:
  econindex build --raw ../shared/aei          build and publish every release found there
  econindex validate                           re-check everything under {DEFAULT_DATA}/
  econindex validate path/to/package.zip       check one downloaded package
  econindex serve --port 8000                  the REST API on http://127.0.0.1:8000

Run "econindex COMMAND --help" for the options of one command.
"""

# One line per command in "econindex --help" (help=) and a longer text in its own --help
# (description=): both plain text, printed as written.
COMMANDS = {
    "build": (
        "build and publish releases from the raw upstream files",
        "Build each release from the raw upstream files, validate it, and publish it into the "
        "data root (a failed build publishes nothing).",
    ),
    "validate": (
        "re-check a data root, a package folder or a package zip",
        "Re-check published data: sizes and sha256 of every file, Parquet schemas, and every "
        "row against its table schema, keys and foreign keys. PATH is a data root (with "
        "catalog.json), one package folder (with datapackage.json) or a package zip. Progress "
        "goes to stderr, one line per package and resource; each problem is printed naming "
        "the file. Exit status: 0 valid, 1 problems found.",
    ),
    "releases": (
        "list the published releases as a table",
        "List every published release and version of a data root: series, version, date, "
        "number of resources and package sha256; the latest usage release is marked.",
    ),
    "replicate": (
        "compare each report's published figures with our tables",
        "Put each report's published figures next to the value our published tables give. "
        "Exit status: 0 all match (or absent from this build), 1 on a mismatch.",
    ),
    "serve": (
        "serve the REST API and pages over a data root",
        "Serve the REST API and the pages over a data root, under granian "
        "(ECONINDEX_SERVER=uvicorn switches). A port another process listens on is refused "
        "with exit status 2 unless --reuse-port is given.",
    ),
}


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """The epilog as written, and room for the longest command name beside its summary."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)
        # argparse measures the command names before indenting them, so "replicate" would
        # wrap onto a line of its own; start the help column past the longest name instead.
        self._action_max_length = 2 + 4 + max(len(name) for name in COMMANDS) + 2


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str
) -> argparse.ArgumentParser:
    summary, description = COMMANDS[name]
    return commands.add_parser(name, help=summary, description=description)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="econindex",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_HelpFormatter,
    )
    commands = main.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        help="one of these (each has its own --help):",
    )

    build = _command(commands, "build")
    build.add_argument(
        "--raw", required=True, metavar="DIR", help="directory with the upstream release folders"
    )
    build.add_argument(
        "--out",
        metavar="DIR|s3://...",
        help=f"data root to publish into: a directory (default {DEFAULT_DATA}/) or "
        "s3://bucket/prefix (endpoint and credentials from the AWS_* environment variables)",
    )
    build.add_argument(
        "--release", metavar="ID", help="build only this release id (default: all found)"
    )
    build.add_argument(
        "--version",
        metavar="X.Y.Z",
        help="with --release: build this older version of the release instead of the newest "
        "(a published version is rebuilt byte for byte; 'econindex releases' lists them)",
    )
    build.add_argument(
        "--onet",
        metavar="DIR",
        help="directory with the official O*NET crosswalks 2010_to_2019_Crosswalk.csv and "
        "2019_to_SOC_Crosswalk.csv, pinned by sha256 in the recipes (default: the 'onet' "
        "folder beside the raw directory, e.g. ../shared/onet for --raw ../shared/aei)",
    )
    build.add_argument(
        "--unpinned",
        action="store_true",
        help="build the long-format releases from files that do not match the pins (another "
        "upstream revision, a partial extract): each input's actual sha256 is recorded, the "
        "version is X.Y.Z-unpinned, marked unpinned in the catalog and never 'latest'",
    )
    build.set_defaults(func=cmd_build)

    validate = _command(commands, "validate")
    validate.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help=f"a data root, a package folder or a package zip (default $ECONINDEX_DATA or "
        f"{DEFAULT_DATA}/)",
    )
    validate.set_defaults(func=cmd_validate)

    releases = _command(commands, "releases")
    releases.add_argument(
        "dir",
        nargs="?",
        metavar="DIR",
        help=f"data root (default $ECONINDEX_DATA or {DEFAULT_DATA}/)",
    )
    releases.set_defaults(func=cmd_releases)

    replicate = _command(commands, "replicate")
    replicate.add_argument(
        "--data", metavar="DIR", help=f"data root (default $ECONINDEX_DATA or {DEFAULT_DATA}/)"
    )
    replicate.add_argument(
        "--release", metavar="ID", help="only this release id (default: every release)"
    )
    replicate.set_defaults(func=cmd_replicate)

    serve = _command(commands, "serve")
    serve.add_argument(
        "--data",
        metavar="DIR|s3://...",
        help=f"data root: a directory or s3://bucket/prefix (default $ECONINDEX_DATA or "
        f"{DEFAULT_DATA}/)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes sharing the one listening socket (default 1)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address the API is reached at, e.g. https://econindex.example.org (default "
        "$ECONINDEX_PUBLIC_URL, else the address it listens on): the URL in citations, "
        "Croissant, the pages' JSON-LD and the next links of list pages. Never taken from "
        "the request's Host header.",
    )
    serve.add_argument(
        "--reuse-port",
        action="store_true",
        help="start even if another process listens on the port, sharing it (SO_REUSEPORT, "
        "granian only; the kernel then splits connections between the processes). Without "
        "it a busy port is refused with exit status 2.",
    )
    serve.set_defaults(func=cmd_serve)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in SERVER_COMMANDS:
        missing = _missing_server_module()
        if missing is not None:  # checked first: before any data check or deep import
            return _needs_server_extra(args.command, missing)
    try:
        result: int = args.func(args)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.startswith("econindex_api"):
            raise  # our own code missing is a bug, not an install choice
        return _needs_server_extra(args.command, exc.name)
    return result


if __name__ == "__main__":
    sys.exit(main())
