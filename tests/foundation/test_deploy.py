import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    env.update(
        DEBUG="off",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-1234567890",
        ALLOWED_HOSTS="tracker.example.org",
        CSRF_TRUSTED_ORIGINS="https://tracker.example.org",
        SITE_URL="https://tracker.example.org",
    )
    env.update(extra)
    return env


def test_check_deploy_prints_no_warnings_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_compose_file_has_every_service_and_their_commands_exist():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "worker", "beat", "db", "redis"):
        assert "healthcheck" in services[name], f"{name} has no healthcheck"
    assert any(str(volume).startswith("pgdata:") for volume in services["db"].get("volumes", []))
    assert "pgdata" in compose["volumes"]
    for name in ("web", "worker", "beat"):
        assert services[name]["build"]
        environment = services[name]["environment"]
        assert "DATABASE_URL" in environment
        assert "REDIS_URL" in environment
    # Every command the project's services run exists in the project.
    # Migrations run once, in their own service, before any web replica starts.
    assert "manage.py migrate" in " ".join(services["migrate"]["command"])
    assert "gunicorn standards_tracker.wsgi" in " ".join(services["web"]["command"])
    assert (ROOT / "standards_tracker" / "wsgi.py").exists()
    assert "celery -A standards_tracker worker" in " ".join(services["worker"]["command"])
    assert "celery -A standards_tracker beat" in " ".join(services["beat"]["command"])
    assert (ROOT / "standards_tracker" / "celery.py").exists()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv sync --frozen" in dockerfile
    assert "collectstatic" in dockerfile
