

from deliverables.models import Group, GroupKind, RoleKind
from tests.api_contract import APIContract
from tests.deliverables.factories import GroupFactory, RoleFactory


class TestGroupAPI(APIContract):
    basename = "group"
    model = Group

    def make_rows(self, n):
        parent = GroupFactory(code="WP9", kind=GroupKind.WORKING_PARTY)
        groups = GroupFactory.create_batch(n, parent=parent)
        for group in groups:
            RoleFactory(group=group, role=RoleKind.RAPPORTEUR)
            RoleFactory(group=group, role=RoleKind.ASSOCIATE_RAPPORTEUR)
        return groups

    def create_payload(self):
        GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
        return {
            "code": "RG-NEW",
            "name": "Rapporteur Group on something new",
            "kind": "rapporteur_group",
            "parent": "TSAG",
            "established": "2024-01-26",
        }

    def update_payload(self, obj):
        return {"name": "Renamed group", "lifetime_end": "2024-06"}

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            ("invalid code", {**valid, "code": "rg new"}, "code"),
            ("duplicate code", {**valid, "code": Group.objects.first().code}, "code"),
            ("unknown parent", {**valid, "parent": "NOPE"}, "parent"),
            (
                "lifetime ends before it starts",
                {**valid, "established": "2024-01-26", "lifetime_end": "2023-06"},
                "lifetime_end",
            ),
            ("unknown kind", {**valid, "kind": "club"}, "kind"),
            ("malformed date", {**valid, "established": "26/01/2024"}, "established"),
        ]
