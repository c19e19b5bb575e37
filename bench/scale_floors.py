"""The floor of every API endpoint: the same rows and fields as the API answers, read with one
hand-written SELECT per list (nested lists as json_agg/array_agg in correlated subqueries, and a
count(*) for the page envelope), shaped in plain Python and encoded with the API's own JSON
renderer (DRF's JSONRenderer).

Used by bench/scale.py, which runs each floor interleaved with its API request and compares the
two bodies: "exact" (byte for byte), "same data" (equal once parsed), "same, ties ordered apart"
(equal once every list is sorted: two people of the same name listed the other way round),
"same rows" / "same shape" (the page holds other rows of equal rank, or the same keys and count).
"DIFF" means the floor no longer answers what the API answers (a field was added, an order
changed): fix the floor before reading its ratio. Each row's keys follow its serializer's
`Meta.fields`, so a new plain field shows up as a difference rather than passing unnoticed.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from rest_framework.renderers import JSONRenderer

from core.dates import format_partial_date, iso_partial_date, period_end
from deliverables.models import (
    DeliverableStatus,
    DeliverableType,
    GroupKind,
    GroupStatus,
    Purpose,
    RoleKind,
)
from liaisons.models import TRANSITIONS, Direction, LiaisonPurpose, LiaisonStatus
from meetings.models import ActionStatus, DocumentKind, MeetingFormat, MeetingKind

BASE = "http://testserver"
API = f"{BASE}/api/v1"
RENDERER = JSONRenderer()
LEADERSHIP = ("chair", "vice_chair", "rapporteur", "associate_rapporteur")
NOT_STATED = "not stated"

GROUP_KINDS = dict(GroupKind.choices)
GROUP_STATUSES = dict(GroupStatus.choices)
ROLE_KINDS = dict(RoleKind.choices)
DELIVERABLE_TYPES = dict(DeliverableType.choices)
DELIVERABLE_STATUSES = dict(DeliverableStatus.choices)
PURPOSES = dict(Purpose.choices)
MEETING_KINDS = dict(MeetingKind.choices)
MEETING_FORMATS = dict(MeetingFormat.choices)
DOCUMENT_KINDS = dict(DocumentKind.choices)
ACTION_STATUSES = dict(ActionStatus.choices)
DIRECTIONS = dict(Direction.choices)
LIAISON_PURPOSES = dict(LiaisonPurpose.choices)
LIAISON_STATUSES = dict(LiaisonStatus.choices)


def render(data) -> bytes:
    return RENDERER.render(data)


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scalar(sql: str, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def link(kind: str, code: str | None) -> dict | None:
    return None if code is None else {"code": code, "url": f"{API}/{kind}/{code}/"}


def links(kind: str, codes) -> list[dict]:
    return [{"code": code, "url": f"{API}/{kind}/{code}/"} for code in codes or ()]


def document_code(number: str, revision: int) -> str:
    return f"{number}-R{revision}" if revision else number


def held_on(starts: dt.date | None, ends: dt.date | None, day: dt.date) -> bool:
    return (starts is None or starts <= day) and (ends is None or ends > day)


def serializer_fields() -> dict[str, list[str]]:
    """Each endpoint's fields in its serializer's order (the floor builds the same keys)."""
    from deliverables.api.serializers import (
        DeliverableSerializer,
        GroupSerializer,
        PersonSerializer,
        RoleSerializer,
    )
    from liaisons.api.serializers import InboxItemSerializer, LiaisonStatementSerializer
    from meetings.api.serializers import (
        ActionItemSerializer,
        DocumentSerializer,
        MeetingSerializer,
    )
    from reminders.api.serializers import SubscriptionSerializer
    from workitems.api.serializers import WorkItemSerializer

    serializers = {
        "groups": GroupSerializer,
        "people": PersonSerializer,
        "roles": RoleSerializer,
        "deliverables": DeliverableSerializer,
        "meetings": MeetingSerializer,
        "documents": DocumentSerializer,
        "action-items": ActionItemSerializer,
        "liaisons": LiaisonStatementSerializer,
        "inbox": InboxItemSerializer,
        "subscriptions": SubscriptionSerializer,
        "work-items": WorkItemSerializer,
    }
    fields = {name: list(s.Meta.fields) for name, s in serializers.items()}
    fields["people"].remove("email")  # shown to the secretariat only; the bench reads anonymously
    return fields


FIELDS: dict[str, list[str]] = {}


def finish(resource: str, created, last_updated, values: dict) -> dict:
    """The row with its timestamps, in the serializer's field order (a field the floor does not
    build is left out, so the comparison shows it)."""
    if not FIELDS:
        FIELDS.update(serializer_fields())
    if created is not None:
        values["created"] = drf_datetime(created)
        values["last_updated"] = drf_datetime(last_updated)
    if resource == "subscriptions":
        values["created_at"] = values["created"]
    return {name: values[name] for name in FIELDS[resource] if name in values}


def paged(
    select: str, table: str, where: str, order: str, limit: int | None, join: str = ""
) -> str:
    """A page is chosen first, from the table alone (the filter, the order, the limit: what an
    index or one sort of narrow rows answers), and only its rows get their columns and nested
    lists; a detail (no limit) reads its one row directly."""
    if limit is None:
        return select.replace("{source}", table) + f" WHERE {where} ORDER BY {order}"
    alias = table.split()[-1]
    inner = f"SELECT {alias}.* FROM {table} {join} WHERE {where} ORDER BY {order} LIMIT {limit}"
    return select.replace("{source}", f"({inner}) {alias}") + f" ORDER BY {order}"


def page(path: str, params: dict, count: int, results: list, page_size: int) -> dict:
    """DRF's PageNumberPagination envelope for page 1 (next: the query sorted, page=2)."""
    following = None
    if count > page_size:
        query = {**params, "page": "2"}
        following = f"{BASE}{path}?{urlencode(sorted(query.items()))}"
    return {"count": count, "next": following, "previous": None, "results": results}


# --- groups --------------------------------------------------------------------------------

# A group has ended (closed, or its lifetime's last day is past): its roles are not current.
# The lifetime's last day is that of its period ("June 2024" ends on 30 June).
GROUP_ENDED_SQL = """({g}.status = 'closed' OR ({g}.lifetime_end IS NOT NULL AND
  (CASE {g}.lifetime_end_precision
     WHEN 'year' THEN make_date(extract(year FROM {g}.lifetime_end)::int, 12, 31)
     WHEN 'month' THEN (date_trunc('month', {g}.lifetime_end) + interval '1 month - 1 day')::date
     ELSE {g}.lifetime_end END) < %(today)s))"""


