"""An officer's public-profile consent: given or withdrawn, dated, and kept in the history.

Consent is the officer's. They give and withdraw it themselves (`give_consent`, `withdraw_consent`,
from /my/consent/). Staff record it only from a form the officer signed (`record_signed_consent`),
which stores the form's reference, its date and who recorded it, and is refused over a withdrawal
the form does not postdate (`signed_consent_refusal`, the one rule every staff route asks).

The public pages read consent through `Officer.objects.public()` and `GraduateStory.objects.public()`,
and every save makes the cached public pages stale (core/page_cache.py), so a withdrawal takes the
profile and the stories off the public site with the next request.
"""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.history import record_change, save_with_history
from core.imports.bulk import update_with_history
from core.stored_files import move_to_fresh_names
from officers.models import Officer, StoryPhoto


@transaction.atomic
def give_consent(*, officer: Officer, by: AbstractBaseUser) -> Officer:
    """The officer agrees that the public may see their profile and published stories."""
    return _set_consent(officer=officer, consent=True, by=by, reason=gettext("Public-profile consent given"))


@transaction.atomic
def withdraw_consent(*, officer: Officer, by: AbstractBaseUser) -> Officer:
    """The officer no longer wants a public profile; their stories leave the public site with it, and
    their portrait and story photos move to new addresses (the old files are deleted after commit),
    so a link someone kept stops working."""
    was_given = Officer.objects.filter(pk=officer.pk, public_profile_consent=True).exists()
    withdrawn = _set_consent(officer=officer, consent=False, by=by, reason=gettext("Public-profile consent withdrawn"))
    if was_given:
        _move_pictures(withdrawn, by=by)
        _copy_consent(source=withdrawn, target=officer)
        officer.portrait = withdrawn.portrait.name
    return withdrawn


def _move_pictures(officer: Officer, *, by: AbstractBaseUser) -> None:
    reason = gettext("Pictures moved to new addresses when consent was withdrawn")
    record_change(officer, by=by, reason=reason)
    move_to_fresh_names(officer, ["portrait"])
    for photo in StoryPhoto.objects.filter(story__officer=officer):
        record_change(photo, by=by, reason=reason)
        move_to_fresh_names(photo, ["image"])


def signed_consent_refusal(*, officer: Officer, signed_on: date) -> str | None:
    """Why a consent form signed on `signed_on` cannot be recorded for `officer`, or None when it can.

    A withdrawal stands against every form signed before it. A form signed the same day is refused
    too: which came first cannot be told, and the officer's latest word is taken to be the withdrawal.
    """
    if signed_on > timezone.localdate():
        return gettext("The form's date %(date)s is in the future.") % {"date": signed_on.isoformat()}
    withdrawn_on = officer.consent_withdrawn_on
    if withdrawn_on is not None and signed_on <= withdrawn_on:
        return gettext(
            "%(name)s withdrew their consent on %(withdrawn)s, after the form signed on %(signed)s. "
            "Consent is theirs to give back: they can do it on their own page, or sign a new form."
        ) % {"name": officer.full_name, "withdrawn": withdrawn_on.isoformat(), "signed": signed_on.isoformat()}
    return None


@transaction.atomic
def record_signed_consent(*, officer: Officer, form_reference: str, signed_on: date, by: AbstractBaseUser) -> Officer:
    """Staff record a consent form the officer signed: consent is given from the form's date, and the
    form's reference, date and recorder are kept on the record and in its history.

    Raises ValidationError, changing nothing, when the form has no reference or `signed_consent_refusal`
    refuses it. A form for an officer who already consents is kept as the latest one, and the day
    their consent was given stays as it was. `by` is None only for a sheet imported outside the
    admin, where no one signed in.
    """
    reference = form_reference.strip()
    if not reference:
        raise ValidationError({"consent_form_reference": gettext("Give the signed form's reference.")})
    current = Officer.objects.select_for_update().get(pk=officer.pk)
    refusal = signed_consent_refusal(officer=current, signed_on=signed_on)
    if refusal:
        raise ValidationError(refusal, code="consent_withdrawn")
    _apply_signed_form(current, reference=reference, signed_on=signed_on, by=by)
    # Only the consent fields are checked: a problem elsewhere in the record is not this form's.
    others = [field.name for field in Officer._meta.concrete_fields if field.name not in Officer.CONSENT_FIELDS]
    current.full_clean(exclude=others)
    save_with_history(current, by=by, reason=_signed_form_reason(reference))
    _copy_consent(source=current, target=officer)
    return current


def record_signed_consents_of_new_officers(
    forms: list[tuple[Officer, str, date]], *, by: AbstractBaseUser | None
) -> None:
    """The signed forms of officers a spreadsheet has just created, as (officer, reference, signed on),
    recorded all at once. No one else can have changed these records yet, and a new officer has no
    withdrawal for a form to predate, so none of `record_signed_consent`'s locks and checks apply."""
    for officer, reference, signed_on in forms:
        _apply_signed_form(officer, reference=reference, signed_on=signed_on, by=by)
        record_change(officer, by=by, reason=_signed_form_reason(reference))
    if forms:
        update_with_history(
            Officer, [officer for officer, _reference, _signed_on in forms], fields=Officer.CONSENT_FIELDS
        )


def _apply_signed_form(officer: Officer, *, reference: str, signed_on: date, by: AbstractBaseUser | None) -> None:
    """A signed form gives consent from its date (kept as it was for an officer who already consents),
    and the form's reference, date and recorder are kept on the record."""
    if not officer.public_profile_consent:
        officer.public_profile_consent = True
        officer.consent_changed_on = signed_on
    officer.consent_form_reference = reference
    officer.consent_form_signed_on = signed_on
    # The object, not its id, so that showing the record reads no one again; `by` is always a User.
    officer.consent_recorded_by = by  # type: ignore[assignment]


def _signed_form_reason(reference: str) -> str:
    return gettext("Signed consent form %(reference)s recorded") % {"reference": reference}


def _set_consent(*, officer: Officer, consent: bool, by: AbstractBaseUser, reason: str) -> Officer:
    # Work on a locked, fresh copy: saving the caller's copy could write back fields a colleague
    # changed meanwhile. Only the two consent fields change, and they are valid by construction,
    # so no full_clean(): a withdrawal must never be blocked by an unrelated problem in the record.
    current = Officer.objects.select_for_update().get(pk=officer.pk)
    if current.public_profile_consent != consent:
        current.public_profile_consent = consent
        current.date_consent_change(was=not consent)
        save_with_history(current, by=by, reason=reason)
    _copy_consent(source=current, target=officer)
    return current


def _copy_consent(*, source: Officer, target: Officer) -> None:
    """Bring the caller's copy up to date with what was saved, version included."""
    attnames = {field.name: field.attname for field in Officer._meta.concrete_fields}
    for name in Officer.CONSENT_FIELDS:
        setattr(target, attnames[name], getattr(source, attnames[name]))
    target.version = source.version
