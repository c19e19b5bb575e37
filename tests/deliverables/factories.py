import datetime as dt

import factory

from core.dates import DatePrecision
from deliverables.models import (
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Distribution,
    Group,
    GroupKind,
    Person,
    Purpose,
    Role,
    RoleKind,
)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G{n}")
    name = factory.LazyAttribute(lambda o: f"Group {o.code}")
    kind = GroupKind.RAPPORTEUR_GROUP


class StudyGroupFactory(GroupFactory):
    code = factory.Sequence(lambda n: f"SG{n + 50}")
    name = factory.LazyAttribute(lambda o: f"ITU-T Study Group {o.code[2:]}")
    kind = GroupKind.STUDY_GROUP


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("slug",)

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")
    affiliation = "Example Corporation"
    country = "Switzerland"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    role = RoleKind.RAPPORTEUR
    starts_on = dt.date(2023, 1, 1)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    type = DeliverableType.TECHNICAL_REPORT
    title = factory.Sequence(lambda n: f"Deliverable number {n}")
    owner = factory.SubFactory(GroupFactory, kind=GroupKind.FOCUS_GROUP)
    approved = dt.date(2023, 10, 1)
    approved_precision = DatePrecision.MONTH
    status = DeliverableStatus.APPROVED
    summary = "A summary.\n\n- first point\n- second point"


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    deliverable = factory.SubFactory(DeliverableFactory)
    group = factory.SubFactory(StudyGroupFactory)
    purpose = Purpose.ALLOCATED
    decision = "WP2-8"
