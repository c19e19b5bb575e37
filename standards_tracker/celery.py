import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standards_tracker.settings")

app = Celery("standards_tracker")
# Every CELERY_* Django setting configures the app (serialisation, acks_late, limits, UTC).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="standards_tracker.ping")
def ping(value: str = "pong") -> str:
    """A task with no side effects, for health checks and the broker integration test."""
    return value
