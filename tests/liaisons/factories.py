"""Factories for liaison statements and their attachments.

`LiaisonStatementFactory()` is an approved outgoing statement for information with its own TD;
pass groups as lists: `LiaisonStatementFactory(to_groups=[sg17], from_groups=[tsag])`.
`LiaisonStatementFactory(awaiting=True)` is for action with a reply deadline and no reply.
`ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")` is known only by its reference.
"""

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils.text import slugify

from core.dates import DatePrecision
from liaisons.models import (
    Attachment,
    Direction,
    LiaisonPurpose,
    LiaisonStatement,
    LiaisonStatus,
)
from meetings.models import DocumentKind
from tests.meetings.factories import DocumentFactory

# The smallest file every PDF reader accepts as a PDF: content checks see "%PDF-".
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _set_m2m(manager_name: str):
    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, manager_name).set(extracted)

    hook.__name__ = manager_name
    return factory.PostGeneration(hook)


class LiaisonStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStatement
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    class Params:
        awaiting = factory.Trait(
            purpose=LiaisonPurpose.ACTION,
            reply_deadline=factory.LazyAttribute(lambda o: o.date + dt.timedelta(days=60)),
        )
        incoming = factory.Trait(direction=Direction.INCOMING)

    document = factory.SubFactory(
        DocumentFactory,
        kind=DocumentKind.LIAISON_STATEMENT,
        title=factory.SelfAttribute("..title"),
    )
    code = factory.LazyAttribute(lambda o: slugify(o.document.code) if o.document else None)
    title = factory.Sequence(lambda n: f"Liaison statement on topic {n}")
    direction = Direction.OUTGOING
    purpose = LiaisonPurpose.INFORMATION
    date = dt.date(2024, 1, 26)
    date_precision = DatePrecision.DAY
    reply_deadline = None
    # Where a recorded statement of its direction usually stands (the database refuses a status
    # of the other direction).
    status = factory.LazyAttribute(
        lambda o: (
            LiaisonStatus.APPROVED if o.direction == Direction.OUTGOING else LiaisonStatus.RECEIVED
        )
    )
    summary = "What the recipients are asked to do."

    from_groups = _set_m2m("from_groups")
    to_groups = _set_m2m("to_groups")
    related_deliverables = _set_m2m("related_deliverables")
    related_groups = _set_m2m("related_groups")


class ReferenceOnlyStatementFactory(LiaisonStatementFactory):
    """A statement this data set knows only by its reference (no TD of ours)."""

    document = None
    reference = factory.Sequence(lambda n: f"TSAG-LS{n + 100}")
    code = factory.LazyAttribute(lambda o: slugify(o.reference))
    title = ""
    purpose = ""
    date = None


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A small PDF stored under MEDIA_ROOT (a per-test folder in the test suite)."""

    class Meta:
        model = Attachment

    class Params:
        data = PDF_BYTES

    statement = factory.SubFactory(LiaisonStatementFactory)
    original_name = factory.Sequence(lambda n: f"statement-{n}.pdf")
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name=o.original_name))
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.data))
