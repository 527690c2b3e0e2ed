"""Who reaches the attachment year's pages: the walk of every /supervise/ URL and every /my/ URL of
objectives and reports, about officer A's placement supervised by supervisor A, as everyone who is
neither of them: another supervisor, another officer, Communications, a focal point, and anonymous.

Each request is refused and changes nothing (404 for another supervisor or officer asking about A's
placement or reports; 403 for any other login on /supervise/; /my/ for a login with no officer
record; a sign-in redirect for anonymous visitors), except each one's own list, which answers with
their own records only. No response ever carries A's name, texts or comments.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import get_resolver

from officers.models import AttachmentReport, PlacementObjectives, ReportKind
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    SupervisedPlacementFactory,
)
from officers.tests.nomination_factories import FocalPointFactory
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

ROLES = ["another supervisor", "another officer", "communications", "focal point", "anonymous"]
METHODS = ["get", "post"]
# The lists every supervisor and officer has of their own: (role, URL name, method) → their status.
OWN_PAGES = {
    ("another supervisor", "supervise:home", "get"): 200,
    ("another supervisor", "supervise:home", "post"): 405,
    ("another officer", "my:report-list", "get"): 200,
    ("another officer", "my:report-list", "post"): 405,
}
# A post that would change A's records, were it let through.
FORGED = {"comment": "Forged.", "work_done": "Forged.", "text": "Forged.", "save": "1"}
# What A wrote and was told: none of it may reach anyone else.
A_TRACES = [
    "Phetsamone Alpha",
    "Alpha objectives: learn the AEC Council's work.",
    "Alpha work done: three briefs.",
    "Alpha draft: not yet submitted.",
    "Alpha comment: name the meetings.",
    "Dr Alpha Supervisor",
]


@pytest.fixture
def placement_of_a():
    """Officer A's placement, supervised by supervisor A: objectives proposed, the mid-term report
    submitted and the final one in draft."""
    placement = SupervisedPlacementFactory(
        officer__full_name="Phetsamone Alpha", supervised_by__full_name="Dr Alpha Supervisor"
    )
    PlacementObjectivesFactory(placement=placement, proposed=True, text=A_TRACES[1])
    AttachmentReportFactory(placement=placement, submitted=True, work_done=A_TRACES[2], supervisor_comment=A_TRACES[4])
    AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL, work_done=A_TRACES[3])
    return placement


def urls_about(placement) -> dict[tuple[str, str], str]:
    """Every URL of the walk, by (URL name, what it is about), with A's ids."""
    mid_term, final = (placement.reports.get(kind=kind) for kind in (ReportKind.MID_TERM, ReportKind.FINAL))
    urls = {
        ("supervise:home", ""): "/supervise/",
        ("supervise:placement", ""): f"/supervise/placements/{placement.pk}/",
        ("supervise:agree-objectives", ""): f"/supervise/placements/{placement.pk}/objectives/agree/",
        ("supervise:return-objectives", ""): f"/supervise/placements/{placement.pk}/objectives/return/",
        ("my:objectives", ""): f"/my/placements/{placement.pk}/objectives/",
        ("my:report-list", ""): "/my/reports/",
    }
    for name, report in (("mid-term", mid_term), ("final", final)):
        urls[("supervise:report", name)] = f"/supervise/reports/{report.pk}/"
        urls[("supervise:return-report", name)] = f"/supervise/reports/{report.pk}/return/"
        urls[("supervise:sign-off-report", name)] = f"/supervise/reports/{report.pk}/sign-off/"
        urls[("my:report", name)] = f"/my/reports/{report.pk}/"
    return urls


@pytest.fixture
def clients(communications) -> dict[str, Client]:
    """Each role's own records exist: the other supervisor supervises a placement, the other officer has one."""
    return {
        "another supervisor": signed_in_client(SupervisedPlacementFactory().supervised_by.user),
        "another officer": signed_in_client(SupervisedPlacementFactory().officer.user),
        "communications": signed_in_client(communications),
        "focal point": signed_in_client(FocalPointFactory().user),
        "anonymous": Client(),
    }


