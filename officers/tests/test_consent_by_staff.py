"""Consent is the officer's: staff cannot give back a consent the officer withdrew, by the officer's
form, an import, a history revert or a signed form older than the withdrawal. They record a consent
only from a form the officer signed, through `record_signed_consent`, which keeps its reference, its
date and who recorded it. The officer keeps giving and withdrawing it on /my/consent/."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from officers.models import Officer
from officers.services.consent import give_consent, record_signed_consent, withdraw_consent
from officers.tests.factories import OfficerFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db

WITHDRAWN_ON = date(2024, 3, 1)


@pytest.fixture
def withdrawn(officer_a) -> Officer:
    """Officer A, a graduate, consented and then withdrew their consent on their own page on 1 March 2024."""
    withdraw_consent(officer=officer_a, by=officer_a.user)
    Officer.objects.filter(pk=officer_a.pk).update(consent_changed_on=WITHDRAWN_ON)
    officer_a.refresh_from_db()
    return officer_a


def profile_status(officer: Officer) -> int:
    """What the public gets at the officer's profile."""
    return Client().get(officer.get_absolute_url()).status_code


def change_url(officer: Officer) -> str:
    return reverse("admin:officers_officer_change", args=[officer.pk])


def record_url(officer: Officer) -> str:
    return reverse("admin:officers_officer_record_consent", args=[officer.pk])


def stored(officer: Officer) -> tuple:
    officer = Officer.objects.get(pk=officer.pk)
    return (
        officer.public_profile_consent,
        officer.consent_changed_on,
        officer.consent_form_reference,
        officer.consent_form_signed_on,
        officer.consent_recorded_by,
    )


# The service


def test_a_form_signed_before_the_withdrawal_is_refused(withdrawn, editor):
    before = stored(withdrawn)
    with pytest.raises(ValidationError) as refused:
        record_signed_consent(officer=withdrawn, form_reference="ASEC/AP/17", signed_on=date(2023, 5, 2), by=editor)
    assert "withdrew their consent on 2024-03-01, after the form signed on 2023-05-02" in refused.value.messages[0]
    assert stored(withdrawn) == before
    assert profile_status(withdrawn) == 404


def test_a_form_signed_the_day_of_the_withdrawal_is_refused(withdrawn, editor):
    with pytest.raises(ValidationError):
        record_signed_consent(officer=withdrawn, form_reference="ASEC/AP/17", signed_on=WITHDRAWN_ON, by=editor)
    assert profile_status(withdrawn) == 404


def test_a_form_signed_after_the_withdrawal_gives_consent_and_is_kept_with_who_recorded_it(withdrawn, editor):
    signed_on = WITHDRAWN_ON + timedelta(days=30)

    record_signed_consent(officer=withdrawn, form_reference=" ASEC/AP/18 ", signed_on=signed_on, by=editor)

    assert stored(withdrawn) == (True, signed_on, "ASEC/AP/18", signed_on, editor)
    assert withdrawn.public_profile_consent is True  # the caller's copy is brought up to date
    latest = withdrawn.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Signed consent form ASEC/AP/18 recorded")
    assert profile_status(withdrawn) == 200


def test_a_form_for_an_officer_who_never_consented_gives_consent(editor):
    officer = OfficerFactory(public_profile_consent=False)

    record_signed_consent(officer=officer, form_reference="ASEC/AP/1", signed_on=date(2019, 9, 1), by=editor)

    assert stored(officer) == (True, date(2019, 9, 1), "ASEC/AP/1", date(2019, 9, 1), editor)


def test_a_form_needs_a_reference_and_a_date_not_in_the_future(withdrawn, editor):
    with pytest.raises(ValidationError) as no_reference:
        record_signed_consent(officer=withdrawn, form_reference="  ", signed_on=date(2024, 6, 1), by=editor)
    assert no_reference.value.message_dict == {"consent_form_reference": ["Give the signed form's reference."]}
    with pytest.raises(ValidationError, match="in the future"):
        record_signed_consent(
            officer=withdrawn,
            form_reference="ASEC/AP/19",
            signed_on=timezone.localdate() + timedelta(days=1),
            by=editor,
        )
    assert stored(withdrawn)[0] is False


