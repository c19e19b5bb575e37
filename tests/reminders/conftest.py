import pytest


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    """The documented defaults, a public site address and one secretariat mailbox."""
    settings.SITE_URL = "https://tracker.example.org"
    settings.SECRETARIAT_EMAILS = ["secretariat@example.org"]
    settings.REMINDER_TIME_ZONE = "Europe/Zurich"
    settings.REMINDER_LEAD_DAYS = [14, 7, 1]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 7
    settings.REMINDER_LIFETIME_LEAD_DAYS = [90, 30, 7]
    settings.REMINDER_CLAIM_TIMEOUT_MINUTES = 10
    settings.DEFAULT_FROM_EMAIL = "Standards Tracker <noreply@tracker.example.org>"
    return settings
