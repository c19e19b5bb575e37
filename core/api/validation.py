"""Checks a request body passes before any of it is looked up or saved."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

MAX_NESTED_ITEMS = 100
"""The most items a list in a request body may hold (distribution lines, recipients, related
records): each costs a lookup or a row, so a list of thousands would keep a worker past its
timeout. A real record has a few dozen at most."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(message: str, **params: object) -> str:
    """`message` with each `{name}` given in `params` replaced by its value and nothing else
    touched: unlike `str.format` (DRF's `Field.fail`), a brace that is part of the text — an
    example of a JSON body — or a value holding braces can never raise."""
    return _PLACEHOLDER.sub(
        lambda match: str(params[match[1]]) if match[1] in params else match[0], str(message)
    )


class PlainMessagesMixin:
    """For a serializer field: `fail()` fills its message with `fill`, not `str.format`."""

    error_messages: dict

    def fail(self, key: str, **kwargs: object):
        raise serializers.ValidationError(fill(self.error_messages[key], **kwargs), code=key)


def check_list_sizes(serializer: serializers.Serializer, data: object) -> None:
    """A 400 naming each writable list field of `serializer` given more than MAX_NESTED_ITEMS
    items, before any of them is looked up or validated."""
    if not isinstance(data, Mapping):
        return
    errors = {}
    for name, field in serializer.fields.items():
        if field.read_only or not isinstance(
            field, serializers.ListSerializer | ManyRelatedField | serializers.ListField
        ):
            continue
        value = data.get(name)
        if isinstance(value, list | tuple) and len(value) > MAX_NESTED_ITEMS:
            errors[name] = [
                gettext("Give at most %(most)d items (%(given)d given).")
                % {"most": MAX_NESTED_ITEMS, "given": len(value)}
            ]
    if errors:
        raise serializers.ValidationError(errors)
