"""Retry policy as data: which backend errors are worth retrying, and how long to wait between tries.

Only errors marked ``retryable`` (rate limits, timeouts, server errors) are retried, with capped
exponential backoff and a bounded number of attempts. Everything else (authentication, context
length, unreachable server, model not found) is raised at once: retrying would not help.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from veriagent.llm.base import LLMError

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to try a call and how long to back off between tries."""

    max_attempts: int = 4
    base_delay: float = 1.0
    multiplier: float = 2.0
    max_delay: float = 30.0

    def delays(self) -> Iterator[float]:
        """The waits before attempts 2..max_attempts: base * multiplier**i, capped at max_delay."""
        for i in range(max(self.max_attempts - 1, 0)):
            yield min(self.base_delay * self.multiplier**i, self.max_delay)


#: No retries at all (tests, local in-process models).
NO_RETRY = RetryPolicy(max_attempts=1)


def is_retryable(exc: BaseException) -> bool:
    """Whether ``exc`` is a backend error that backing off may cure."""
    return isinstance(exc, LLMError) and exc.retryable


def call_with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    what: str = "LLM call",
) -> T:
    """Call ``fn`` and retry it on retryable :class:`LLMError` according to ``policy``.

    Args:
        fn: the call; it raises an :class:`LLMError` subclass on failure.
        policy: attempts and backoff.
        sleep: the wait function (injectable for tests).
        what: a label for the log.

    Returns:
        What ``fn`` returned.

    Raises:
        LLMError: the last error when it is not retryable or the attempts are used up.
    """
    delays = policy.delays()
    attempt = 1
    while True:
        try:
            return fn()
        except LLMError as exc:
            if not exc.retryable:
                raise
            delay = next(delays, None)
            if delay is None:
                log.warning("%s failed after %d attempts: %s", what, attempt, exc)
                raise
            hint = getattr(exc, "retry_after", None)
            if isinstance(hint, (int, float)) and hint > 0:
                delay = min(max(delay, float(hint)), policy.max_delay)
            log.info(
                "%s: %s; retrying in %.1fs (attempt %d of %d)",
                what,
                exc,
                delay,
                attempt + 1,
                policy.max_attempts,
            )
            sleep(delay)
            attempt += 1
