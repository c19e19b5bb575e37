"""Who may do what: the two groups of users, API tokens, the anonymous throttle."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from core.auth_groups import EDITED_APPS, ensure_auth_groups
from tests.deliverables.factories import DeliverableFactory, GroupFactory

pytestmark = pytest.mark.django_db


def permission_names(group_name: str) -> set[str]:
    group = UserGroup.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def expected(actions) -> set[str]:
    names = set()
    for label in EDITED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            names |= {f"{label}.{action}_{model._meta.model_name}" for action in actions}
    return names


def test_migrate_creates_the_secretariat_and_readers_groups_with_their_permissions():
    secretariat = permission_names("secretariat")
    assert secretariat == expected(("add", "change", "delete", "view")) | {
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    }
    assert {"deliverables.change_deliverable", "meetings.add_meeting"} <= secretariat
    assert "liaisons.delete_liaisonstatement" in secretariat
    assert permission_names("readers") == expected(("view",))
    assert not any(name.startswith("auth.") for name in secretariat)


def test_creating_the_groups_again_changes_nothing():
    before = {name: permission_names(name) for name in ("secretariat", "readers")}
    assert ensure_auth_groups() == {"secretariat": 0, "readers": 0}
    assert {name: permission_names(name) for name in before} == before
    assert UserGroup.objects.filter(name__in=before).count() == 2


def test_a_lost_permission_is_given_back_and_extra_ones_are_kept():
    secretariat = UserGroup.objects.get(name="secretariat")
    lost = Permission.objects.get(codename="change_deliverable")
    extra = Permission.objects.get(codename="view_user")
    secretariat.permissions.remove(lost)
    secretariat.permissions.add(extra)
    assert ensure_auth_groups()["secretariat"] == 1
    assert secretariat.permissions.filter(pk=lost.pk).exists()
    assert secretariat.permissions.filter(pk=extra.pk).exists()


def staff(username: str, group: str, *, is_staff: bool = True) -> User:
    user = User.objects.create_user(username, password="a-long-password-3", is_staff=is_staff)
    user.groups.add(UserGroup.objects.get(name=group))
    return user


def test_secretariat_staff_edit_in_the_admin_and_readers_only_look(client):
    deliverable = DeliverableFactory()
    change = reverse("admin:deliverables_deliverable_change", args=[deliverable.pk])
    client.force_login(staff("clerk", "secretariat"))
    assert client.get(reverse("admin:deliverables_deliverable_add")).status_code == 200
    assert client.get(change).status_code == 200
    client.force_login(staff("reader", "readers"))
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:deliverables_deliverable_add")).status_code == 403


def test_secretariat_member_without_is_staff_cannot_reach_the_admin(client):
    client.force_login(staff("clerk", "secretariat", is_staff=False))
    response = client.get(reverse("admin:deliverables_deliverable_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_reader_cannot_write_through_the_api():
    client = APIClient()
    client.force_authenticate(staff("reader", "readers"))
    GroupFactory(code="SG17")
    response = client.patch(reverse("group-detail", args=["SG17"]), {"name": "x"})
    assert response.status_code == 403


def test_api_tokens_are_stored_hashed(secretariat_user):
    instance, token = AuthToken.objects.create(secretariat_user, expiry=dt.timedelta(days=1))
    stored = AuthToken.objects.values_list("digest", "token_key").get()
    assert token not in stored
    assert instance.digest != token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    GroupFactory(code="SG17")
    response = client.patch(reverse("group-detail", args=["SG17"]), {"name": "Renamed"})
    assert response.status_code == 200


def test_token_of_a_delegate_reads_but_cannot_write(delegate_user):
    _, token = AuthToken.objects.create(delegate_user, expiry=dt.timedelta(days=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    GroupFactory(code="SG17")
    assert client.get(reverse("group-detail", args=["SG17"])).status_code == 200
    assert client.patch(reverse("group-detail", args=["SG17"]), {"name": "x"}).status_code == 403


def test_wrong_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    assert client.get(reverse("group-list")).status_code == 401


def test_settings_throttle_anonymous_reads():
    settings_module = importlib.import_module("standards_tracker.settings")
    rest = settings_module.REST_FRAMEWORK
    assert "rest_framework.throttling.AnonRateThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    assert rest["DEFAULT_THROTTLE_RATES"]["anon"]


@pytest.mark.throttled
def test_anonymous_reads_are_throttled_at_the_configured_rate_and_signed_in_users_are_not(
    settings, monkeypatch, api_client, delegate_client
):
    from deliverables.api.views import GroupViewSet

    rest = settings.REST_FRAMEWORK
    configured = [import_string(path) for path in rest["DEFAULT_THROTTLE_CLASSES"]]
    # The views throttle with the classes the settings name (bound when the class was defined).
    assert [type(throttle) for throttle in GroupViewSet().get_throttles()] == configured
    (throttle_class,) = configured
    assert throttle_class().rate == rest["DEFAULT_THROTTLE_RATES"][throttle_class.scope]
    # The real class, counting in the real (shared) cache; only its rate is made small enough
    # to reach in a test, in the rates the class reads.
    monkeypatch.setitem(throttle_class.THROTTLE_RATES, throttle_class.scope, "3/minute")
    counted = throttle_class.cache_format % {"scope": throttle_class.scope, "ident": "127.0.0.1"}
    cache.delete(counted)
    try:
        url = reverse("group-list")
        assert [api_client.get(url).status_code for _ in range(3)] == [200, 200, 200]
        refused = api_client.get(url)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert [delegate_client.get(url).status_code for _ in range(4)] == [200] * 4
    finally:
        cache.delete(counted)


def test_tests_run_without_throttling_whatever_the_rate(monkeypatch, api_client):
    """tests/conftest.py switches the throttles off for every test not marked `throttled`, so an
    anonymous request never fails with a 429 because of the requests of earlier tests."""
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, AnonRateThrottle.scope, "1/hour")
    url = reverse("group-list")
    assert [api_client.get(url).status_code for _ in range(3)] == [200, 200, 200]


# --- tokens in the admin ---------------------------------------------------------------------


def test_admin_issues_a_token_with_an_expiry_and_shows_it_once(admin_client, secretariat_user):
    response = admin_client.post(
        reverse("admin:knox_authtoken_add"),
        {"user": secretariat_user.pk, "lifetime": "90"},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    shown = next(message for message in messages if "copy it now" in message)
    token = shown.split(": ", 1)[1].split(" ", 1)[0]
    stored = AuthToken.objects.get(user=secretariat_user)
    assert stored.digest != token
    assert token not in stored.digest
    assert timezone.now() + dt.timedelta(days=89) < stored.expiry
    assert stored.expiry < timezone.now() + dt.timedelta(days=91)
    # The token works, and is not shown again on its page.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    GroupFactory(code="SG17")
    assert client.patch(reverse("group-detail", args=["SG17"]), {"name": "x"}).status_code == 200
    page = admin_client.get(reverse("admin:knox_authtoken_change", args=[stored.digest]))
    assert token not in page.content.decode()


def test_admin_token_with_a_custom_expiry(admin_client, secretariat_user):
    response = admin_client.post(
        reverse("admin:knox_authtoken_add"),
        {
            "user": secretariat_user.pk,
            "lifetime": "custom",
            "expiry_0": "2099-12-31",
            "expiry_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    stored = AuthToken.objects.get(user=secretariat_user)
    assert timezone.localtime(stored.expiry).date() == dt.date(2099, 12, 31)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"lifetime": "custom"}, "expiry"),
        ({"lifetime": "custom", "expiry_0": "2001-01-01", "expiry_1": "12:00:00"}, "expiry"),
        ({"lifetime": "forever"}, "lifetime"),
    ],
)
def test_admin_refuses_a_token_without_a_valid_expiry(admin_client, secretariat_user, data, field):
    response = admin_client.post(
        reverse("admin:knox_authtoken_add"), {"user": secretariat_user.pk, **data}
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not AuthToken.objects.exists()


def test_admin_lists_tokens_with_whether_they_expired(admin_client, secretariat_user):
    AuthToken.objects.create(secretariat_user, expiry=dt.timedelta(days=-1))
    AuthToken.objects.create(secretariat_user, expiry=dt.timedelta(days=10))
    response = admin_client.get(reverse("admin:knox_authtoken_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'alt="True"' in content
    assert 'alt="False"' in content
