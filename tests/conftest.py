import os

import pytest
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.db import transaction
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.views import APIView

from core.api.permissions import SECRETARIAT_GROUP
from core.throttling import ThrottledPageMixin
from tests.seed_snapshot import SeedSnapshot, restore, take_snapshot

# Hashing a password the production way (PBKDF2, a million rounds) costs a quarter of a second;
# the suite creates hundreds of users. No test here is about the strength of the hash.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (in the pytest config) runs the suite, or folders of it, on one worker per CPU.
    A run of chosen files or tests, or one with -s, stays in this process: starting workers (each
    setting up its own database) would cost more than it saves, and -s shows nothing from them."""
    chosen = [arg for arg in config.args if "::" in arg or arg.split("::")[0].endswith(".py")]
    if chosen or config.getoption("capture") == "no":
        return 0
    return None  # pytest-xdist's own answer: the number of CPUs


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "throttled: keep the API throttles the views were built with (from settings); "
        "every other test runs without throttling",
    )


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


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _no_throttling(request, monkeypatch):
    """No API throttling in ordinary tests: their anonymous requests would count against the real
    rate in the shared cache, and a test would fail with a 429 depending on what ran before it.

    Changing the REST_FRAMEWORK setting cannot do it: DRF binds each view's `throttle_classes`
    when the class is defined. So the throttles are switched off where DRF asks a view for them
    (`APIView.get_throttles`). A test marked `throttled` keeps the real ones."""
    if request.node.get_closest_marker("throttled"):
        return
    monkeypatch.setattr(APIView, "get_throttles", lambda view: [])
    # The public pages throttled the same way (the search page).
    monkeypatch.setattr(ThrottledPageMixin, "get_throttles", lambda view: [])
    # And django-allauth's rate limits of sign-in, sign-up and password reset.
    request.getfixturevalue("settings").ACCOUNT_RATE_LIMITS = False


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


# --- the demo data: loaded once per run, put back where a test needs it -----------------------

_SEEDED_MODULES: set[str] = set()


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    """`load_seed_data` run once for the whole test run (and rolled back), its rows kept."""
    with django_db_blocker.unblock():
        return take_snapshot()


@pytest.fixture(scope="module")
def seed_data(request, seed_snapshot, django_db_blocker) -> str:
    """The demo data, put in once for the test module inside a transaction that is rolled back
    when the module ends. Each test runs in a savepoint of it (pytest-django's `db`), so what one
    test changes is gone for the next. Returns what `load_seed_data` printed.

    For modules whose every test asks for it (`pytestmark = pytest.mark.usefixtures(...)`): a
    test of the module that does not would see the data too, and `_seed_data_is_all_or_nothing`
    fails it. A single test in a module of empty-database tests asks for
    `seed_data_for_this_test`."""
    module = request.module.__name__
    with django_db_blocker.unblock(), transaction.atomic():
        restore(seed_snapshot)
        _SEEDED_MODULES.add(module)
        try:
            yield seed_snapshot.output
        finally:
            _SEEDED_MODULES.discard(module)
            transaction.set_rollback(True)


@pytest.fixture
def seed_data_for_this_test(seed_snapshot, db) -> str:
    """The demo data for one test, rolled back with the test."""
    restore(seed_snapshot)
    return seed_snapshot.output


@pytest.fixture(autouse=True)
def _seed_data_is_all_or_nothing(request):
    module = getattr(request.module, "__name__", None)
    if module in _SEEDED_MODULES and "seed_data" not in request.fixturenames:
        pytest.fail(
            f"{module} loads the demo data for the module (seed_data): every test in it must "
            "ask for seed_data, or move to a module of its own"
        )
