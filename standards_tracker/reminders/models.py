"""Subscriptions and the reminder log (see issue: deadline reminders)."""
