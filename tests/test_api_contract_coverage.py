"""Every ViewSet of the API keeps the API contract: each has a `Test…API(APIContract)` class
(tests/api_contract.py) in the tests of its app."""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.api_contract import APIContract

TESTS = Path(__file__).resolve().parent


def viewset_basenames(patterns=None) -> set[str]:
    """The router basenames of the ViewSets under /api/v1/ (their list routes)."""
    found = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            found |= viewset_basenames(pattern.url_patterns)
        elif (
            isinstance(pattern, URLPattern)
            and (pattern.name or "").endswith("-list")
            and getattr(pattern.callback, "actions", None) is not None  # a ViewSet's route
        ):
            found.add(pattern.name.removesuffix("-list"))
    return found


def contract_basenames() -> set[str]:
    for path in TESTS.rglob("test_*.py"):
        if "(APIContract)" in path.read_text(encoding="utf-8"):
            module = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
            importlib.import_module(module)
    return {
        contract.basename
        for contract in APIContract.__subclasses__()
        if "basename" in vars(contract)
    }


def test_every_viewset_of_the_api_keeps_the_contract():
    endpoints = viewset_basenames()
    assert "subscription" in endpoints  # the walk finds the API's routers
    missing = endpoints - contract_basenames()
    assert not missing, f"API endpoints without an APIContract test class: {sorted(missing)}"
