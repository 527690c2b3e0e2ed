"""Consent in officers' spreadsheets: read from the row, recorded once the officers are written."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.imports.cells import sheet_row
from officers.models import Officer
from officers.services.consent import record_signed_consent, record_signed_consents_of_new_officers


class ConsentCell(fields.Field):
    """A consent column. Exported as the record has it; on import the cell is checked but never
    written to the record: `OfficerResource.consent_problem` reads what the row asks of consent, and
    the consent is recorded once the officers are written (`record_signed_forms`)."""

    def save(self, instance, row, is_m2m=False, **kwargs) -> None:
        self.clean(row, **kwargs)


@dataclass(frozen=True)
class SignedForm:
    """A consent a row gives, to be recorded once the row's officer is saved."""

    reference: str
    signed_on: date


@dataclass(frozen=True)
class RowConsent:
    officer: Officer
    form: SignedForm
    row: int
    new: bool


def record_signed_forms(consents: list[RowConsent], *, by: AbstractBaseUser | None, file_name: str | None) -> None:
    """Record the forms the rows give, after the rows' officers are written: a recorded officer's
    by `record_signed_consent`, which reads the record afresh under a lock and asks again whether
    the form may stand; the new officers' all at once."""
    new = []
    for consent in consents:
        # A new officer's row stands for the form when it names none: the file and row say where from.
        reference = consent.form.reference or _("Spreadsheet %(file)s, row %(row)s") % {
            "file": file_name or _("import"),
            "row": sheet_row(consent.row),
        }
        reference = str(reference)[: Officer._meta.get_field("consent_form_reference").max_length].strip()
        if consent.new:
            new.append((consent.officer, reference, consent.form.signed_on))
        else:
            record_signed_consent(
                officer=consent.officer, form_reference=reference, signed_on=consent.form.signed_on, by=by
            )
    record_signed_consents_of_new_officers(new, by=by)
