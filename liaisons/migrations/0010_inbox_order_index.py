"""A group's liaison inbox lists statements soonest reply deadline first: an index in that order
lets its page read the first rows and stop, instead of sorting every statement addressed to the
group (hundreds sent to all study groups at ten times ITU-T's size). PostgreSQL only (NULLS
LAST)."""

from django.db import migrations

from core.migration_operations import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0009_codes_any_case_unique_dates_in_range"),
    ]

    operations = [
        AddPostgresIndex(
            model_name="liaisonstatement",
            name="liaison_statement_inbox_order",
            columns='"reply_deadline" ASC NULLS LAST, "date" DESC NULLS LAST, "code"',
        ),
    ]