def group_ended(status: str, lifetime_end: dt.date | None, precision: str, today: dt.date) -> bool:
    return status == "closed" or (
        lifetime_end is not None and period_end(lifetime_end, precision) < today
    )


GROUP_SQL = f"""
SELECT g.code, g.name, g.kind, p.code, g.status, g.mandate, g.established,
       g.established_precision, g.lifetime_end, g.lifetime_end_precision, g.lifetime_decision,
       g.succession_kind, s.code, g.succession_note, g.study_period,
       (SELECT json_agg(json_build_array(pe.slug, pe.name, r.role, r.starts_on,
                                         r.starts_on_precision, r.decision)
                        ORDER BY array_position(%(ranks)s, r.role::text), pe.name, r.id)
          FROM deliverables_role r JOIN deliverables_person pe ON pe.id = r.person_id
         WHERE r.group_id = g.id AND r.role IN {LEADERSHIP!r} AND NOT {GROUP_ENDED_SQL.format(g="g")}
           AND (r.starts_on IS NULL OR r.starts_on <= %(today)s)
           AND (r.ends_on IS NULL OR r.ends_on > %(today)s)),
       g.created, g.last_updated
  FROM {{source}}
  LEFT JOIN deliverables_group p ON p.id = g.parent_id
  LEFT JOIN deliverables_group s ON s.id = g.successor_id
"""


RANKS = [value for value, _ in RoleKind.choices]  # the order of office (RoleQuerySet.by_rank)


def group_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    params = {**params, "ranks": RANKS}
    sql = paged(GROUP_SQL, "deliverables_group g", where, "g.code", limit)
    out = []
    for (
        code,
        name,
        kind,
        parent,
        status,
        mandate,
        established,
        est_precision,
        lifetime_end,
        end_precision,
        decision,
        succession_kind,
        successor,
        succession_note,
        study_period,
        leaders,
        created,
        last_updated,
    ) in fetch(sql, params):
        ended = group_ended(status, lifetime_end, end_precision, params["today"])
        out.append(
            finish(
                "groups",
                created,
                last_updated,
                {
                    "url": f"{API}/groups/{code}/",
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "kind_display": GROUP_KINDS.get(kind, kind),
                    "parent": link("groups", parent),
                    "status": status,
                    "has_ended": ended,
                    "state_display": (
                        f"Ended {format_partial_date(lifetime_end, end_precision)}"
                        if status == "active" and ended
                        else GROUP_STATUSES.get(status, status)
                    ),
                    "mandate": mandate,
                    "established": iso_partial_date(established, est_precision),
                    "established_display": format_partial_date(established, est_precision),
                    "lifetime_end": iso_partial_date(lifetime_end, end_precision),
                    "lifetime_end_display": format_partial_date(lifetime_end, end_precision),
                    "lifetime_decision": decision,
                    "succession_kind": succession_kind,
                    "successor": link("groups", successor),
                    "succession_note": succession_note,
                    "study_period": study_period,
                    "current_leadership": [
                        {
                            "person": {"code": slug, "url": f"{API}/people/{slug}/"},
                            "name": person_name,
                            "role": role,
                            "role_display": ROLE_KINDS.get(role, role),
                            "starts_on": iso_partial_date(d(starts), precision),
                            "decision": role_decision,
                        }
                        for slug, person_name, role, starts, precision, role_decision in leaders
                        or ()
                    ],
                    "roles": f"{API}/roles/?group={code}",
                },
            )
        )
    return out


# --- people and roles ----------------------------------------------------------------------

PERSON_SQL = """
SELECT pe.slug, pe.honorific, pe.name, pe.affiliation, pe.country,
       (SELECT json_agg(json_build_array(r.id, g.code, r.role, r.starts_on, r.starts_on_precision,
                                         r.ends_on, r.ends_on_precision, {ended})
                        ORDER BY g.code, r.role, r.starts_on)
          FROM deliverables_role r JOIN deliverables_group g ON g.id = r.group_id
         WHERE r.person_id = pe.id),
       pe.created, pe.last_updated
  FROM {{source}}
""".format(ended=GROUP_ENDED_SQL.format(g="g"))


def person_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    sql = paged(PERSON_SQL, "deliverables_person pe", where, "pe.name", limit)
    today = params["today"]
    out = []
    for slug, honorific, name, affiliation, country, roles, created, last_updated in fetch(
        sql, params
    ):
        rows = []
        for pk, group, role, starts, starts_p, ends, ends_p, ended in roles or ():
            starts, ends = d(starts), d(ends)
            rows.append(
                {
                    "url": f"{API}/roles/{pk}/",
                    "group": {"code": group, "url": f"{API}/groups/{group}/"},
                    "role": role,
                    "role_display": ROLE_KINDS.get(role, role),
                    "starts_on": iso_partial_date(starts, starts_p),
                    "ends_on": iso_partial_date(ends, ends_p),
                    "current": held_on(starts, ends, today) and not ended,
                }
            )
        out.append(
            finish(
                "people",
                created,
                last_updated,
                {
                    "url": f"{API}/people/{slug}/",
                    "slug": slug,
                    "honorific": honorific,
                    "name": name,
                    "affiliation": affiliation,
                    "country": country,
                    "roles": rows,
                },
            )
        )
    return out


ROLE_SQL = """
SELECT r.id, pe.slug, g.code, r.role, r.starts_on, r.starts_on_precision, r.ends_on,
       r.ends_on_precision, r.decision, r.note, g.status, g.lifetime_end, g.lifetime_end_precision,
       r.created, r.last_updated
  FROM {source}
  JOIN deliverables_person pe ON pe.id = r.person_id
  JOIN deliverables_group g ON g.id = r.group_id
"""


def role_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    order = "r.group_id, r.role, r.starts_on, r.id"
    sql = paged(ROLE_SQL, "deliverables_role r", where, order, limit)
    today = params["today"]
    return [
        finish(
            "roles",
            created,
            last_updated,
            {
                "url": f"{API}/roles/{pk}/",
                "person": {"code": slug, "url": f"{API}/people/{slug}/"},
                "group": {"code": group, "url": f"{API}/groups/{group}/"},
                "role": role,
                "role_display": ROLE_KINDS.get(role, role),
                "starts_on": iso_partial_date(starts, starts_p),
                "starts_on_display": format_partial_date(starts, starts_p),
                "ends_on": iso_partial_date(ends, ends_p),
                "ends_on_display": format_partial_date(ends, ends_p),
                "current": held_on(starts, ends, today)
                and not group_ended(g_status, g_end, g_end_p, today),
                "decision": decision,
                "note": note,
            },
        )
        for (
            pk,
            slug,
            group,
            role,
            starts,
            starts_p,
            ends,
            ends_p,
            decision,
            note,
            g_status,
            g_end,
            g_end_p,
            created,
            last_updated,
        ) in fetch(sql, params)
    ]


