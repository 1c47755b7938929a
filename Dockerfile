# econindex REST API as a container image.
#
# Two stages: the builder installs the project with its server extra into a virtual
# environment, every dependency at the version uv.lock pins (uv itself pinned too); the final
# image copies only that environment onto a slim Python base, so no compiler, uv, cache or
# source tree ships. The data root is a volume (/data): build the
# releases into it with `econindex build`, then serve it (see the README, "Container").

ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv

WORKDIR /src
# The same uv version as scripts/install (UV_VERSION there).
RUN pip install --no-cache-dir uv==0.13.9
# Only what the install needs (the .dockerignore keeps everything else out of the context).
COPY pyproject.toml uv.lock README.md ./
COPY econindex_api ./econindex_api
COPY docs/methods.md docs/methods-long-format-2.md docs/methods-long-usage.md ./docs/
# From the lock (--locked: refuse if pyproject.toml and uv.lock disagree), server extra only.
# A regular (non-editable) install: the venv then holds the package itself, not a link to /src.
RUN uv sync --locked --no-editable --extra server --python /usr/local/bin/python


FROM ${PYTHON_IMAGE}

LABEL org.opencontainers.image.title="econindex" \
      org.opencontainers.image.description="Economic index of AI use: read-only REST API over published data packages" \
      org.opencontainers.image.licenses="MIT"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ECONINDEX_DATA=/data

# A fixed, unprivileged uid/gid so files written into the volume have a predictable owner.
RUN groupadd --system --gid 10001 econindex \
    && useradd --system --uid 10001 --gid econindex --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin econindex \
    && mkdir /data \
    && chown econindex:econindex /data

COPY --from=builder /opt/venv /opt/venv

# Created (and owned by the app user) before VOLUME, so a new named volume starts out writable
# for `econindex build` run as that user.
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001

EXPOSE 8000

# slim images have no curl: ask /health with the standard library (urlopen raises, and the
# interpreter exits 1, on any error status or refused connection).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

CMD ["econindex", "serve", "--host", "0.0.0.0", "--port", "8000", "--data", "/data"]
