"""The secretariat's admin: branded, its index grouped by what staff do, and opening on what
needs attention (overdue actions, deadlines this week, statements awaiting reply, lifetimes).

Installed in place of django.contrib.admin (`portal.apps.SecretariatAdminConfig` in
INSTALLED_APPS), so
every app keeps registering its ModelAdmins on `admin.site` as usual.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .attention import attention

# The index, grouped by the tasks of the secretariat rather than by code module. Models not
# listed here appear after these, under their app's own name.
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "work-programme",
        _("Work programme"),
        [
            "deliverables.deliverable",
            "deliverables.distribution",
            "deliverables.group",
            "deliverables.role",
            "deliverables.person",
        ],
    ),
    (
        "meetings",
        _("Meetings, documents and actions"),
        ["meetings.meeting", "meetings.session", "meetings.document", "meetings.actionitem"],
    ),
    ("liaisons", _("Liaison statements"), ["liaisons.liaisonstatement", "liaisons.attachment"]),
    (
        "reminders",
        _("Reminders and schedules"),
        [
            "reminders.subscription",
            "reminders.reminder",
            "reminders.remindersent",
            "reminders.reminderlog",
            "django_celery_beat.periodictask",
            "django_celery_beat.crontabschedule",
            "django_celery_beat.intervalschedule",
            "django_celery_beat.clockedschedule",
            "django_celery_beat.solarschedule",
        ],
    ),
    (
        "access",
        _("People with access"),
        [
            "auth.user",
            "auth.group",
            "accounts.personlink",
            "account.emailaddress",
            "socialaccount.socialaccount",
            "knox.authtoken",
            "axes.accessattempt",
        ],
    ),
]


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("Standards Tracker — secretariat")
    site_title = _("Standards Tracker admin")
    index_title = _("What needs attention")
    site_url = "/"
    enable_nav_sidebar = True

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        apps = self._build_app_dict(request)
        models = {
            f"{app_label}.{model['object_name'].lower()}": (app, model)
            for app_label, app in apps.items()
            for model in app["models"]
        }
        sections, placed = [], set()
        for key, name, labels in SECTIONS:
            found = [models[label][1] for label in labels if label in models]
            placed.update(label for label in labels if label in models)
            if found:
                sections.append(
                    {
                        "name": name,
                        "app_label": key,
                        "app_url": "",
                        "has_module_perms": True,
                        "models": found,
                    }
                )
        leftovers: dict[str, dict] = {}
        for label, (app, model) in models.items():
            if label not in placed:
                entry = leftovers.setdefault(app["app_label"], {**app, "models": []})
                entry["models"].append(model)
        for app in sorted(leftovers.values(), key=lambda a: a["name"].lower()):
            app["models"].sort(key=lambda m: m["name"])
            sections.append(app)
        return self._with_schedule(request, sections)

    def get_urls(self):
        # Imported here: reminders.admin registers on this site, built from this module.
        from reminders.admin import sweep_schedule_view

        schedule = path(
            "reminders/schedule/",
            self.admin_view(sweep_schedule_view),
            name="reminders_schedule",
        )
        return [schedule, *super().get_urls()]

    def _with_schedule(self, request, sections: list[dict]) -> list[dict]:
        """The reminder schedule's simple form, listed with the reminders for those who may
        change it (the scheduler's own models are shown to superusers only)."""
        from reminders.admin import SCHEDULE_PERMISSION

        if not request.user.has_perm(SCHEDULE_PERMISSION):
            return sections
        entry = {
            "name": _("Reminder schedule"),
            "object_name": "ReminderSchedule",
            "admin_url": reverse("admin:reminders_schedule"),
            "add_url": None,
            "view_only": False,
            "perms": {"add": False, "change": True, "delete": False, "view": True},
        }
        for section in sections:
            if section["app_label"] == "reminders":
                section["models"].insert(0, entry)
                return sections
        sections.append(
            {
                "name": _("Reminders and schedules"),
                "app_label": "reminders",
                "app_url": "",
                "has_module_perms": True,
                "models": [entry],
            }
        )
        return sections

    def index(self, request, extra_context=None):
        return super().index(request, {**attention(), **(extra_context or {})})