# --- deliverables ---------------------------------------------------------------------------

DELIVERABLE_SQL = """
SELECT dl.code, dl.type, dl.title, o.code, dl.approved, dl.approved_precision,
       dl.approving_meeting, dl.status, dl.summary,
       (SELECT json_agg(json_build_array(g.code, x.to_all_study_groups, x.purpose, x.decision)
                        ORDER BY x.to_all_study_groups DESC, x.id)
          FROM deliverables_distribution x LEFT JOIN deliverables_group g ON g.id = x.group_id
         WHERE x.deliverable_id = dl.id),
       dl.created, dl.last_updated
  FROM {source} JOIN deliverables_group o ON o.id = dl.owner_id
"""


def deliverable_where(params: dict) -> str:
    where = ["TRUE"]
    if "allocated_to" in params:
        where.append(
            "EXISTS (SELECT 1 FROM deliverables_distribution x WHERE x.deliverable_id = dl.id "
            "AND x.purpose = 'allocated' AND (x.group_id = (SELECT id FROM deliverables_group "
            "WHERE code = %(allocated_to)s) OR (x.to_all_study_groups AND EXISTS (SELECT 1 FROM "
            "deliverables_group WHERE code = %(allocated_to)s AND kind = 'study_group'))))"
        )
    if "search" in params:
        where.append(
            "(dl.code ILIKE %(like)s OR dl.title ILIKE %(like)s OR dl.summary ILIKE %(like)s)"
        )
    return " AND ".join(where)


def deliverable_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    sql = paged(DELIVERABLE_SQL, "deliverables_deliverable dl", where, "dl.code", limit)
    out = []
    for (
        code,
        kind,
        title,
        owner,
        approved,
        precision,
        meeting,
        status,
        summary,
        lines,
        created,
        last_updated,
    ) in fetch(sql, params):
        out.append(
            finish(
                "deliverables",
                created,
                last_updated,
                {
                    "url": f"{API}/deliverables/{code}/",
                    "code": code,
                    "type": kind,
                    "type_display": DELIVERABLE_TYPES.get(kind, kind),
                    "title": title,
                    "owner": link("groups", owner),
                    "approved": iso_partial_date(approved, precision),
                    "approved_display": format_partial_date(approved, precision),
                    "approving_meeting": meeting,
                    "status": status,
                    "status_display": DELIVERABLE_STATUSES.get(status, status),
                    "summary": summary,
                    "distribution": [
                        {
                            "group": link("groups", group),
                            "to_all_study_groups": to_all,
                            "recipient": "All study groups" if to_all else group,
                            "purpose": purpose,
                            "purpose_display": PURPOSES.get(purpose, purpose),
                            "decision": decision,
                        }
                        for group, to_all, purpose, decision in lines or ()
                    ],
                },
            )
        )
    return out


# --- meetings -------------------------------------------------------------------------------

MEETING_SQL = """
SELECT m.code, m.title, m.kind, m.format, m.time_zone, m.all_day, m.starts_at, m.ends_at,
       m.contribution_deadline, m.venue, m.host, m.organisers, m.objectives, m.outcome, m.url,
       (SELECT array_agg(g.code ORDER BY g.code) FROM meetings_meeting_groups mg
          JOIN deliverables_group g ON g.id = mg.group_id WHERE mg.meeting_id = m.id),
       (SELECT json_agg(json_build_array(
                   s.title, s.starts_at, s.ends_at, s.description,
                   (SELECT json_agg(json_build_array(p.slug, p.name) ORDER BY p.name)
                      FROM meetings_session_moderators sm JOIN deliverables_person p
                        ON p.id = sm.person_id WHERE sm.session_id = s.id),
                   (SELECT json_agg(json_build_array(p.slug, p.name) ORDER BY p.name)
                      FROM meetings_session_speakers sp JOIN deliverables_person p
                        ON p.id = sp.person_id WHERE sp.session_id = s.id))
                   ORDER BY s.starts_at, s.id)
          FROM meetings_session s WHERE s.meeting_id = m.id),
       (SELECT json_agg(json_build_array(doc.number, doc.revision)
                        ORDER BY doc.number, doc.revision)
          FROM meetings_document doc WHERE doc.meeting_id = m.id),
       m.created, m.last_updated
  FROM {source}
"""


def local_iso(value: dt.datetime | str, zone: zoneinfo.ZoneInfo) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(zone).isoformat()


def people_links(rows) -> list[dict]:
    return [
        {"code": slug, "url": f"{API}/people/{slug}/", "name": name} for slug, name in rows or ()
    ]


def meeting_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    sql = paged(MEETING_SQL, "meetings_meeting m", where, "m.starts_at, m.code", limit)
    out = []
    for (
        code,
        title,
        kind,
        meeting_format,
        zone_name,
        all_day,
        starts_at,
        ends_at,
        deadline,
        venue,
        host,
        organisers,
        objectives,
        outcome,
        url,
        groups,
        sessions,
        documents,
        created,
        last_updated,
    ) in fetch(sql, params):
        zone = zoneinfo.ZoneInfo(zone_name)
        local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        end_date = (local_end - dt.timedelta(seconds=1)).date() if all_day else local_end.date()
        out.append(
            finish(
                "meetings",
                created,
                last_updated,
                {
                    "url": f"{API}/meetings/{code}/",
                    "code": code,
                    "title": title,
                    "kind": kind,
                    "kind_display": MEETING_KINDS.get(kind, kind),
                    "format": meeting_format,
                    "format_display": MEETING_FORMATS.get(meeting_format, meeting_format),
                    "groups": links("groups", groups),
                    "time_zone": zone_name,
                    "all_day": all_day,
                    "starts_at": None if all_day else local_start.isoformat(),
                    "ends_at": None if all_day else local_end.isoformat(),
                    "start_date": local_start.date().isoformat(),
                    "end_date": end_date.isoformat(),
                    "contribution_deadline": deadline.isoformat() if deadline else None,
                    "venue": venue,
                    "host": host,
                    "organisers": organisers,
                    "objectives": objectives,
                    "outcome": outcome,
                    "web_page": url,
                    "sessions": [
                        {
                            "title": s_title,
                            "starts_at": local_iso(s_start, zone),
                            "ends_at": local_iso(s_end, zone),
                            "description": description,
                            "moderators": people_links(moderators),
                            "speakers": people_links(speakers),
                        }
                        for s_title, s_start, s_end, description, moderators, speakers in sessions
                        or ()
                    ],
                    "documents": [
                        {
                            "code": document_code(n, r),
                            "url": f"{API}/documents/{document_code(n, r)}/",
                        }
                        for n, r in documents or ()
                    ],
                    "action_items": f"{API}/action-items/?meeting={code}",
                },
            )
        )
    return out


