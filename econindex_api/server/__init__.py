"""The read-only REST API (Litestar): see ``app.py`` for how a request is answered."""