def test_an_officer_who_withdraws_after_a_recorded_form_is_not_given_back_by_it(officer_a, editor):
    record_signed_consent(officer=officer_a, form_reference="ASEC/AP/20", signed_on=date(2020, 1, 15), by=editor)
    withdraw_consent(officer=officer_a, by=officer_a.user)

    with pytest.raises(ValidationError):
        record_signed_consent(officer=officer_a, form_reference="ASEC/AP/20", signed_on=date(2020, 1, 15), by=editor)
    assert profile_status(officer_a) == 404


# The officer's own page


def test_the_officer_gives_their_consent_back_on_their_own_page(
    withdrawn, officer_a_client, django_capture_on_commit_callbacks
):
    assert profile_status(withdrawn) == 404

    # The public pages' cache is cleared once the change commits, as it is outside a test.
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_a_client.post("/my/consent/", {"public_profile_consent": "on"})

    assert response.status_code == 302
    assert stored(withdrawn)[:2] == (True, timezone.localdate())
    assert profile_status(withdrawn) == 200

    with django_capture_on_commit_callbacks(execute=True):
        officer_a_client.post("/my/consent/", {})
    assert profile_status(withdrawn) == 404


# The officer's admin form


def test_ticking_consent_on_the_officers_form_gives_nothing_back(withdrawn, editor_client, admin_form_data):
    page = editor_client.get(change_url(withdrawn))
    assert 'name="public_profile_consent"' not in page.content.decode()  # shown, not an input
    data = admin_form_data(page)
    data.update(public_profile_consent="on", consent_changed_on="2024-06-01", bio="Edited by the Secretariat.")

    assert editor_client.post(change_url(withdrawn), data).status_code == 302

    assert stored(withdrawn) == (False, WITHDRAWN_ON, "", None, None)
    assert Officer.objects.get(pk=withdrawn.pk).bio == "Edited by the Secretariat."
    assert profile_status(withdrawn) == 404


def test_a_new_officer_added_in_the_admin_starts_without_consent(editor_client, admin_form_data):
    data = admin_form_data(editor_client.get(reverse("admin:officers_officer_add")))
    data.update(full_name="Souk Phanthavong", country="LA", public_profile_consent="on")
    assert editor_client.post(reverse("admin:officers_officer_add"), data).status_code == 302
    assert Officer.objects.get(full_name="Souk Phanthavong").public_profile_consent is False


def test_the_officer_page_says_consent_is_the_officers_and_offers_the_signed_form_to_editors(
    withdrawn, editor_client, viewer_client, communications_client
):
    page = editor_client.get(change_url(withdrawn))
    assert "Consent is the officer's" in text_of(page)
    assert f'href="{record_url(withdrawn)}"' in page.content.decode()
    for client in (viewer_client, communications_client):
        assert f'href="{record_url(withdrawn)}"' not in client.get(change_url(withdrawn)).content.decode()


# The signed form's page


def test_an_editor_records_a_signed_form_on_the_officers_page(withdrawn, editor_client, editor):
    page = editor_client.get(record_url(withdrawn))
    assert "withdrew their consent on 2024-03-01" in text_of(page)

    response = editor_client.post(
        record_url(withdrawn), {"form_reference": "ASEC/AP/21", "signed_on": "2024-04-02"}, follow=True
    )

    assert response.redirect_chain[-1][0] == change_url(withdrawn)
    assert "Recorded Officer Alpha's consent form ASEC/AP/21, signed on 2024-04-02." in text_of(response)
    assert stored(withdrawn) == (True, date(2024, 4, 2), "ASEC/AP/21", date(2024, 4, 2), editor)
    assert profile_status(withdrawn) == 200