# --- documents ------------------------------------------------------------------------------

DOCUMENT_SQL = """
SELECT doc.number, doc.revision,
       NOT EXISTS (SELECT 1 FROM meetings_document later
                    WHERE later.number = doc.number AND later.revision > doc.revision),
       doc.title, doc.kind, doc.source, g.code, m.code, doc.url, doc.file,
       (SELECT json_agg(json_build_array(a.code, am.code)
                        ORDER BY am.starts_at, a.position)
          FROM meetings_actionitem_documents ad
          JOIN meetings_actionitem a ON a.id = ad.actionitem_id
          JOIN meetings_meeting am ON am.id = a.meeting_id
         WHERE ad.document_id = doc.id),
       doc.created, doc.last_updated
  FROM {source}
  LEFT JOIN deliverables_group g ON g.id = doc.source_group_id
  LEFT JOIN meetings_meeting m ON m.id = doc.meeting_id
"""


def document_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    order = "doc.number, doc.revision"
    sql = paged(DOCUMENT_SQL, "meetings_document doc", where, order, limit)
    out = []
    for (
        number,
        revision,
        latest,
        title,
        kind,
        source,
        group,
        meeting,
        url,
        file,
        actions,
        created,
        last_updated,
    ) in fetch(sql, params):
        code = document_code(number, revision)
        out.append(
            finish(
                "documents",
                created,
                last_updated,
                {
                    "url": f"{API}/documents/{code}/",
                    "code": code,
                    "number": number,
                    "revision": revision,
                    "is_latest": latest,
                    "title": title,
                    "kind": kind,
                    "kind_display": DOCUMENT_KINDS.get(kind, kind),
                    "source": source,
                    "source_group": link("groups", group),
                    "meeting": link("meetings", meeting),
                    "link": url,
                    "file": f"{BASE}{settings.MEDIA_URL}{file}" if file else None,
                    "action_items": [
                        {
                            "code": a_code,
                            "meeting": a_meeting,
                            "url": f"{API}/action-items/{a_meeting}/{a_code}/",
                        }
                        for a_code, a_meeting in actions or ()
                    ],
                },
            )
        )
    return out


# --- action items ---------------------------------------------------------------------------

ACTION_SQL = """
SELECT a.code, m.code, a.position, a.text, g.code, rg.code, rp.slug, rp.name,
       a.responsible_note,
       (SELECT array_agg(cg.code ORDER BY cg.code) FROM meetings_actionitem_concerned_groups x
          JOIN deliverables_group cg ON cg.id = x.group_id WHERE x.actionitem_id = a.id),
       (SELECT json_agg(json_build_array(doc.number, doc.revision)
                        ORDER BY doc.number, doc.revision)
          FROM meetings_actionitem_documents x JOIN meetings_document doc
            ON doc.id = x.document_id WHERE x.actionitem_id = a.id),
       (SELECT array_agg(dl.code ORDER BY dl.code) FROM meetings_actionitem_deliverables x
          JOIN deliverables_deliverable dl ON dl.id = x.deliverable_id
         WHERE x.actionitem_id = a.id),
       a.due_date, a.status, a.closing_note, a.closed_on,
       a.created, a.last_updated
  FROM {source}
  JOIN meetings_meeting m ON m.id = a.meeting_id
  LEFT JOIN deliverables_group g ON g.id = a.group_id
  LEFT JOIN deliverables_group rg ON rg.id = a.responsible_group_id
  LEFT JOIN deliverables_person rp ON rp.id = a.responsible_person_id
"""


def action_where(params: dict) -> str:
    if params.get("overdue") == "true":
        return "a.status = 'open' AND a.due_date < %(today)s"
    return "TRUE"


def action_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    # The same order as the API (meeting start, meeting, position, code), read from the
    # action's own copy of its meeting's start when the schema has it.
    join = "" if "meeting_starts_at" in ACTION_ORDER else ACTION_MEETING
    sql = paged(ACTION_SQL, "meetings_actionitem a", where, ACTION_ORDER, limit, join)
    today = params["today"]
    out = []
    for (
        code,
        meeting,
        position,
        text,
        group,
        responsible_group,
        person_slug,
        person_name,
        note,
        concerned,
        documents,
        deliverables,
        due,
        status,
        closing_note,
        closed_on,
        created,
        last_updated,
    ) in fetch(sql, params):
        out.append(
            finish(
                "action-items",
                created,
                last_updated,
                {
                    "url": f"{API}/action-items/{meeting}/{code}/",
                    "meeting": link("meetings", meeting),
                    "code": code,
                    "position": position,
                    "text": text,
                    "group": link("groups", group),
                    "responsible_group": link("groups", responsible_group),
                    "responsible_person": (
                        None
                        if person_slug is None
                        else {
                            "code": person_slug,
                            "url": f"{API}/people/{person_slug}/",
                            "name": person_name,
                        }
                    ),
                    "responsible_note": note,
                    "concerned_groups": links("groups", concerned),
                    "documents": [
                        {
                            "code": document_code(n, r),
                            "url": f"{API}/documents/{document_code(n, r)}/",
                        }
                        for n, r in documents or ()
                    ],
                    "deliverables": links("deliverables", deliverables),
                    "due_date": due.isoformat() if due else None,
                    "status": status,
                    "status_display": ACTION_STATUSES.get(status, status),
                    "overdue": status == "open" and due is not None and due < today,
                    "closing_note": closing_note,
                    "closed_on": closed_on.isoformat() if closed_on else None,
                },
            )
        )
    return out


ACTION_ORDER = "m.starts_at, a.meeting_id, a.position, a.code"
ACTION_MEETING = "JOIN meetings_meeting m ON m.id = a.meeting_id"


