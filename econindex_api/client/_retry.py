"""When to retry a request and how long to wait: pure functions, no I/O.

Every request of this read-only API is a GET, so repeating one is always safe. We retry what
can succeed on a second try: connection failures and timeouts, 429 (rate limited) and 5xx.
Other 4xx answers are final: the same request would get the same answer.

The wait is exponential backoff with jitter (so many clients that failed together do not
come back together), unless the server said how long to wait with ``Retry-After``: then we
wait exactly that, up to a cap so a bad header cannot hang a notebook.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUSES = frozenset({429}) | frozenset(range(500, 600))


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait between tries.

    Attributes:
        max_retries: retries after the first try (0 disables retrying).
        initial_delay: seconds before the first retry, doubled for each retry after.
        max_delay: cap of the backoff delay, in seconds.
        max_retry_after: longest ``Retry-After`` honoured, in seconds; a longer one is capped.

    Example::

        RetryPolicy(max_retries=5).delay(attempt=2, retry_after=None)   # about 2 s
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")

    def delay(
        self, attempt: int, retry_after: float | None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait before retry number ``attempt`` (0 for the first retry).

        Example::

            RetryPolicy().delay(0, retry_after=None)   # between 0.375 and 0.5
            RetryPolicy().delay(0, retry_after=3.0)    # 3.0, as the server asked
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        return backoff_delay(attempt, self.initial_delay, self.max_delay, rng)


def backoff_delay(
    attempt: int, initial: float, maximum: float, rng: random.Random | None = None
) -> float:
    """Exponential backoff with jitter: ``initial * 2**attempt`` capped at ``maximum``,
    less a random part of up to a quarter (so the delay stays within [0.75, 1] of the base).
    """
    base = min(initial * (2.0**attempt), maximum)
    jitter = (rng or random).random() * 0.25
    return base * (1.0 - jitter)


def is_retryable_status(status: int) -> bool:
    """Whether an answer with this status may succeed when asked again."""
    return status in RETRYABLE_STATUSES


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    Returns ``None`` when the header is absent or unreadable (we fall back to backoff).

    >>> parse_retry_after("3")
    3.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
    ...                   now=datetime(2015, 10, 21, 7, 27, 58, tzinfo=UTC))
    2.0
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)
