"""Faults: Redis and PostgreSQL really stopped (throw-away servers of their own, started and
stopped here, apart from the suite's). The API keeps answering anonymous reads with its cache
away; /healthz says 503 in JSON, naming what is down; the compose healthcheck, run as compose
runs it against gunicorn configured with .env.example, passes while everything is up."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from redis import Redis

from core.cache import OneLineLogger, one_line
from core.testing.services import SERVICES, start_postgres, start_redis
from tests.utils import free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@contextmanager
def throwaway(starter: Callable[[], str]) -> Iterator[tuple[str, Callable[[], None]]]:
    """A server of this test's own: its URL and a function that stops it (it is stopped at the
    end in any case)."""
    url = starter()
    stop = SERVICES.stoppers.pop()  # stopped here, not at the end of the run
    SERVICES.started.pop()
    try:
        yield url, stop
    finally:
        stop()


@pytest.fixture
def redis_server():
    with throwaway(start_redis) as server:
        yield server


def cache_on(settings, url: str) -> None:
    """The suite's own cache settings (those of production with REDIS_URL), on another Redis."""
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.FailOpenRedisCache"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}


@pytest.mark.throttled
def test_anonymous_api_reads_answer_with_the_cache_redis_stopped(
    settings, redis_server, api_client, client, caplog
):
    url, stop = redis_server
    cache_on(settings, url)
    groups = reverse("group-list")
    assert api_client.get(groups).status_code == 200
    # The throttle really counted in that Redis.
    assert Redis.from_url(url).keys("*throttle_anon_*")

    stop()
    one_line.last_warned = None  # as in a process that has not warned yet
    with caplog.at_level(logging.INFO):
        assert api_client.get(groups).status_code == 200
        assert api_client.get(reverse("group-detail", args=["SG99"])).status_code == 404
        # The search page (throttled too) and the calendar feed (cached) answer as well.
        assert client.get(reverse("search"), {"q": "video"}).status_code == 200
        assert client.get(reverse("calendar-feed")).status_code == 200
    # The failure is logged in one warning line naming it, not a traceback per cache call.
    logged = [record for record in caplog.records if record.name == "core.cache"]
    assert len(logged) == 1, [record.getMessage() for record in logged]
    assert logged[0].levelno == logging.WARNING
    assert logged[0].exc_info is None
    assert logged[0].getMessage().startswith("Cache unavailable, answering without it: Connection")
    assert not [record for record in caplog.records if record.exc_info], "a traceback was logged"


def test_a_cache_failure_is_logged_once_a_minute_counting_the_rest(caplog):
    quiet = OneLineLogger(quiet_seconds=60)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(5):
            try:
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
            except ConnectionError:
                quiet.exception("Exception ignored")
        quiet.last_warned -= 61  # a minute later
        try:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        except ConnectionError:
            quiet.exception("Exception ignored")
    assert [record.getMessage() for record in caplog.records] == [
        "Cache unavailable, answering without it: ConnectionError: Error 111 connecting to "
        "127.0.0.1:6390. Connection refused.",
        "Cache unavailable, answering without it: ConnectionError: Error 111 connecting to "
        "127.0.0.1:6390. Connection refused. (4 more since the last warning)",
    ]


def test_healthz_names_the_broker_when_its_redis_is_stopped(settings, redis_server, client):
    url, stop = redis_server
    settings.REDIS_URL = settings.CACHE_REDIS_URL = url  # one Redis: checked once, as the broker
    assert client.get("/healthz").json()["checks"] == {"database": "ok", "broker": "ok"}
    stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["broker"] == "error: ConnectionError"


def test_healthz_names_the_cache_when_its_own_redis_is_stopped(settings, redis_server, client):
    url, stop = redis_server
    settings.REDIS_URL = ""
    settings.CACHE_REDIS_URL = url
    assert client.get("/healthz").status_code == 200
    stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error: ConnectionError"}


# --- the app as compose runs it: gunicorn, DEBUG off, the documented environment -------------


def documented_environment() -> dict[str, str]:
    """.env.example's values (what `cp .env.example .env` gives)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, innermost first."""
    pattern = re.compile(r"\$\{(\w+)(?:(:?[-?])([^${}]*))?\}")

    def value(match: re.Match) -> str:
        name, kind, default = match.groups()
        if variables.get(name):
            return variables[name]
        assert kind is None or "?" not in kind, f"compose refuses to start: {default}"
        return default or ""

    while pattern.search(text):
        text = pattern.sub(value, text)
    return text


def compose_web() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]


def gunicorn_environment(database_url: str, redis_url: str, port: int) -> dict[str, str]:
    documented = documented_environment()
    web = compose_web()
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "VIRTUAL_ENV", "PYTHONPATH")
    }
    env.update(documented)  # env_file: .env
    env.update({name: interpolate(str(v), documented) for name, v in web["environment"].items()})
    # The services' host names (db, redis) exist only in compose's network.
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url)
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    return env


def run_healthcheck(port: int) -> subprocess.CompletedProcess:
    """The web service's healthcheck command, as docker runs it in the container (on this
    server's port instead of 8000)."""
    test = compose_web()["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = [sys.executable if part == "python" else part for part in test[1:]]
    command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def get(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    web = compose_web()
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / web["command"][0]), *web["command"][1:]],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        # Ready once a worker has loaded the app and answers (compose's start_period).
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                get(port, "/healthz")
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log.read_text()}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_compose_healthcheck_passes_with_the_documented_environment_and_healthz_says_what_is_down(
    tmp_path,
):
    port = free_port()
    with (
        throwaway(start_postgres) as (database_url, stop_postgres),
        throwaway(start_redis) as (redis_url, stop_redis),
    ):
        env = gunicorn_environment(database_url, redis_url, port)
        assert env["DEBUG"] == "off"
        assert env["ALLOWED_HOSTS"] == "tracker.example.org"
        with gunicorn(env, port, tmp_path / "gunicorn.log"):
            check = run_healthcheck(port)
            assert check.returncode == 0, (check.stderr, (tmp_path / "gunicorn.log").read_text())
            assert get(port, "/healthz") == (
                200,
                {"status": "ok", "checks": {"database": "ok", "broker": "ok"}},
            )

            stop_redis()
            status, body = get(port, "/healthz")
            assert (status, body["checks"]["broker"]) == (503, "error: ConnectionError")
            assert run_healthcheck(port).returncode != 0

            stop_postgres()
            status, body = get(port, "/healthz")
            assert status == 503
            assert body["status"] == "unavailable"
            assert body["checks"]["database"] == "error: OperationalError"
            assert run_healthcheck(port).returncode != 0
