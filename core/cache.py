"""The shared cache on Redis, failing open quietly.

django-redis, with IGNORE_EXCEPTIONS, answers a miss when Redis is away (so the throttles and
the cached pages fail open) and logs each ignored error with its full traceback: with Redis
down, every request wrote several tracebacks of the same refused connection. `FailOpenRedisCache`
logs one warning line instead, naming the error, and at most one a minute per process, saying how
many it left out; /healthz says 503 all along."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from django_redis.cache import RedisCache

logger = logging.getLogger("core.cache")

QUIET_SECONDS = 60.0
"""After a warning, further failures are counted, not logged, for this long."""


class OneLineLogger:
    """Stands in for django-redis's logger, which it calls as `logger.exception(...)` inside the
    `except` of the failed call."""

    def __init__(self, quiet_seconds: float = QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self.last_warned: float | None = None
        self.left_out = 0

    def exception(self, message: str, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if self.last_warned is not None and now - self.last_warned < self.quiet_seconds:
            self.left_out += 1
            return
        error = sys.exc_info()[1]
        cause = (error.__cause__ or error) if error is not None else None
        what = f"{type(cause).__name__}: {cause}" if cause is not None else message
        more = f" ({self.left_out} more since the last warning)" if self.left_out else ""
        logger.warning("Cache unavailable, answering without it: %s%s", what, more)
        self.last_warned, self.left_out = now, 0


# One for the process: Django makes a cache object per thread.
one_line = OneLineLogger()


class FailOpenRedisCache(RedisCache):
    """django-redis's cache, its ignored errors logged by `one_line` (set IGNORE_EXCEPTIONS in
    its OPTIONS for it to fail open)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._log_ignored_exceptions = True
        self.logger = one_line  # type: ignore[assignment,unused-ignore]
