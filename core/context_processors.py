from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"SITE_URL": settings.SITE_URL}


def alternate_feeds(request: HttpRequest) -> dict[str, object]:
    """The Atom feeds of the page shown (core.feeds), for base.html's head."""
    from core.feeds import alternate_feeds as registry

    return {"alternate_feeds": lambda: registry.for_request(request)}