def use_action_sort_key() -> None:
    """Order by the action's copy of its meeting's start when the schema keeps one."""
    global ACTION_ORDER
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "meetings_actionitem")
        }
    if "meeting_starts_at" in columns:
        ACTION_ORDER = "a.meeting_starts_at, a.meeting_id, a.position, a.code"


# --- liaison statements ---------------------------------------------------------------------

# A reply closes the wait for the group that sent it (LiaisonStatementQuerySet._awaiting_reply).
AWAITING = """(ls.purpose = 'action' AND ls.reply_deadline IS NOT NULL
               AND ls.status NOT IN ('answered', 'no_reply_needed')
               AND (EXISTS (SELECT 1 FROM liaisons_liaisonstatement_to_groups t
                             WHERE t.liaisonstatement_id = ls.id
                               AND NOT EXISTS (
                                   SELECT 1 FROM liaisons_liaisonstatement r
                                     JOIN liaisons_liaisonstatement_from_groups f
                                       ON f.liaisonstatement_id = r.id
                                    WHERE r.replies_to_id = ls.id AND f.group_id = t.group_id))
                    OR (NOT EXISTS (SELECT 1 FROM liaisons_liaisonstatement_to_groups t
                                     WHERE t.liaisonstatement_id = ls.id)
                        AND NOT EXISTS (SELECT 1 FROM liaisons_liaisonstatement r
                                         WHERE r.replies_to_id = ls.id))))"""

STATEMENT_SQL = f"""
SELECT ls.id, ls.code, doc.number, doc.revision, ls.reference, ls.title, ls.direction,
       (SELECT array_agg(g.code ORDER BY g.code) FROM liaisons_liaisonstatement_from_groups x
          JOIN deliverables_group g ON g.id = x.group_id WHERE x.liaisonstatement_id = ls.id),
       ls.from_note,
       (SELECT array_agg(g.code ORDER BY g.code) FROM liaisons_liaisonstatement_to_groups x
          JOIN deliverables_group g ON g.id = x.group_id WHERE x.liaisonstatement_id = ls.id),
       ls.to_all_study_groups, ls.purpose, ls.summary, ls.date, ls.date_precision,
       ls.reply_deadline, ls.status, {AWAITING},
       (SELECT json_agg(json_build_array(r.code, rd.number, rd.revision, r.reference)
                        ORDER BY r.date, r.code)
          FROM liaisons_liaisonstatement r
          LEFT JOIN meetings_document rd ON rd.id = r.document_id
         WHERE r.replies_to_id = ls.id),
       ls.created, ls.last_updated, ls.received_on, ls.status_decision, ls.status_changed_on
"""
STATEMENT_DETAIL_SQL = """,
       am.code, aa.code, aam.code, ct.slug, rt.code, rtd.number, rtd.revision, rt.reference,
       (SELECT array_agg(dl.code ORDER BY dl.code)
          FROM liaisons_liaisonstatement_related_deliverables x
          JOIN deliverables_deliverable dl ON dl.id = x.deliverable_id
         WHERE x.liaisonstatement_id = ls.id),
       (SELECT array_agg(g.code ORDER BY g.code) FROM liaisons_liaisonstatement_related_groups x
          JOIN deliverables_group g ON g.id = x.group_id WHERE x.liaisonstatement_id = ls.id),
       (SELECT json_agg(json_build_array(at.id, at.original_name, at.size, at.content_type,
                                         at.created) ORDER BY at.created, at.id)
          FROM liaisons_attachment at WHERE at.statement_id = ls.id)
  FROM {source}
  LEFT JOIN meetings_document doc ON doc.id = ls.document_id
  LEFT JOIN meetings_meeting am ON am.id = ls.approved_at_id
  LEFT JOIN meetings_actionitem aa ON aa.id = ls.approved_by_action_id
  LEFT JOIN meetings_meeting aam ON aam.id = aa.meeting_id
  LEFT JOIN deliverables_person ct ON ct.id = ls.contact_id
  LEFT JOIN liaisons_liaisonstatement rt ON rt.id = ls.replies_to_id
  LEFT JOIN meetings_document rtd ON rtd.id = rt.document_id
"""
STATEMENT_DOCUMENT = "LEFT JOIN meetings_document doc ON doc.id = ls.document_id"
# In a group's inbox, whether that group's own reply is awaited (`with_awaiting_reply(group)`).
AWAITING_FROM_INBOX = """(ls.purpose = 'action' AND ls.reply_deadline IS NOT NULL
               AND ls.status NOT IN ('answered', 'no_reply_needed')
               AND NOT EXISTS (SELECT 1 FROM liaisons_liaisonstatement r
                                 JOIN liaisons_liaisonstatement_from_groups f
                                   ON f.liaisonstatement_id = r.id
                                WHERE r.replies_to_id = ls.id AND f.group_id =
                                      (SELECT id FROM deliverables_group WHERE code = %(inbox)s)))"""
INBOX_SQL = """
  FROM {source}
  LEFT JOIN meetings_document doc ON doc.id = ls.document_id
"""


def addressed_to(parameter: str) -> str:
    return (
        "(EXISTS (SELECT 1 FROM liaisons_liaisonstatement_to_groups x WHERE "
        f"x.liaisonstatement_id = ls.id AND x.group_id = (SELECT id FROM deliverables_group "
        f"WHERE code = %({parameter})s)) OR (ls.to_all_study_groups AND EXISTS (SELECT 1 FROM "
        f"deliverables_group WHERE code = %({parameter})s AND kind = 'study_group')))"
    )


def statement_where(params: dict) -> str:
    where = ["TRUE"]
    if "to" in params:
        where.append(addressed_to("to"))
    if "search" in params:
        where.append(
            "(ls.code ILIKE %(like)s OR doc.number ILIKE %(like)s OR ls.reference ILIKE %(like)s "
            "OR ls.title ILIKE %(like)s OR ls.summary ILIKE %(like)s OR ls.from_note ILIKE "
            "%(like)s)"
        )
    return " AND ".join(where)


def statement_link(code: str, number: str | None, revision: int | None, reference: str) -> dict:
    label = document_code(number, revision) if number else reference or code
    return {"code": code, "label": label, "url": f"{API}/liaisons/{code}/"}


