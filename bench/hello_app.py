"""Litestar's hello-world (as in Litestar's documentation): the throughput ceiling.

granian --interface asgi --working-dir bench hello_app:app
uvicorn --app-dir bench hello_app:app
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/")
async def index() -> str:
    return "Hello, world!"


app = Litestar(route_handlers=[index])
