"""Opaque cursors for list endpoints.

A published package never changes, so the rows of one query over one package have a fixed
order and an offset is a stable position. The cursor carries that offset together with a check
value derived from the offset and a fingerprint of (package sha256, endpoint, filters and
sort): a cursor used with other filters, another package version or edited by hand (including
its offset) is refused with a 400 naming ``cursor`` instead of silently returning the wrong
rows.

Format (opaque to clients): base64url of ``<offset>.<check>``, check = 16 hex digits of
sha256(``<offset>.<fingerprint>``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from econindex_api.server.toolkit.problems import invalid_parameter

_PAYLOAD = re.compile(r"^([0-9]{1,12})\.([0-9a-f]{16})$")

# Parameters that do not change which rows are selected or their order.
NOT_IN_FINGERPRINT = frozenset({"cursor", "limit", "format"})


def query_fingerprint(package_sha256: str, endpoint: str, params: Mapping[str, Any]) -> str:
    canonical = "&".join(
        f"{k}={params[k]!r}" for k in sorted(params) if k not in NOT_IN_FINGERPRINT
    )
    digest = hashlib.sha256(f"{package_sha256}\n{endpoint}\n{canonical}".encode())
    return digest.hexdigest()[:16]


def _check_value(offset: int | str, fingerprint: str) -> str:
    # Covers the offset (as written, so even "07" for "7" is refused) as well as the query, so
    # a hand-edited offset is refused like a foreign cursor.
    return hashlib.sha256(f"{offset}.{fingerprint}".encode()).hexdigest()[:16]


def encode_cursor(offset: int, fingerprint: str) -> str:
    raw = f"{offset}.{_check_value(offset, fingerprint)}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, fingerprint: str, total: int) -> int:
    """The offset a cursor points to; 400 problem naming ``cursor`` when it is not valid here."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise invalid_parameter("cursor", "not a cursor issued by this API") from None
    match = _PAYLOAD.match(payload)
    if not match:
        raise invalid_parameter("cursor", "not a cursor issued by this API")
    if match.group(2) != _check_value(match.group(1), fingerprint):
        raise invalid_parameter(
            "cursor",
            "the cursor belongs to another query (filters, sort or package version differ) "
            "or was altered; start again without a cursor",
        )
    offset = int(match.group(1))
    if offset > total:
        raise invalid_parameter("cursor", "the cursor points past the end of the results")
    return offset