def _statement_common(row) -> tuple[dict, dict]:
    (
        _pk,
        code,
        number,
        revision,
        reference,
        title,
        direction,
        senders,
        from_note,
        recipients,
        to_all,
        purpose,
        summary,
        date,
        precision,
        deadline,
        status,
        awaiting,
        replies,
    ) = row[:19]
    created, last_updated = row[19], row[20]
    received_on, decision, changed_on = row[21], row[22], row[23]
    senders, recipients = senders or [], recipients or []
    from_text = [*senders, from_note] if from_note else senders
    to_text = ["all study groups", *recipients] if to_all else recipients
    doc_code = document_code(number, revision) if number else None
    values = {
        "code": code,
        "label": doc_code or reference or code,
        "document": link("documents", doc_code),
        "reference": reference,
        "title": title or None,
        "title_display": title or NOT_STATED,
        "direction": direction,
        "direction_display": DIRECTIONS.get(direction, direction),
        "from_groups": links("groups", senders),
        "from_note": from_note,
        "from_display": ", ".join(from_text) or NOT_STATED,
        "to_groups": links("groups", recipients),
        "to_all_study_groups": to_all,
        "to_display": ", ".join(to_text) or NOT_STATED,
        "purpose": purpose or None,
        "purpose_display": LIAISON_PURPOSES[purpose] if purpose else NOT_STATED,
        "summary": summary,
        "date": iso_partial_date(date, precision),
        "date_display": format_partial_date(date, precision) or NOT_STATED,
        "reply_deadline": deadline.isoformat() if deadline else None,
        "status": status,
        "status_display": LIAISON_STATUSES.get(status, status),
        "status_decision": decision,
        "status_changed_on": changed_on.isoformat() if changed_on else None,
        "next_statuses": list(TRANSITIONS.get(direction, {}).get(status, ())),
        "received_on": received_on.isoformat() if received_on else None,
        "awaiting_reply": awaiting,
        "answered": bool(replies),
        "created": drf_datetime(created),
        "last_updated": drf_datetime(last_updated),
    }
    return values, {"replies": replies, "recipients": recipients}


def statement_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    join = STATEMENT_DOCUMENT if "doc." in where else ""
    order = "ls.date DESC NULLS LAST, ls.code"
    table = "liaisons_liaisonstatement ls"
    sql = paged(STATEMENT_SQL + STATEMENT_DETAIL_SQL, table, where, order, limit, join)
    out = []
    for row in fetch(sql, params):
        values, extra = _statement_common(row)
        (
            approved_at,
            action,
            action_meeting,
            contact,
            rt_code,
            rt_number,
            rt_revision,
            rt_reference,
            related_deliverables,
            related_groups,
            attachments,
        ) = row[24:]
        code = values["code"]
        values.update(
            url=f"{API}/liaisons/{code}/",
            approved_at=link("meetings", approved_at),
            approved_by_action=(
                None
                if action is None
                else {
                    "code": action,
                    "meeting": action_meeting,
                    "url": f"{API}/action-items/{action_meeting}/{action}/",
                }
            ),
            contact=link("people", contact),
            replies_to=(
                None
                if rt_code is None
                else statement_link(rt_code, rt_number, rt_revision, rt_reference)
            ),
            replies=[statement_link(*reply) for reply in extra["replies"] or ()],
            related_deliverables=links("deliverables", related_deliverables),
            related_groups=links("groups", related_groups),
            attachments=[
                {
                    "name": name,
                    "size": size,
                    "content_type": content_type,
                    "uploaded_at": drf_datetime(created),
                    "download_url": f"{BASE}/attachments/{pk}/download/",
                    "url": f"{API}/liaisons/{code}/attachments/{pk}/",
                }
                for pk, name, size, content_type, created in attachments or ()
            ],
        )
        out.append(finish("liaisons", None, None, values))
    return out


def inbox_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    order = "ls.reply_deadline ASC NULLS LAST, ls.date DESC NULLS LAST, ls.code"
    select = STATEMENT_SQL.replace(AWAITING, AWAITING_FROM_INBOX)
    sql = paged(select + INBOX_SQL, "liaisons_liaisonstatement ls", where, order, limit)
    out = []
    for row in fetch(sql, params):
        values, extra = _statement_common(row)
        values["url"] = f"{API}/liaisons/{values['code']}/"
        named = params["inbox"] in extra["recipients"]
        values["addressed_as"] = "directly" if named else "all study groups"
        out.append(finish("inbox", None, None, values))
    return out


# --- subscriptions --------------------------------------------------------------------------

SUBSCRIPTION_SQL = """
SELECT g.code, dl.code, m.code, s.created,
       s.created, s.last_updated
  FROM {source}
  LEFT JOIN deliverables_group g ON g.id = s.group_id
  LEFT JOIN deliverables_deliverable dl ON dl.id = s.deliverable_id
  LEFT JOIN meetings_meeting m ON m.id = s.meeting_id
"""


