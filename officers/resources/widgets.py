"""How officers' spreadsheets name countries, officers, organisations and batches.

The widgets that look records up read a whole column's records with one query (`prefetch`) before
the rows are read; a cell that names nothing, or names two records, is answered as it always was.
"""

import difflib

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from batches.models import Batch
from batches.resources import BatchWidget
from core.imports.cells import cell_text
from core.imports.widgets import ChoiceWidget, SlugWidget, by_lowered_text
from officers.countries import Country, OrganisationCountry
from officers.models import Officer, Organisation

COUNTRY_ALIASES = {
    "Vietnam": "VN",
    "Viet Nam": "VN",
    "Laos": "LA",
    "Lao": "LA",
    "Lao People's Democratic Republic": "LA",
    "Burma": "MM",
    "Kingdom of Cambodia": "KH",
    "Brunei": "BN",
    "Timor Leste": "TL",
}


class CountryWidget(ChoiceWidget):
    """A CLMV country, by ISO code or name; any other country is refused by name."""

    def __init__(self) -> None:
        super().__init__(Country.choices, aliases={k: v for k, v in COUNTRY_ALIASES.items() if v in Country.values})
        self.anywhere = ChoiceWidget(OrganisationCountry.choices, aliases=COUNTRY_ALIASES)

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            return ""
        try:
            return super().clean(value)
        except ValueError:
            pass
        programme = ", ".join(f"{label} ({code})" for code, label in Country.choices)
        try:
            code = self.anywhere.clean(value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a country the programme knows. Use one of: %(countries)s.")
                % {"value": text, "countries": programme}
            ) from None
        raise ValueError(
            _("%(country)s is not a CLMV country. Officers come from %(countries)s.")
            % {"country": OrganisationCountry(code).label, "countries": programme}
        )


ORGANISATION_COUNTRY = ChoiceWidget(OrganisationCountry.choices, aliases=COUNTRY_ALIASES)


class OfficerWidget(SlugWidget):
    def __init__(self) -> None:
        super().__init__(Officer, "slug", noun=_("officer with the slug"))

    def unknown_message(self, text: str) -> str:
        close = difflib.get_close_matches(text.lower(), self.known_values(), n=3)
        message = _("There is no officer with the slug “%(value)s”.") % {"value": text}
        if close:
            message += " " + _("Did you mean %(close)s?") % {"close": ", ".join(close)}
        return message


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation by name. Where several countries have one of that name (every country has
    a Ministry of Foreign Affairs), the row's `organisation_country` column decides, else the
    officer's own country."""

    def __init__(self, *, officer_country_column: str | None = None, officer_slug_column: str | None = None) -> None:
        super().__init__(Organisation, field="name")
        self.officer_country_column = officer_country_column
        self.officer_slug_column = officer_slug_column
        self.found: dict[str, list[Organisation]] | None = None
        self.officer_countries: dict[str, str] | None = None
        self.names: list[str] | None = None

    def prefetch(self, values: list, rows: list[dict]) -> None:
        self.found = by_lowered_text(Organisation.objects.all(), "name", (cell_text(v) for v in values))
        self.names = None
        if self.officer_slug_column:
            slugs = {cell_text(row.get(self.officer_slug_column)).lower() for row in rows} - {""}
            officers = Officer.objects.alias(lowered_slug=Lower("slug")).filter(lowered_slug__in=slugs)
            self.officer_countries = {}
            for slug, country in officers.values_list("slug", "country"):
                self.officer_countries.setdefault(slug.lower(), country)

    def matches(self, name: str) -> list[Organisation]:
        if self.found is None:
            return list(Organisation.objects.filter(name__iexact=name))
        return self.found.get(name.lower(), [])

    def known_names(self) -> list[str]:
        # Read once per file: a file may misspell the same name on many rows.
        if self.names is None:
            self.names = list(Organisation.objects.values_list("name", flat=True).distinct())
        return self.names

    def clean(self, value, row=None, **kwargs) -> Organisation | None:
        name = cell_text(value)
        if not name:
            return None
        row = row or {}
        matches = self.matches(name)
        if len(matches) == 1 and not cell_text(row.get("organisation_country")):
            return matches[0]
        if not matches:
            close = difflib.get_close_matches(name, self.known_names(), n=3)
            message = _("There is no organisation called “%(value)s”; add it under Organisations first.") % {
                "value": name
            }
            if close:
                message += " " + _("Did you mean %(close)s?") % {"close": ", ".join(f"“{c}”" for c in close)}
            raise ValueError(message)
        country = self.country_hint(row)
        chosen = [organisation for organisation in matches if organisation.country == country]
        if len(chosen) == 1:
            return chosen[0]
        if len(matches) == 1:
            raise ValueError(
                _("“%(value)s” is recorded for %(recorded)s, not for %(asked)s.")
                % {"value": matches[0].name, "recorded": matches[0].country or "—", "asked": country or "—"}
            )
        countries = ", ".join(sorted(organisation.country or "—" for organisation in matches))
        raise ValueError(
            _(
                "Several organisations are called “%(value)s” (%(countries)s): give the country code in an "
                "organisation_country column."
            )
            % {"value": name, "countries": countries}
        )

    def country_hint(self, row: dict) -> str:
        written = cell_text(row.get("organisation_country"))
        if written:
            return ORGANISATION_COUNTRY.clean(written)
        if self.officer_country_column:
            try:
                return ORGANISATION_COUNTRY.clean(row.get(self.officer_country_column))
            except ValueError:
                return ""
        if self.officer_slug_column:
            slug = cell_text(row.get(self.officer_slug_column))
            if self.officer_countries is not None:
                return self.officer_countries.get(slug.lower(), "")
            return Officer.objects.filter(slug__iexact=slug).values_list("country", flat=True).first() or ""
        return ""


class FileBatchWidget(BatchWidget):
    """`BatchWidget` with the batches a file names read with one query for the whole file; a track
    or batch that is not there is looked up and explained as `BatchWidget` does."""

    def __init__(self, *, track_column: str = "track") -> None:
        super().__init__(track_column=track_column)
        self.found: dict[tuple[str, int], list[Batch]] | None = None

    def prefetch(self, values: list, rows: list[dict]) -> None:
        numbers = {int(text) for text in (cell_text(v) for v in values) if text.isdigit()}
        slugs = {cell_text(row.get(self.track_column)).lower() for row in rows} - {""}
        batches = Batch.objects.with_track().alias(track_slug=Lower("track__slug"))
        self.found = {}
        for batch in batches.filter(track_slug__in=slugs, number__in=numbers):
            self.found.setdefault((batch.track.slug.lower(), batch.number), []).append(batch)

    def clean(self, value, row=None, **kwargs) -> Batch | None:
        number = cell_text(value)
        slug = cell_text((row or {}).get(self.track_column)).lower()
        found = self.found.get((slug, int(number)), []) if self.found is not None and number.isdigit() else []
        return found[0] if len(found) == 1 else super().clean(value, row, **kwargs)
