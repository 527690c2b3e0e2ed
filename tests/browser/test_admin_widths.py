"""Every admin page fits a 1280 px screen without scrolling sideways, and a 1024 px one too, as each
staff role sees it: every list, one record's page and (for those who may add) the add form of every
model of the programme's apps, the workspace's home page and the funder's report. At 1280 px no list
or table inside a page scrolls sideways either, and axe-core finds no serious or critical violation.

The programme is the seeded one, with a few records of every other model beside it, so that each
list has rows and each record's page has something in its tables.
"""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from batches.models import Batch
from batches.tests.factories import ActivityFactory
from core.admin.base import EDIT_ROWS, ListedRowsMixin
from core.imports.admin import SpreadsheetAdminMixin
from officers.models import Officer, ReminderKind, SentReminder, StoryState
from officers.services.career_updates import propose_career_update
from officers.services.certificates import issue_certificate
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    RequiredReportFactory,
    SupervisedPlacementFactory,
)
from officers.tests.factories import (
    CareerMilestoneFactory,
    OfficerFactory,
    OrganisationFactory,
    PlacementFactory,
    StoryPhotoFactory,
    UserFactory,
)
from officers.tests.nomination_factories import FocalPointFactory, NominationFactory
from tests.browser.conftest import DESKTOP, check_accessibility, screenshot
from tests.browser.steps import sign_in_to_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

APPS = {"batches", "officers", "reports"}
NARROW = {"width": 1024, "height": 768}
# The editor's pages kept in the screenshot set, by the name each is saved under (and every role's home page).
SCREENSHOTS = {
    "/admin/": "admin-index",
    "/admin/officers/officer/": "admin-officers-list",
    "officers.officer change": "admin-officer-change",
    "officers.placement change": "admin-placement-change",
}
# The Secretariat's longest names, as real records carry them.
LONG_ORGANISATION = "Department of ASEAN Cooperation, Ministry of Foreign Affairs and International Cooperation"
LONG_NAME = "Phoutthavong Souvannaphoum Keomanivong Sisouphanthong"

# The pages whose width the stories' forms set: a failure there is reported, not a reason to fail the rest.


@pytest.fixture
def records(seeded, live_server) -> dict:
    """A few records of every model beside the seeded programme; returns, by model, the record whose
    page is opened (a model not named here opens the first row of its list)."""
    editor = UserFactory(username="records@example.org")
    organisation = OrganisationFactory(name=LONG_ORGANISATION, country="LA")
    officer = OfficerFactory(
        full_name=LONG_NAME, country="LA", home_organisation=organisation, user=UserFactory(), email="long@example.org"
    )
    for batch in Batch.objects.with_track().order_by("start_date")[:2]:
        PlacementFactory(officer=officer, batch=batch, supervisor_name="Dr. Vongphachanh Sengdavanh")
    for year in (2018, 2020, 2022):
        CareerMilestoneFactory(
            officer=officer,
            organisation=organisation,
            title=f"Deputy Director-General, Department of ASEAN Affairs ({year})",
            date=date(year, 3, 1),
        )
    update = propose_career_update(
        officer=officer,
        title="Director-General, Department of ASEAN Affairs",
        kind="promotion",
        date=timezone.localdate() - timedelta(days=30),
        date_precision="month",
        organisation=organisation,
        by=officer.user,
    )
    photo = StoryPhotoFactory(story__officer=officer, story__state=StoryState.DRAFT, story__published_on=None)
    certificate = issue_certificate(placement=officer.placements.first(), by=editor, site_url=live_server.url)
    supervised = SupervisedPlacementFactory()
    PlacementObjectivesFactory(placement=supervised)
    report = AttachmentReportFactory(placement=supervised)
    requirement = RequiredReportFactory(track=supervised.batch.track)
    nomination = NominationFactory(focal_point=FocalPointFactory(organisation=organisation), submitted=True)
    ActivityFactory(batch=supervised.batch)
    SentReminder.objects.create(
        kind=ReminderKind.REPORT_OVERDUE, subject=f"report {report.pk}", recipient=supervised.officer.email
    )
    return {
        "officers.officer": officer,
        "officers.placement": officer.placements.first(),
        "officers.careerupdate": update,
        "officers.certificate": certificate,
        "officers.graduatestory": photo.story,
        "officers.storyphoto": photo,
        "officers.attachmentreport": report,
        "officers.requiredreport": requirement,
        "officers.nomination": nomination,
        "officers.callfornominations": nomination.call,
        "officers.supervisor": supervised.supervised_by,
        # The seeded batch with the most officers.
        "batches.batch": Batch.objects.get(pk=Officer.objects.get(slug="chhy-ratha").placements.first().batch_id),
    }