def drf_datetime(value: dt.datetime | str | None) -> str | None:
    """DRF's DateTimeField: in the current time zone, ISO 8601, 'Z' for UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    text = value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def subscription_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    sql = paged(SUBSCRIPTION_SQL, "reminders_subscription s", where, "s.created, s.id", limit)
    out = []
    for group, deliverable, meeting, created, _, last_updated in fetch(sql, params):
        kind, code = (
            ("group", group)
            if group
            else ("deliverable", deliverable)
            if deliverable
            else ("meeting", meeting)
        )
        out.append(
            finish(
                "subscriptions",
                created,
                last_updated,
                {
                    "key": f"{kind}:{code}",
                    "url": f"{API}/subscriptions/{kind}:{code}/",
                    "group": link("groups", group),
                    "deliverable": link("deliverables", deliverable),
                    "meeting": link("meetings", meeting),
                },
            )
        )
    return out


# --- work items (issue 17) ------------------------------------------------------------------

WORK_ITEM_KINDS: dict[str, str] = {}
APPROVAL_TRACKS: dict[str, str] = {}
STAGES: dict[str, str] = {}
LAST_CALL_DAYS = 28

# The latest event (the current stage): one index probe per row (work_item, date, id).
LATEST_EVENT = """(SELECT e.{column} FROM workitems_workitemevent e WHERE e.work_item_id = w.id
  ORDER BY e.date DESC, e.id DESC LIMIT 1)"""
PAST_TIMING = (
    "consented",
    "determined",
    "last_call",
    "comments_resolution",
    "additional_review",
    "approved",
    "published",
    "withdrawn",
    "deleted",
)
# Timing passed (its month's or year's last day before today) and not yet consented or
# determined, nor anything after: WorkItemQuerySet.late.
LATE = f"""(w.timing IS NOT NULL AND (
    (w.timing_precision = 'day' AND w.timing < %(today)s)
    OR (w.timing_precision = 'month' AND w.timing < date_trunc('month', %(today)s::date))
    OR (w.timing_precision = 'year' AND w.timing < date_trunc('year', %(today)s::date)))
  AND NOT EXISTS (SELECT 1 FROM workitems_workitemevent p WHERE p.work_item_id = w.id
                  AND p.stage IN {PAST_TIMING!r}))"""
IN_LAST_CALL = f"""({LATEST_EVENT.format(column="stage")} = 'last_call'
  AND {LATEST_EVENT.format(column="date")} > %(today)s::date - {LAST_CALL_DAYS})"""

WORK_ITEM_SQL = f"""
SELECT w.identifier, w.title, w.kind, sg.code, w.timing, w.timing_precision, w.approval_track,
       w.equivalent_texts, w.summary, od.code, w.origin_note,
       bt.number, bt.revision, odoc.number, odoc.revision,
       (SELECT json_agg(json_build_array(q.code, q.kind) ORDER BY q.code)
          FROM workitems_workitem_questions x JOIN deliverables_group q ON q.id = x.group_id
         WHERE x.workitem_id = w.id),
       (SELECT json_agg(json_build_array(ls.code, d.number, d.revision, ls.reference)
                        ORDER BY ls.date, ls.code)
          FROM workitems_workitem_related_liaisons x
          JOIN liaisons_liaisonstatement ls ON ls.id = x.liaisonstatement_id
          LEFT JOIN meetings_document d ON d.id = ls.document_id
         WHERE x.workitem_id = w.id),
       (SELECT json_agg(json_build_array(pe.slug, pe.name, ed.starts_on, ed.starts_on_precision,
                                         ed.ends_on, ed.ends_on_precision, ed.note)
                        ORDER BY ed.starts_on, ed.id)
          FROM workitems_workitemeditor ed JOIN deliverables_person pe ON pe.id = ed.person_id
         WHERE ed.work_item_id = w.id),
       (SELECT json_agg(json_build_array(e.stage, e.date, m.code, e.decision, e.note)
                        ORDER BY e.date, e.id)
          FROM workitems_workitemevent e LEFT JOIN meetings_meeting m ON m.id = e.meeting_id
         WHERE e.work_item_id = w.id),
       {LATEST_EVENT.format(column="stage")}, {LATEST_EVENT.format(column="date")},
       {LATE},
       w.created, w.last_updated
  FROM {{source}}
  LEFT JOIN deliverables_group sg ON sg.id = w.study_group_id
  LEFT JOIN deliverables_deliverable od ON od.id = w.origin_deliverable_id
  LEFT JOIN meetings_document bt ON bt.id = w.base_text_id
  LEFT JOIN meetings_document odoc ON odoc.id = w.origin_document_id
