"""The Quick start's first command on the embedded default: SQLite, no services. Every migration
must build there too (an index SQLite cannot build, such as DESC NULLS LAST, goes through
core.migration_operations' PostgreSQL-only operations), and the demo data must load and show."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW_GROUPS = (
    "from django.test import Client; "
    "response = Client(SERVER_NAME='localhost').get('/groups/'); "
    "print(response.status_code, b'SG17' in response.content)"
)


def manage(*args: str, database: Path) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CACHE_REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(DEBUG="on", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_fresh_sqlite_database_migrates_loads_the_demo_data_and_shows_it(tmp_path):
    database = tmp_path / "db.sqlite3"
    manage("migrate", "--noinput", database=database)
    assert "Seed data loaded." in manage("load_seed_data", database=database)
    shown = manage("shell", "-c", SHOW_GROUPS, database=database).strip().splitlines()[-1]
    assert shown.split() == ["200", "True"]
