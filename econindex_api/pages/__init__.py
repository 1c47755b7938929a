"""Pages for people: the releases as charts and tables, served by the API's own app.

``charts`` (Vega-Lite specs drawn to SVG on the server) and ``render`` (Jinja2 templates)
are pure functions of the API's wire models; ``routes`` declares the page routes in the
server's registry, fetches the typed answers and caches the pages. See ``routes`` for
content negotiation and caching, and the README section "Pages" for the decisions.
"""