class WidthCheck:
    """Opens pages on one browser page and records, per page, what is too wide or inaccessible."""

    def __init__(self, page, role: str) -> None:
        self.page = page
        self.role = role
        self.problems: list[str] = []

    def open(self, url: str, name: str = "") -> bool:
        """Open `url`; False when the role may not (403) or the page failed (a problem noted)."""
        response = self.page.goto(url)
        assert response is not None
        if response.status == 403:
            return False
        if response.status != 200:
            self.problems.append(f"{url} answered {response.status} as {self.role}")
            return False
        return True

    def measure(self, label: str, *, wide: bool) -> None:
        """The page fits the window at every width; at the full width, no list or table inside it
        scrolls sideways either (at 1024 px a wide list may scroll in its own box)."""
        width = self.page.viewport_size["width"]
        scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide_by = self._overflowing()
            self.problems.append(f"{label} ({self.page.url}) is {scroll_width} px wide at {width} px: {wide_by}")
        scrolling = self._scrolling_sideways() if wide else ""
        if scrolling:
            self.problems.append(f"{label} ({self.page.url}) scrolls sideways inside at {width} px: {scrolling}")

    def audit(self, label: str) -> None:
        try:
            check_accessibility(self.page)
        except AssertionError as error:
            self.problems.append(f"{label} as {self.role}: {error}")

    def _scrolling_sideways(self) -> str:
        """The boxes inside the page that scroll sideways (Django's admin lets a wide list or inline
        table scroll in its own box, which keeps the page's own width but not its content in view)."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                    && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length)
                .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
                    `${typeof el.className === 'string' && el.className.trim()
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}` +
                    ` (${el.scrollWidth} px in ${el.clientWidth} px)`)
                .join(', ')"""
        )

    def _overflowing(self) -> str:
        """The innermost elements reaching past the window's right edge: what makes the page wide."""
        return self.page.evaluate(
            """() => {
                const edge = document.documentElement.clientWidth + 1;
                const past = (el) => el.getBoundingClientRect().right > edge;
                const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    (typeof el.className === 'string' && el.className.trim()
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
                const found = [...document.querySelectorAll('body *')]
                    .filter((el) => past(el) && ![...el.children].some(past))
                    .map((el) => `${name(el)} (to ${Math.round(el.getBoundingClientRect().right)} px)`);
                return found.slice(0, 6).join(', ') || 'nothing past the edge';
            }"""
        )


def _pages(page, role: str, chosen: dict) -> list[tuple[str, str, str]]:
    """(model, label, url) of every page the role may open: the home page, the funder's report, and
    every list, one record's page and the add form of the programme's models."""
    pages = [("index", "the workspace's home page", reverse("admin:index"))]
    pages.append(("reports.funder", "the funder's report", reverse("admin:funder_report")))
    check = WidthCheck(page, role)
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in APPS:
            continue
        name = opts.label_lower
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if not check.open(changelist, name):
            continue
        pages.append((name, f"the {opts.verbose_name_plural} list", changelist))
        record = chosen.get(name)
        if record is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        else:
            first_row = page.locator("#result_list tbody tr th a").first
            change = first_row.get_attribute("href") if first_row.count() else None
        if change:
            pages.append((name, f"a {opts.verbose_name}'s page", change))
            pages += _record_pages(name, opts.verbose_name, change, admin.site._registry[model])
        pages.append((name, f"the add {opts.verbose_name} form", f"{changelist}add/"))
        if isinstance(admin.site._registry[model], SpreadsheetAdminMixin):
            pages.append((name, f"the {opts.verbose_name_plural} import", f"{changelist}import/"))
            pages.append((name, f"the {opts.verbose_name_plural} export", f"{changelist}export/"))
    return pages


# A record's own pages beyond its form, by model: (what, the path after the record's address).
RECORD_PAGES = {
    "officers.officer": [("consent form", "consent-form/")],
    "officers.graduatestory": [("officer's approval", "officer-approval/"), ("preview", "preview/")],
}


def _record_pages(name: str, verbose_name: str, change: str, model_admin) -> list[tuple[str, str, str]]:
    """A record's history, its inline rows opened for editing, and its own action pages."""
    record = change.removesuffix("change/")
    pages = [(name, f"a {verbose_name}'s history", f"{record}history/")]
    if isinstance(model_admin, ListedRowsMixin):
        pages.append((name, f"a {verbose_name}'s rows opened for editing", f"{change}?{EDIT_ROWS}=1"))
    pages += [(name, f"a {verbose_name}'s {what}", f"{record}{path}") for what, path in RECORD_PAGES.get(name, [])]
    return pages


@pytest.mark.parametrize("role", ["editor", "viewer", "communications"])
def test_every_admin_page_fits_1280_and_1024_pixels_and_passes_axe(request, new_page, records, role):
    user = request.getfixturevalue(role)
    page = new_page(DESKTOP)
    sign_in_to_admin(page, user.username)
    check = WidthCheck(page, role)
    pages = _pages(page, role, records)

    # Every page at 1280 px, then every page again at 1024 px: each page is drawn at the width
    # it is measured at, as the search-as-you-type boxes size themselves when the page loads.
    opened = []
    for name, label, url in pages:
        if not check.open(url, name):
            continue
        opened.append((name, label, url))
        check.measure(label, wide=True)
        check.audit(label)
        shot = SCREENSHOTS.get(url) or SCREENSHOTS.get(f"{name} change" if label.endswith("'s page") else "")
        if role == "editor" and shot:
            screenshot(page, shot)
        elif url == reverse("admin:index"):
            screenshot(page, f"admin-index-{role}")  # each role's dashboard
    page.set_viewport_size(NARROW)
    for name, label, url in opened:
        if check.open(url, name):
            check.measure(label, wide=False)

    # Communications sees officers and stories only: the home page, two lists, and their records' pages.
    assert len(opened) >= 7, f"only {len(opened)} pages opened as {role}"
    assert not check.problems, f"As {role}:\n" + "\n".join(check.problems)
