"""Writing the accounts' records: linking a login to a person, the secretariat's decision on
it, and the personal calendar key. Each is one transaction; the adapter, the admin and the
pages call these and nothing else."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deliverables.models import Person
from reminders.models import ReminderPreference, site_language

from .models import CalendarFeedKey, LinkStatus, PersonLink, new_feed_key


@transaction.atomic
def link_by_verified_email(user: User) -> PersonLink | None:
    """Link `user` to the one person whose address is one of the user's verified addresses.

    Nothing happens when the login already has a link (even an undone one: the secretariat
    said no), is already some person's, or when no person — or more than one — has the
    address: an ambiguous match is the secretariat's to make by hand.
    """
    if PersonLink.objects.filter(user=user).exists() or Person.objects.filter(user=user).exists():
        return None
    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    for address in addresses:
        # People's addresses are kept as typed: compared without case (a few thousand rows, and
        # only at a sign-in or a verification).
        matches = list(
            Person.objects.select_for_update()
            .filter(email__iexact=address.strip(), user__isnull=True)
            .exclude(login_links__status__in=[LinkStatus.PROPOSED, LinkStatus.CONFIRMED])[:2]
        )
        if len(matches) != 1:
            continue
        person = matches[0]
        person.user = user
        person.save(update_fields=["user", "last_updated"])
        return PersonLink.objects.create(user=user, person=person, email=address.lower())
    return None


@transaction.atomic
def link_by_hand(link: PersonLink, by: User) -> PersonLink:
    """The secretariat links a login to a person itself: confirmed, and the person's login."""
    person = Person.objects.select_for_update().get(pk=link.person_id)
    if person.user_id not in (None, link.user_id):
        raise ValidationError({"person": _("This person already has another login.")})
    person.user_id = link.user_id
    person.save(update_fields=["user", "last_updated"])
    link.status, link.decided_by, link.decided_at = LinkStatus.CONFIRMED, by, timezone.now()
    link.save()
    return link


@transaction.atomic
def confirm_link(link: PersonLink, by: User) -> PersonLink:
    """The secretariat agrees that this login is this person."""
    link = PersonLink.objects.select_for_update().get(pk=link.pk)
    if link.status == LinkStatus.UNDONE:
        raise ValidationError(
            {"status": _("This link was undone; link the login to the person again by hand.")}
        )
    link.status, link.decided_by, link.decided_at = LinkStatus.CONFIRMED, by, timezone.now()
    link.save()
    return link


@transaction.atomic
def undo_link(link: PersonLink, by: User) -> PersonLink:
    """The login is not this person: the person no longer points at it, and the link stays as
    a record so that the next sign-in does not make it again."""
    link = PersonLink.objects.select_for_update().get(pk=link.pk)
    Person.objects.filter(pk=link.person_id, user_id=link.user_id).update(user=None)
    link.status, link.decided_by, link.decided_at = LinkStatus.UNDONE, by, timezone.now()
    link.save()
    return link


def calendar_key(user: User) -> str:
    """The user's personal calendar key, made on first use."""
    feed_key, _created = CalendarFeedKey.objects.get_or_create(user=user)
    return feed_key.key


@transaction.atomic
def regenerate_calendar_key(user: User) -> str:
    """A new key for the user's calendar: the old URL answers 404 from now on."""
    feed_key, created = CalendarFeedKey.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed_key.key = new_feed_key()
        feed_key.save(update_fields=["key", "last_updated"])
    return feed_key.key


def remember_language(user: User, language: str | None) -> None:
    """At sign-up: the user's e-mails are written in the language they signed up in, until they
    choose another on their page. A choice already made is kept."""
    code = site_language(language)
    if not code:
        return
    preference, created = ReminderPreference.objects.get_or_create(
        user=user, defaults={"language": code}
    )
    if not created and not preference.language:
        preference.language = code
        preference.save(update_fields=["language", "last_updated"])


def language_of(user: User | None) -> str:
    """The language the user chose for their e-mails; empty when none (or no user)."""
    if user is None or user.pk is None:
        return ""
    return ReminderPreference.objects.languages([user.pk]).get(user.pk, "")
