"""The statements list reads in the order of its index: newest first, undated last, by code."""

import datetime as dt
import re

import pytest

from tests.liaisons.factories import LiaisonStatementFactory

pytestmark = pytest.mark.django_db


def test_statements_are_listed_newest_first_and_undated_last(client):
    LiaisonStatementFactory(title="Undated statement", date=None, date_precision="")
    LiaisonStatementFactory(title="Older statement", date=dt.date(2023, 5, 1))
    LiaisonStatementFactory(title="Newer statement", date=dt.date(2024, 5, 1))

    html = client.get("/liaisons/").content.decode()

    assert re.findall(r"(Undated|Older|Newer) statement", html) == ["Newer", "Older", "Undated"]
