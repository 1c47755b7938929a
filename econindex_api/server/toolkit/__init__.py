"""The HTTP toolkit: how an answer is declared, routed, computed, cached and sent.

The areas (``server/areas/``: the API, one module per area; ``pages/``: the pages) say what
they answer; the toolkit does the rest, the same way for all of them:

* ``registry``: declarations (``Endpoint``, ``PathParam``, ``Variant``) and the canonical
  cache key of a request; ``params``: typed query parameters; ``router``: the one door
  (every declared path routed and answered); ``guard``: limits before routing.
* ``respond``: representation, provenance and caching headers, ETag, 304, gzip, ``send``;
  ``representation`` and ``exports``: content negotiation and the download formats;
  ``pagination``: cursors; ``problems``: RFC 9457 problems; ``public_url``: absolute URLs.
* ``cache`` and ``misses``: the memory-bounded answer cache and misses computed off the event
  loop; ``openapi``: the OpenAPI document of the declarations.
* ``page_answers``: for answers built from other answers (the pages): the API's answers as
  wire models through the same cache, and a page's scope, cache key, headers and ETag.

``PUBLIC`` is the small interface the pages use, as any area would: the names each module
gives them. ``tests/test_architecture.py`` holds the pages to it, so a page never builds a
cache key, a header or a release lookup of its own. This module imports nothing (importing a
submodule runs it), so it adds no edge to the import graph.
"""

from __future__ import annotations

PUBLIC: dict[str, frozenset[str]] = {
    # Declaring a page: its endpoint, path parameters and the request it gets.
    "registry": frozenset({"Call", "Endpoint", "PathParam", "RELEASE", "RELEASES"}),
    # Its query parameters (the module, ``params as P``) and cursors (``pagination``).
    "params": frozenset({"*"}),
    "pagination": frozenset({"*"}),
    # Problems, as the API raises them.
    "problems": frozenset({"ApiProblem", "invalid_parameter"}),
    # Reading the API's answers; the scope, key, headers and ETag of a page.
    "page_answers": frozenset({"Answers", "PageScope", "page_scope", "etag_of"}),
    # Sending a prepared answer: negotiation, gzip, the JSON media type, a release lookup
    # that raises the API's problem (404 unknown, 503 unavailable), the xlsx row cap.
    "respond": frozenset(
        {"JSON", "XLSX_MAX_ROWS", "accepts_gzip", "prefers_html", "resolve", "send"}
    ),
    "cache": frozenset({"Prepared", "prepare"}),
}