def test_a_form_older_than_the_withdrawal_is_refused_on_the_page_with_the_reason(withdrawn, editor_client):
    response = editor_client.post(record_url(withdrawn), {"form_reference": "ASEC/AP/17", "signed_on": "2023-05-02"})

    assert response.status_code == 200
    assert "The consent form was not recorded: Officer Alpha withdrew their consent on 2024-03-01" in text_of(response)
    assert stored(withdrawn)[0] is False
    assert profile_status(withdrawn) == 404


def test_the_page_asks_for_a_reference_and_a_date(withdrawn, editor_client):
    response = editor_client.post(record_url(withdrawn), {"form_reference": "", "signed_on": "not a date"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"form_reference", "signed_on"}
    assert stored(withdrawn)[0] is False


def test_only_staff_who_may_change_officers_record_a_signed_form(withdrawn, viewer_client, communications_client):
    for client in (viewer_client, communications_client):
        assert client.get(record_url(withdrawn)).status_code == 403
        response = client.post(record_url(withdrawn), {"form_reference": "ASEC/AP/22", "signed_on": "2024-04-02"})
        assert response.status_code == 403
    assert stored(withdrawn)[0] is False


# A history revert


def test_reverting_to_a_version_with_consent_given_is_refused(withdrawn, editor_client, admin_form_data):
    given = withdrawn.history.filter(public_profile_consent=True).earliest()
    url = reverse("admin:officers_officer_simple_history", args=[withdrawn.pk, given.history_id])
    data = admin_form_data(editor_client.get(url))

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "a revert cannot give it back" in text_of(response)
    assert stored(withdrawn)[0] is False
    assert profile_status(withdrawn) == 404


def test_reverting_to_a_version_without_consent_after_the_officer_gave_it_is_refused(
    officer_a, editor_client, admin_form_data
):
    withdraw_consent(officer=officer_a, by=officer_a.user)
    give_consent(officer=officer_a, by=officer_a.user)
    without = officer_a.history.filter(public_profile_consent=False).latest()
    url = reverse("admin:officers_officer_simple_history", args=[officer_a.pk, without.history_id])

    response = editor_client.post(url, admin_form_data(editor_client.get(url)))

    assert "a revert cannot withdraw it" in text_of(response)
    assert stored(officer_a)[0] is True


def test_a_revert_keeps_the_consent_and_its_signed_form_as_they_stand(
    withdrawn, editor, editor_client, admin_form_data
):
    withdrawn.bio = "Old bio"
    withdrawn.save()
    old = withdrawn.history.latest()
    record_signed_consent(officer=withdrawn, form_reference="ASEC/AP/23", signed_on=date(2024, 5, 6), by=editor)
    withdraw_consent(officer=withdrawn, by=withdrawn.user)
    Officer.objects.filter(pk=withdrawn.pk).update(bio="New bio")
    url = reverse("admin:officers_officer_simple_history", args=[withdrawn.pk, old.history_id])

    assert editor_client.post(url, admin_form_data(editor_client.get(url))).status_code == 302

    officer = Officer.objects.get(pk=withdrawn.pk)
    assert officer.bio == "Old bio"
    assert stored(officer) == (False, timezone.localdate(), "ASEC/AP/23", date(2024, 5, 6), editor)


# An import


def import_preview(client, rows: list[list[str]]):
    content = "\n".join(",".join(row) for row in rows).encode()
    return client.post(
        reverse("admin:officers_officer_import"),
        {"import_file": SimpleUploadedFile("officers.csv", content), "format": "0", "resource": "0"},
    )


def import_confirm(client, previewed):
    form = previewed.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse("admin:officers_officer_process_import"), {**data, "confirm": "1"}, follow=True)


def problems(response) -> list[tuple]:
    assert response.context.get("confirm_form") is None, "a file with problems must not be offered for import"
    return [(problem.row, problem.column, problem.reason) for problem in response.context["problems"]]


HEADER = ["slug", "full_name", "country", "public_profile_consent", "consent_form_reference", "consent_form_signed_on"]