"""


def work_item_where(params: dict) -> str:
    where = []
    if "study_group" in params:
        where.append(
            "w.study_group_id = (SELECT id FROM deliverables_group "
            "WHERE upper(code::text) = upper(%(study_group)s))"
        )
    if "question" in params:
        where.append(
            "w.id IN (SELECT x.workitem_id FROM workitems_workitem_questions x "
            "JOIN deliverables_group q ON q.id = x.group_id "
            "WHERE upper(q.code::text) = upper(%(question)s))"
        )
    if params.get("late") == "true":
        where.append(LATE)
    if params.get("in_last_call") == "true":
        where.append(IN_LAST_CALL)
    if "stage" in params:
        where.append(f"{LATEST_EVENT.format(column='stage')} = %(stage)s")
    if "origin_deliverable" in params:
        where.append(
            "w.origin_deliverable_id = (SELECT id FROM deliverables_deliverable "
            "WHERE upper(code::text) = upper(%(origin_deliverable)s))"
        )
    return " AND ".join(where) or "TRUE"


def _question_label(code: str) -> str:
    number, _, group = code.partition("-")
    return f"{number}/{group}" if group.isdigit() else code


def work_item_rows(where: str, params: dict, limit: int | None = None) -> list[dict]:
    if not WORK_ITEM_KINDS:
        from workitems.models import ApprovalTrack, Stage, WorkItemKind

        WORK_ITEM_KINDS.update(WorkItemKind.choices)
        APPROVAL_TRACKS.update(ApprovalTrack.choices)
        STAGES.update(Stage.choices)
    sql = paged(WORK_ITEM_SQL, "workitems_workitem w", where, "w.identifier", limit)
    today = params["today"]
    out = []
    for (
        identifier,
        title,
        kind,
        study_group,
        timing,
        timing_precision,
        track,
        equivalent,
        summary,
        origin_deliverable,
        origin_note,
        base_number,
        base_revision,
        origin_number,
        origin_revision,
        questions,
        statements,
        editors,
        events,
        stage,
        stage_date,
        late,
        created,
        last_updated,
    ) in fetch(sql, params):
        ends = (
            stage_date + dt.timedelta(days=LAST_CALL_DAYS)
            if stage == "last_call" and today < stage_date + dt.timedelta(days=LAST_CALL_DAYS)
            else None
        )
        out.append(
            finish(
                "work-items",
                created,
                last_updated,
                {
                    "url": f"{API}/work-items/{identifier}/",
                    "identifier": identifier,
                    "title": title,
                    "kind": kind or None,
                    "kind_display": WORK_ITEM_KINDS.get(kind, kind),
                    "study_group": link("groups", study_group),
                    "questions": [
                        {
                            "code": code,
                            "url": f"{API}/questions/{code}/",
                            "label": _question_label(code) if q_kind == "question" else code,
                        }
                        for code, q_kind in questions or ()
                    ],
                    "base_text": (
                        None
                        if base_number is None
                        else link("documents", document_code(base_number, base_revision))
                    ),
                    "timing": iso_partial_date(timing, timing_precision),
                    "timing_display": format_partial_date(timing, timing_precision) or NOT_STATED,
                    "approval_track": track or None,
                    "approval_track_display": APPROVAL_TRACKS.get(track, track),
                    "equivalent_texts": equivalent,
                    "summary": summary,
                    "origin_deliverable": link("deliverables", origin_deliverable),
                    "origin_document": (
                        None
                        if origin_number is None
                        else link("documents", document_code(origin_number, origin_revision))
                    ),
                    "origin_note": origin_note,
                    "related_liaisons": [
                        statement_link(code, number, revision, reference)
                        for code, number, revision, reference in statements or ()
                    ],
                    "stage": stage,
                    "stage_display": STAGES[stage] if stage else "No stage recorded",
                    "stage_date": stage_date.isoformat() if stage_date else None,
                    "late": late,
                    "last_call_ends": ends.isoformat() if ends else None,
                    "editors": [
                        {
                            "person": {"code": slug, "url": f"{API}/people/{slug}/"},
                            "name": name,
                            "starts_on": iso_partial_date(d(starts), starts_precision),
                            "ends_on": iso_partial_date(d(ends_on), ends_precision),
                            "current": held_on(d(starts), d(ends_on), today),
                            "note": note,
                        }
                        for slug, name, starts, starts_precision, ends_on, ends_precision, note in (
                            editors or ()
                        )
                    ],
                    "events": [
                        {
                            "stage": e_stage,
                            "stage_display": STAGES.get(e_stage, e_stage),
                            "date": e_date,
                            "meeting": link("meetings", meeting),
                            "decision": decision,
                            "note": note,
                            "last_call_ends": (
                                (d(e_date) + dt.timedelta(days=LAST_CALL_DAYS)).isoformat()
                                if e_stage == "last_call"
                                else None
                            ),
                        }
                        for e_stage, e_date, meeting, decision, note in events or ()
                    ],
                },
            )
        )
    return out


# --- the endpoints ---------------------------------------------------------------------------

COUNT_FROM = {
    "groups": "deliverables_group g",
    "people": "deliverables_person pe",
    "roles": "deliverables_role r",
    "deliverables": "deliverables_deliverable dl",
    "meetings": "meetings_meeting m",
    "documents": "meetings_document doc",
    "action-items": "meetings_actionitem a",
    "liaisons": "liaisons_liaisonstatement ls LEFT JOIN meetings_document doc "
    "ON doc.id = ls.document_id",
    "inbox": "liaisons_liaisonstatement ls",
    "subscriptions": "reminders_subscription s",
    "work-items": "workitems_workitem w",
}
ROWS: dict[str, Callable[[str, dict, int | None], list[dict]]] = {
    "groups": group_rows,
    "people": person_rows,
    "roles": role_rows,
    "deliverables": deliverable_rows,
    "meetings": meeting_rows,
    "documents": document_rows,
    "action-items": action_rows,
    "liaisons": statement_rows,
    "inbox": inbox_rows,
    "subscriptions": subscription_rows,
    "work-items": work_item_rows,
}
WHERE: dict[str, Callable[[dict], str]] = {
    "deliverables": deliverable_where,
    "action-items": action_where,
    "liaisons": statement_where,
    "work-items": work_item_where,
}


def floor_list(
    resource: str, path: str, query: dict, today: dt.date, user_id: int | None = None
) -> bytes:
    """Page 1 of a list: count(*) and the page, as the API pages it."""
    params = {"today": today, **query}
    if "search" in query:
        params["like"] = f"%{query['search']}%"
    if resource == "inbox":
        params["inbox"] = path.strip("/").split("/")[-2]
        where = addressed_to("inbox")
    elif resource == "subscriptions":
        params["user"] = user_id
        where = "s.user_id = %(user)s"
    else:
        where = WHERE.get(resource, lambda _: "TRUE")(query)
    page_size = int(query.get("page_size", settings.REST_FRAMEWORK["PAGE_SIZE"]))
    count = scalar(f"SELECT count(*) FROM {COUNT_FROM[resource]} WHERE {where}", params)
    rows = ROWS[resource](where, params, page_size)
    return render(page(path, query, count, rows, page_size))


DETAIL_WHERE = {
    "groups": "g.code = %(key)s",
    "people": "pe.slug = %(key)s",
    "roles": "r.id = %(key)s",
    "deliverables": "dl.code = %(key)s",
    "meetings": "m.code = %(key)s",
    "documents": "doc.number = %(number)s AND doc.revision = %(revision)s",
    "action-items": "m.code = %(meeting)s AND a.code = %(key)s",
    "liaisons": "ls.code = %(key)s",
    "work-items": "upper(w.identifier::text) = upper(%(key)s)",
}


def floor_detail(resource: str, key: str, today: dt.date, **extra) -> bytes:
    params = {"today": today, "key": key, **extra}
    rows = ROWS[resource](DETAIL_WHERE[resource], params, None)
    return render(rows[0])


def compare(api: bytes, floor: bytes) -> str:
    """How closely the floor's body matches the API's."""
    if api == floor:
        return "exact"
    try:
        a, f = json.loads(api), json.loads(floor)
    except ValueError:
        return "DIFF"
    if a == f:
        return "same data"
    if canonical(a) == canonical(f):
        return "same, ties ordered apart"
    rows_a = a.get("results") if isinstance(a, dict) and "results" in a else None
    rows_f = f.get("results") if isinstance(f, dict) and "results" in f else None
    if rows_a is not None and rows_f is not None:
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        if a["count"] == f["count"] and sorted(map(key, rows_a)) == sorted(map(key, rows_f)):
            return "same rows"
        if (
            a["count"] == f["count"]
            and len(rows_a) == len(rows_f)
            and [sorted(r) for r in rows_a] == [sorted(r) for r in rows_f]
        ):
            return "same shape"
    return "DIFF"


def canonical(value):
    """The value with every list sorted: equal when only the order of equal-ranking items (two
    people of the same name) differs."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted(
            (canonical(item) for item in value), key=lambda x: json.dumps(x, sort_keys=True)
        )
    return value


def first_difference(api: bytes, floor: bytes) -> str:
    """Where the two bodies first differ, for the diagnostics printed under the table."""
    try:
        a, f = json.loads(api), json.loads(floor)
    except ValueError:
        return "not JSON"

    def walk(x, y, path):
        if type(x) is not type(y):
            return f"{path}: {x!r:.80} != {y!r:.80}"
        if isinstance(x, dict):
            if list(x) != list(y):
                return f"{path}: keys {list(x)} != {list(y)}"
            for k in x:
                found = walk(x[k], y[k], f"{path}.{k}")
                if found:
                    return found
        elif isinstance(x, list):
            if len(x) != len(y):
                return f"{path}: {len(x)} items != {len(y)}"
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                found = walk(p, q, f"{path}[{i}]")
                if found:
                    return found
        elif x != y:
            return f"{path}: {x!r:.80} != {y!r:.80}"
        return ""

    return walk(a, f, "$") or "equal"
