"""/healthz: is the database answering, and the broker and the cache's Redis when configured.

Any of them away: 503 with a JSON body naming it. The pages and the API keep answering what they
can (the cache and the throttles fail open), but a replica without them is not healthy."""

from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis
from redis.exceptions import RedisError


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not healthy"
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_redis(url: str) -> str:
    try:
        client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
    except (RedisError, ValueError) as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str | None:
    return check_redis(settings.REDIS_URL) if settings.REDIS_URL else None


def check_cache() -> str | None:
    """The cache's own Redis (CACHE_REDIS_URL), when it is not the broker's."""
    url = getattr(settings, "CACHE_REDIS_URL", "")
    if not url or url == settings.REDIS_URL:
        return None
    return check_redis(url)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database()}
    for name, check in (("broker", check_broker), ("cache", check_cache)):
        result = check()
        if result is not None:
            checks[name] = result
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    """Answer `/healthz` before the rest of the stack. A load balancer or a container's
    healthcheck probes each replica by its own address (`http://10.0.3.7:8000/healthz`), which is
    not in ALLOWED_HOSTS and not HTTPS; host validation and the HTTPS redirect would refuse it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