def row_of(officer: Officer, consent: str, reference: str = "", signed_on: str = "") -> list[str]:
    return [officer.slug, officer.full_name, officer.country, consent, reference, signed_on]


def test_an_import_row_giving_consent_back_is_refused_by_row_and_column(withdrawn, editor_client):
    response = import_preview(editor_client, [HEADER, row_of(withdrawn, "yes")])

    [(row, column, reason)] = problems(response)
    assert (row, column) == (2, "public_profile_consent")
    assert reason.startswith("Officer Alpha withdrew their consent on 2024-03-01, and only they can give it back")
    assert stored(withdrawn)[0] is False
    assert profile_status(withdrawn) == 404


def test_an_import_row_with_a_form_older_than_the_withdrawal_is_refused(withdrawn, editor_client):
    response = import_preview(editor_client, [HEADER, row_of(withdrawn, "yes", "ASEC/AP/17", "2023-05-02")])

    [(row, column, reason)] = problems(response)
    assert (row, column) == (2, "public_profile_consent")
    assert "withdrew their consent on 2024-03-01, after the form signed on 2023-05-02" in reason
    assert stored(withdrawn)[0] is False


def test_an_import_row_with_a_form_signed_after_the_withdrawal_records_it(withdrawn, editor_client, editor):
    previewed = import_preview(editor_client, [HEADER, row_of(withdrawn, "yes", "ASEC/AP/24", "2024-04-02")])
    assert stored(withdrawn)[0] is False  # the preview writes nothing

    import_confirm(editor_client, previewed)

    assert stored(withdrawn) == (True, date(2024, 4, 2), "ASEC/AP/24", date(2024, 4, 2), editor)
    assert profile_status(withdrawn) == 200


def test_an_import_row_cannot_withdraw_an_officers_consent(officer_a, editor_client):
    [(row, column, reason)] = problems(import_preview(editor_client, [HEADER, row_of(officer_a, "no")]))
    assert (row, column) == (2, "public_profile_consent")
    assert reason.startswith("Only the officer withdraws their consent")
    assert stored(officer_a)[0] is True


def test_an_import_leaves_consent_alone_when_the_row_repeats_it_or_leaves_it_empty(withdrawn, editor_client):
    previewed = import_preview(
        editor_client,
        [["slug", "full_name", "country", "public_profile_consent", "consent_changed_on", "bio"]]
        + [[withdrawn.slug, withdrawn.full_name, withdrawn.country, "no", "2019-01-01", "Imported bio"]],
    )
    import_confirm(editor_client, previewed)
    assert stored(withdrawn)[:2] == (False, WITHDRAWN_ON)
    assert Officer.objects.get(pk=withdrawn.pk).bio == "Imported bio"

    import_confirm(editor_client, import_preview(editor_client, [HEADER, row_of(withdrawn, "")]))
    assert stored(withdrawn)[:2] == (False, WITHDRAWN_ON)


def test_an_import_row_for_a_recorded_officer_who_never_consented_needs_the_signed_form(editor_client):
    officer = OfficerFactory(full_name="Keo Sophea", country="KH", public_profile_consent=False)

    [(row, column, reason)] = problems(import_preview(editor_client, [HEADER, row_of(officer, "yes")]))

    assert (row, column) == (2, "public_profile_consent")
    assert reason.startswith("Consent is recorded from a form the officer signed")
    assert stored(officer)[0] is False


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_signed_form_page_query_count_does_not_grow(withdrawn, editor_client, django_assert_num_queries, records):
    PlacementFactory.create_batch(records, officer=withdrawn)
    OfficerFactory.create_batch(records)
    session_and_user = 2  # the session, the signed-in user
    the_officer = 2  # the officer; their placements, read with every officer the admin opens
    permissions = 2  # the user's own permissions, their groups' permissions
    with django_assert_num_queries(session_and_user + the_officer + permissions):
        response = editor_client.get(record_url(withdrawn))
    assert response.status_code == 200
    assert response.context["original"] == withdrawn
