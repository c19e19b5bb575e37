"""Headers and defaults: a Content-Security-Policy and a Permissions-Policy on every page (the
admin and the API docs included), and the browsable API only with DEBUG on."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


@pytest.mark.parametrize(
    "path",
    ["/", "/groups/", "/admin/login/", "/api/v1/docs/", "/api/v1/groups/", "/no-such-page/"],
)
def test_every_page_has_a_policy_refusing_inline_and_foreign_scripts(client, path):
    response = client.get(path)

    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_pages_have_the_policy_too(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


def test_the_api_docs_load_their_scripts_from_this_site_and_none_inline(client, settings):
    response = client.get("/api/v1/docs/")
    page = response.content.decode()

    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    # Every script is a file (no inline code the policy would refuse), and from this site.
    assert all('src="/' in attributes for attributes in scripts), scripts
    assert "cdn" not in page.lower()
    for source in re.findall(r'<script src="([^"]+)"', page):
        if source.startswith(settings.STATIC_URL):
            assert finders.find(source.removeprefix(settings.STATIC_URL)), source
        else:
            assert client.get(source).status_code == 200, source


def api_under(debug: str) -> str:
    """The formats an API view renders, in a process started with DEBUG as given (DRF binds its
    renderers when the views are imported, so only a fresh process shows the setting's effect)."""
    script = (
        "import django; django.setup()\n"
        "from deliverables.api.views import GroupViewSet\n"
        "print(','.join(c.format for c in GroupViewSet.renderer_classes))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(
        DEBUG=debug,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="standards_tracker.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_browsable_api_is_served_only_with_debug_on():
    assert api_under("off") == "json"
    assert api_under("on") == "json,api"


def test_debug_is_off_unless_set():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="standards_tracker.settings")

    def debug(**extra: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert debug() == "False"
    assert debug(DEBUG="on") == "True"
