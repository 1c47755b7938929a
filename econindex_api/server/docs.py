"""The API docs page, working without internet access.

Swagger UI 5 (renders OpenAPI 3.1) comes from the ``swagger-ui-bundle-v2`` package and is
served by us under ``/docs/``; the page loads nothing from elsewhere.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from econindex_api.server.toolkit.cache import Prepared, prepare

ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
    "init.js": "text/javascript",
}

PAGE = b"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>econindex API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""

INIT_JS = b"""window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
"""

IMMUTABLE = (("cache-control", "public, max-age=86400"),)


def _swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


def _prepared(body: bytes, media_type: str) -> Prepared:
    return prepare(body, media_type, hashlib.sha256(body).hexdigest()[:40], IMMUTABLE).gzipped()


class DocsAssets:
    """Docs page and assets, read once on first use and kept prepared (gzip included)."""

    def __init__(self) -> None:
        self._items: dict[str, Prepared] = {}

    def page(self) -> Prepared:
        if "" not in self._items:
            self._items[""] = _prepared(PAGE, "text/html")
        return self._items[""]

    def asset(self, name: str) -> Prepared | None:
        if name not in ASSETS:
            return None
        if name not in self._items:
            if name == "init.js":
                body = INIT_JS
            else:
                folder = _swagger_dir()
                if folder is None or not (folder / name).is_file():
                    return None
                body = (folder / name).read_bytes()
            self._items[name] = _prepared(body, ASSETS[name])
        return self._items[name]
