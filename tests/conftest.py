import os

import pytest
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from core.api.permissions import SECRETARIAT_GROUP


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REDIS_URL"):
        return
    skip = pytest.mark.skip(
        reason="no Redis: install redis-server (apt-get install -y redis-server)"
    )
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """The anonymous throttle is tested on its own; elsewhere it would make tests order-dependent."""
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_CLASSES"] = []
    settings.REST_FRAMEWORK = rest


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def secretariat_user(db) -> User:
    user = User.objects.create_user("secretariat", "secretariat@example.org", "a-long-password-1")
    user.is_staff = True
    user.save()
    group, _ = UserGroup.objects.get_or_create(name=SECRETARIAT_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def delegate_user(db) -> User:
    return User.objects.create_user("delegate", "delegate@example.org", "a-long-password-2")


@pytest.fixture
def secretariat_client(secretariat_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(secretariat_user)
    return client


@pytest.fixture
def delegate_client(delegate_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(delegate_user)
    return client
