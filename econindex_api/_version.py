"""The package version, shared by the client's user agent and the build's provenance."""

__version__ = "0.1.0"
