"""The funder's report: graduates by track, batch, country and gender, and files of placements.

A graduate is an officer with a completed placement; each cell counts officers, so an officer
who graduated from two batches counts once in each. A batch's year is the year it ended, or
started when its end is not recorded; batches with neither are left out of a year range.
"""

from dataclasses import dataclass, field

import tablib
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from batches.models import Batch, Division
from core.imports.formats import SafeCSV, SafeXLSX
from officers.countries import Country
from officers.models import Gender, Placement

NOT_RECORDED = ""
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class ReportRow:
    track: str
    batch: str
    by_country: dict[str, int] = field(default_factory=dict)
    by_gender: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_country.values())


@dataclass
class FunderReport:
    year_from: int | None
    year_to: int | None
    rows: list[ReportRow]
    countries: list[tuple[str, str]] = field(default_factory=lambda: [(c, str(label)) for c, label in Country.choices])
    genders: list[tuple[str, str]] = field(
        default_factory=lambda: [(g, str(label)) for g, label in Gender.choices] + [(NOT_RECORDED, _("Not recorded"))]
    )

    @property
    def totals(self) -> ReportRow:
        total = ReportRow(track=_("Total"), batch="")
        for row in self.rows:
            for code, count in row.by_country.items():
                total.by_country[code] = total.by_country.get(code, 0) + count
            for gender, count in row.by_gender.items():
                total.by_gender[gender] = total.by_gender.get(gender, 0) + count
        return total

    def table(self) -> list[list]:
        """The report as rows of cells, for the page and the files alike."""
        return [
            [row.track, row.batch]
            + [row.by_country.get(code, 0) for code, _label in self.countries]
            + [row.by_gender.get(gender, 0) for gender, _label in self.genders]
            + [row.total]
            for row in [*self.rows, self.totals]
        ]

    def headers(self) -> list[str]:
        return (
            [_("Track"), _("Batch")]
            + [label for _code, label in self.countries]
            + [label for _gender, label in self.genders]
            + [_("Graduates")]
        )

    def dataset(self) -> tablib.Dataset:
        dataset = tablib.Dataset(headers=self.headers(), title=_("Graduates"))
        for cells in self.table():
            dataset.append(cells)
        return dataset


def graduates_in_years(*, year_from: int | None = None, year_to: int | None = None) -> QuerySet:
    graduates = Placement.objects.graduates()
    if year_from is None and year_to is None:
        # No range, no join to the batches for their years.
        return graduates
    graduates = graduates.annotate(year=Coalesce(ExtractYear("batch__end_date"), ExtractYear("batch__start_date")))
    if year_from is not None:
        graduates = graduates.filter(year__gte=year_from)
    if year_to is not None:
        graduates = graduates.filter(year__lte=year_to)
    return graduates


def funder_report(*, year_from: int | None = None, year_to: int | None = None) -> FunderReport:
    """Graduates per batch by country and by gender: two queries, whatever the number of records."""
    # An officer has one placement per batch (`placement_one_per_officer_and_batch`), so counting a
    # batch's completed placements counts its graduates, without sorting them to drop duplicates.
    counts = (
        graduates_in_years(year_from=year_from, year_to=year_to)
        .values("batch_id", country=F("officer__country"), gender=F("officer__gender"))
        .annotate(graduates=Count("*"))
        .order_by()
    )
    per_batch: dict[int, list[dict]] = {}
    for count in counts:
        per_batch.setdefault(count["batch_id"], []).append(count)
    batches = (
        Batch.objects.with_track().filter(pk__in=per_batch).order_by("track__first_year", "track__name", "number")
    )
    rows = []
    for batch in batches:
        row = ReportRow(track=batch.track.short_name, batch=batch.label)
        for count in per_batch[batch.pk]:
            row.by_country[count["country"]] = row.by_country.get(count["country"], 0) + count["graduates"]
            gender = count["gender"] or NOT_RECORDED
            row.by_gender[gender] = row.by_gender.get(gender, 0) + count["graduates"]
        rows.append(row)
    return FunderReport(year_from=year_from, year_to=year_to, rows=rows)


def placements_of(*, division: Division | None = None, batch: Batch | None = None) -> QuerySet:
    placements = Placement.objects.select_related(
        "officer__home_organisation", "batch__track", "division", "supervisor"
    ).order_by("batch__track__first_year", "batch__number", "officer__full_name")
    if division is not None:
        placements = placements.filter(division=division)
    if batch is not None:
        placements = placements.filter(batch=batch)
    return placements


def placements_dataset(
    *, division: Division | None = None, batch: Batch | None = None, contact_details: bool = False
) -> tablib.Dataset:
    """Every placement of one division or one batch, one row each. The officers' email and phone
    only with `contact_details`, for staff who may see them (`officers.roles.may_see_contact_details`)."""
    contact_headers = [_("Email"), _("Phone")] if contact_details else []
    dataset = tablib.Dataset(
        headers=[
            _("Officer"),
            _("Country"),
            _("Gender"),
            _("Home organisation"),
            *contact_headers,
            _("Track"),
            _("Batch"),
            _("ASEC division"),
            _("Supervisor"),
            _("Start"),
            _("End"),
            _("Outcome"),
        ],
        title=_("Placements"),
    )
    for placement in placements_of(division=division, batch=batch):
        officer = placement.officer
        contact = [officer.email, officer.phone] if contact_details else []
        dataset.append(
            [
                officer.display_name,
                str(officer.get_country_display()),
                str(officer.get_gender_display() or _("Not recorded")),
                str(officer.home_organisation or ""),
                *contact,
                placement.batch.track.name,
                str(placement.batch.label),
                str(placement.division or ""),
                placement.supervisor_display,
                placement.start_date.isoformat() if placement.start_date else "",
                placement.end_date.isoformat() if placement.end_date else "",
                str(placement.get_outcome_display()),
            ]
        )
    return dataset


def export(dataset: tablib.Dataset, file_format: str) -> tuple[bytes, str]:
    """The dataset as a file's bytes and its content type; text that looks like a formula stays text."""
    if file_format == "xlsx":
        return SafeXLSX().export_data(dataset), FORMATS["xlsx"]
    # A byte-order mark, so spreadsheet programs read the CSV as UTF-8 (Khmer, Lao, Burmese names).
    return ("\ufeff" + SafeCSV().export_data(dataset)).encode("utf-8"), FORMATS["csv"]