def records_of(placement) -> tuple[list, list]:
    return (
        list(AttachmentReport.objects.filter(placement=placement).values()),
        list(PlacementObjectives.objects.filter(placement=placement).values()),
    )


def expected(role: str, name: str, method: str, path: str) -> tuple[int, str | None]:
    """(status, where a redirect leads) for a request that reaches nothing of A's."""
    if role == "anonymous":
        return 302, f"/accounts/login/?next={quote(path)}"
    if (role, name, method) in OWN_PAGES:
        return OWN_PAGES[(role, name, method)], None
    if name.startswith("supervise:"):
        return (404 if role == "another supervisor" else 403), None
    if role == "another officer":
        return 404, None
    # A login with no officer record is sent to /my/, which says so or takes them to their own pages.
    return 302, "/my/"


def test_the_walk_covers_every_url_of_the_supervise_pages_and_of_objectives_and_reports(placement_of_a):
    walked = {name for name, _about in urls_about(placement_of_a)}
    resolver = get_resolver()
    supervise = {
        f"supervise:{name}" for name in resolver.namespace_dict["supervise"][1].reverse_dict if isinstance(name, str)
    }
    my = {f"my:{name}" for name in resolver.namespace_dict["my"][1].reverse_dict if isinstance(name, str)}
    assert walked == supervise | {"my:objectives", "my:report-list", "my:report"}
    assert {"my:objectives", "my:report-list", "my:report"} <= my


def test_no_one_but_a_and_their_supervisor_reaches_as_placement(placement_of_a, clients):
    before = records_of(placement_of_a)
    tried, wrong = 0, []
    for role, client in clients.items():
        for (name, about), path in urls_about(placement_of_a).items():
            for method in METHODS:
                response = getattr(client, method)(path, FORGED if method == "post" else None)
                tried += 1
                status, location = expected(role, name, method, path)
                if response.status_code != status or (location and response["Location"] != location):
                    wrong.append(f"{role}: {method.upper()} {path} ({about}) answered {response.status_code}")
                if any(trace.encode() in response.content for trace in A_TRACES):
                    wrong.append(f"{role}: {method.upper()} {path} shows A's records")

    assert wrong == []
    # 5 roles × 14 URLs (4 about the placement, 2 lists, 4 about each of 2 reports) × GET and POST;
    # all but each role's own list are refusals.
    assert tried == len(ROLES) * 14 * len(METHODS) == 140
    assert tried - len(OWN_PAGES) == 136
    assert records_of(placement_of_a) == before


def test_the_other_supervisor_and_officer_see_only_their_own_on_their_lists(placement_of_a, clients):
    for role, path in (("another supervisor", "/supervise/"), ("another officer", "/my/reports/")):
        response = clients[role].get(path)
        assert response.status_code == 200
        assert all(trace not in response.content.decode() for trace in A_TRACES), role
    listed = clients["another supervisor"].get("/supervise/").context["current"]
    assert len(listed) == 1 and listed[0].placement != placement_of_a
    assert all(
        r.placement.officer != placement_of_a.officer
        for r in clients["another officer"].get("/my/reports/").context["reports"]
    )


def test_a_and_their_supervisor_reach_every_url(placement_of_a):
    """A's own supervisor and A reach each of their routes; each action moves only what it names."""
    urls = urls_about(placement_of_a)
    supervisor = signed_in_client(placement_of_a.supervised_by.user)
    officer = signed_in_client(placement_of_a.officer.user)
    for (name, about), path in urls.items():
        client = supervisor if name.startswith("supervise:") else officer
        if name in (
            "supervise:home",
            "supervise:placement",
            "supervise:report",
            "my:report-list",
            "my:report",
            "my:objectives",
        ):
            assert client.get(path).status_code == 200, (name, about)
    mid_term = placement_of_a.reports.get(kind=ReportKind.MID_TERM)
    response = supervisor.post(urls[("supervise:sign-off-report", "mid-term")], {"seen_version": mid_term.version})
    assert response.status_code == 302
    assert placement_of_a.reports.get(kind=ReportKind.MID_TERM).state == "signed_off"
    assert placement_of_a.reports.get(kind=ReportKind.FINAL).state == "due"
