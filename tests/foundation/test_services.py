"""The test run's own services: what happens when a server binary is missing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A test that needs neither the database nor the broker, so the inner run stays small.
INNER_TEST = "tests/foundation/test_celery.py::test_celery_is_configured_for_safe_delivery"


def run_without_redis(**extra: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not a pytest-xdist worker either, even when this run is one: the inner run is its own.
        if key not in ("REDIS_URL", "REQUIRE_SERVICES") and not key.startswith("PYTEST_XDIST")
    }
    # No redis-server on PATH; the database is the one this run already started.
    env.update(PATH=str(ROOT / "no-such-directory"), **extra)
    return subprocess.run(
        [sys.executable, "-m", "pytest", INNER_TEST, "-p", "no:cacheprovider", "-q", "-n", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_redis_the_run_falls_back_and_says_what_to_install():
    result = run_without_redis()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "1 passed" in output
    assert "services not available" in output
    assert "apt-get install -y redis-server" in output


def test_with_require_services_a_missing_redis_fails_the_run_at_once():
    result = run_without_redis(REQUIRE_SERVICES="1")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "REQUIRE_SERVICES=1: Redis could not be started" in output
    assert "apt-get install -y redis-server" in output
    assert "passed" not in output
