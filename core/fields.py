"""Model fields every app shares: the code columns that sort in natural order in the database.

SG2 < SG3 < SG11 < SG20, FGMV-2 < FGMV-10, TD2 < TD10: numbers inside codes compare as numbers,
and they do so in SQL (`ORDER BY code`, an index scan, a page of a paginated list), never in
Python after fetching everything. The column carries a collation named `natural_sort`:

- on PostgreSQL an ICU collation with numeric ordering (`und-u-kn-true`), created by
  `core/migrations/0001_natural_sort_collation.py` (NetBox does the same for its names). It is
  deterministic, so equality, unique constraints and LIKE behave as with the default collation.
- on SQLite (the embedded default) a Python function of the same name, registered on every
  connection by `register_sqlite_collation` (connected in `CoreConfig.ready()`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

NATURAL_SORT = "natural_sort"

_TOKEN = re.compile(r"\d+|\D")


@functools.lru_cache(maxsize=8192)
def natural_sort_key(value: str) -> tuple:
    """The SQLite stand-in for ICU's numeric collation: digit runs compare as numbers,
    punctuation before digits before letters, letters without regard to case; ties are broken
    on the whole text (lower case first, as ICU does), so only equal strings compare equal and
    a unique index stays exact."""
    tokens = []
    for token in _TOKEN.findall(value):
        if token.isdigit():
            tokens.append((1, int(token), ""))
        elif token.isalpha():
            tokens.append((2, 0, token.casefold()))
        else:
            tokens.append((0, 0, token))
    return (tuple(tokens), value.swapcase(), value)


def natural_sort_compare(left: str | None, right: str | None) -> int:
    if left == right:
        return 0
    if left is None or right is None:  # SQLite passes no NULLs to a collation; kept total anyway
        return -1 if left is None else 1
    left_key, right_key = natural_sort_key(left), natural_sort_key(right)
    return -1 if left_key < right_key else 1


def register_sqlite_collation(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: give each SQLite connection the `natural_sort` collation
    its code columns are declared with (a table cannot even be queried without it)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NATURAL_SORT, natural_sort_compare)


class NaturalSortMixin:
    """Declares the column with the `natural_sort` collation unless another one is given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("db_collation", NATURAL_SORT)
        super().__init__(*args, **kwargs)


class CodeField(NaturalSortMixin, models.CharField):
    """A code or number that people read and sort: SG17, FGMV-04, TD480, WP2-8."""


class SlugCodeField(NaturalSortMixin, models.SlugField):
    """A code kept to URL-safe characters (a meeting's wp2-tsag-2024-01), in natural order."""


class QuirkField(models.TextField):
    """Why a record loaded from the source documents differs from them (docs/seed-data-quirks.md):
    written by `load_seed_data` only, shown read-only in the admin so staff see the reason."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault(
            "help_text",
            _(
                "How this record differs from the source documents, and why (set by the demo "
                "data loader; read-only)."
            ),
        )
        kwargs.setdefault("verbose_name", _("note on the source"))
        super().__init__(*args, **kwargs)
