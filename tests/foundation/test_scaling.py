"""Beyond one machine: nothing assumes one process.

Settings are read in a fresh interpreter under a given environment (as a container starts), the
compose file is checked by parsing it (Docker does not run here), gunicorn's settings through
gunicorn's own Config.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

# What a container's environment may set that the host running the tests may have set too.
SCALING_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "REDIS_URL",
    "CACHE_REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_LOCATION",
    "CELERY_WORKER_CONCURRENCY",
    "NUM_PROXIES",
    "TRUSTED_PROXY_COUNT",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_BIND",
    "PORT",
)

SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from standards_tracker.celery import app
storage = storages["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "session_engine": settings.SESSION_ENGINE,
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "file_overwrite": getattr(storage, "file_overwrite", None),
    "querystring_auth": getattr(storage, "querystring_auth", None),
    "worker_concurrency": app.conf.worker_concurrency,
    "num_proxies": settings.REST_FRAMEWORK.get("NUM_PROXIES"),
}))
"""


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SCALING_VARIABLES}
    # A container's settings: DEBUG off (the default) with the key it then needs.
    env.update(DJANGO_SETTINGS_MODULE="standards_tracker.settings", SECRET_KEY="x" * 50)
    env.update(extra)
    return env


def settings_under(**variables: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_redis_every_process_shares_the_cache_and_sessions_outlive_it():
    shown = settings_under(REDIS_URL="redis://redis:6379/0")
    assert shown["cache"] == "core.cache.FailOpenRedisCache"
    assert shown["cache_location"] == "redis://redis:6379/0"
    # Sessions stay in the database: a Redis restart signs nobody out.
    assert shown["session_engine"] == "django.contrib.sessions.backends.db"


def test_the_cache_may_live_on_a_redis_of_its_own():
    shown = settings_under(
        REDIS_URL="redis://broker:6379/0", CACHE_REDIS_URL="redis://cache:6379/1"
    )
    assert shown["cache"] == "core.cache.FailOpenRedisCache"
    assert shown["cache_location"] == "redis://cache:6379/1"


def test_without_redis_sessions_are_in_the_database_never_in_one_process_memory():
    shown = settings_under()
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["session_engine"] == "django.contrib.sessions.backends.db"


def test_uploads_go_to_the_filesystem_by_default():
    shown = settings_under()
    assert shown["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_uploads_go_to_an_s3_compatible_bucket_when_one_is_configured():
    # Building the storage touches no network; credentials stay boto3's business.
    shown = settings_under(
        AWS_STORAGE_BUCKET_NAME="tracker-media",
        AWS_S3_ENDPOINT_URL="https://minio.internal:9000",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert shown["storage"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "tracker-media"
    assert shown["endpoint"] == "https://minio.internal:9000"
    # Two documents uploaded under one name stay two files, and links are signed.
    assert shown["file_overwrite"] is False
    assert shown["querystring_auth"] is True


def test_celery_worker_concurrency_and_proxy_count_come_from_the_environment():
    shown = settings_under(CELERY_WORKER_CONCURRENCY="5", TRUSTED_PROXY_COUNT="1")
    assert shown["worker_concurrency"] == 5
    assert shown["num_proxies"] == 1
    # Its earlier name is still read; unset, no proxy is trusted (the connection's address).
    assert settings_under(NUM_PROXIES="2")["num_proxies"] == 2
    assert settings_under()["num_proxies"] == 0


def test_check_deploy_stays_clean_with_redis_and_s3():
    env = clean_env(
        DEBUG="off",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-1234567890",
        ALLOWED_HOSTS="tracker.example.org",
        CSRF_TRUSTED_ORIGINS="https://tracker.example.org",
        SITE_URL="https://tracker.example.org",
        REDIS_URL="redis://redis:6379/0",
        AWS_STORAGE_BUCKET_NAME="tracker-media",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- gunicorn ---

SHOW_GUNICORN = """
import json, runpy
from gunicorn.config import Config
namespace = runpy.run_path("gunicorn.conf.py")
config = Config()
for name, value in namespace.items():
    if name in config.settings:
        config.set(name, value)
print(json.dumps({
    "workers": config.workers,
    "threads": config.threads,
    "worker_class": config.worker_class_str,
    "timeout": config.timeout,
    "max_requests": config.max_requests,
    "max_requests_jitter": config.max_requests_jitter,
    "bind": config.bind,
}))
"""


def gunicorn_under(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SHOW_GUNICORN],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_gunicorn_takes_workers_threads_and_timeouts_from_the_environment():
    result = gunicorn_under(
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="45",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        PORT="9000",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["workers"] == 5
    assert shown["threads"] == 4
    assert shown["worker_class"] == "gthread"  # threads > 1
    assert shown["timeout"] == 45
    assert shown["max_requests"] == 500
    assert shown["max_requests_jitter"] == 50
    assert shown["bind"] == ["0.0.0.0:9000"]


def test_gunicorn_defaults_fit_one_small_container():
    result = gunicorn_under()
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["workers"] == 3
    assert shown["threads"] == 1
    assert shown["timeout"] == 30
    assert shown["max_requests"] > 0  # workers are recycled
    assert shown["bind"] == ["0.0.0.0:8000"]


def test_gunicorn_names_a_variable_that_is_not_a_number():
    result = gunicorn_under(GUNICORN_THREADS="many")
    assert result.returncode != 0
    assert "GUNICORN_THREADS must be a whole number" in result.stderr


def test_the_image_and_compose_start_gunicorn_with_its_config_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["web"]["command"][-2:] == ["--config", "gunicorn.conf.py"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'CMD \["gunicorn", .*"--config", "gunicorn.conf.py"\]', dockerfile)


# --- docker compose ---


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.mark.parametrize("name", ["web", "worker"])
def test_scalable_services_have_no_fixed_name_or_host_port(compose, name):
    service = compose["services"][name]
    assert "container_name" not in service
    assert "ports" not in service, f"{name} publishes a host port: a second replica cannot bind it"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_every_app_container_mounts_the_shared_media_volume(compose, name):
    volumes = [str(volume) for volume in compose["services"][name]["volumes"]]
    assert "media:/app/media" in volumes
    assert "media" in compose["volumes"]


def test_the_proxy_is_the_one_published_port_and_reads_the_same_media(compose):
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["ports"]
    assert "media:/app/media:ro" in proxy["volumes"]
    published = [name for name, service in compose["services"].items() if service.get("ports")]
    assert published == ["proxy"]
    assert "healthcheck" in proxy


def test_the_proxy_follows_replicas_and_accepts_the_largest_attachment(compose):
    mounted = next(v for v in compose["services"]["proxy"]["volumes"] if "nginx.conf" in v)
    config = (ROOT / mounted.split(":")[0]).read_text()
    # `resolve` re-reads Docker's DNS, so replicas added by --scale receive requests.
    assert re.search(r"server\s+web:8000\s+resolve", config)
    assert "resolver 127.0.0.11" in config
    # The proxy must not refuse an upload the app accepts (ATTACHMENT_MAX_BYTES, 20 MB).
    size = re.search(r"client_max_body_size\s+(\d+)m;", config)
    assert size
    assert int(size.group(1)) * 1024 * 1024 > 20 * 1024 * 1024
    # nginx (1.27.3 and later) is what supports `resolve` without the commercial edition.
    major, minor = (
        int(part) for part in re.findall(r"\d+", compose["services"]["proxy"]["image"])[:2]
    )
    assert (major, minor) >= (1, 28)


def test_migrations_run_once_before_any_replica_starts(compose):
    services = compose["services"]
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in " ".join(services[name]["command"])
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_worker_concurrency_is_set_by_the_environment_not_the_command(compose):
    worker = compose["services"]["worker"]
    assert "--concurrency" not in " ".join(worker["command"])
    assert "CELERY_WORKER_CONCURRENCY" in worker["environment"]
    web = compose["services"]["web"]
    for variable in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        assert variable in web["environment"]


def test_the_image_leaves_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".git", ".venv", "db.sqlite3", "media"):
        assert entry in ignored


# --- health probes address one replica by its IP ---


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_replica_address_outside_allowed_hosts(client, settings):
    settings.REDIS_URL = ""
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_other_pages_still_refuse_an_unknown_host(client, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    response = client.get("/", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 400
