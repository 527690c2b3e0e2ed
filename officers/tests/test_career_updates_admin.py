"""The editors' queue, "Career updates to check": the officers' own steps not checked yet, oldest
first; an editor corrects one on its page, then checks and publishes it, and its officer is told
by email once that is committed."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from officers.models import CareerMilestone, MilestoneSource, Organisation
from officers.services.career_updates import propose_career_update, publish_career_updates
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:officers_careerupdate_changelist")


def proposed_by(officer, title: str = "Director, ASEAN Department", **changes) -> CareerMilestone:
    """A step the officer proposed on their page, through the same service."""
    values = {
        "title": title,
        "kind": "appointment",
        "date": date(2024, 3, 1),
        "date_precision": "month",
        "organisation": Organisation.objects.get_or_create(
            name="Ministry of Foreign Affairs", country=officer.country
        )[0],
        **changes,
    }
    return propose_career_update(officer=officer, by=officer.user, **values)


def publish(client, *steps):
    return client.post(QUEUE, {"action": "publish", "_selected_action": [step.pk for step in steps]})


def test_the_queue_lists_only_the_officers_steps_not_checked_yet_oldest_first(
    officer_a, officer_b, editor, editor_client
):
    first = proposed_by(officer_b, "First in")
    second = proposed_by(officer_a, "Second in")
    CareerMilestoneFactory(officer=officer_a, title="From a published story")
    CareerMilestoneFactory(officer=officer_a, title="Reported by the officer, typed in by staff", source="officer")
    publish_career_updates(milestones=CareerMilestone.objects.filter(pk=second.pk), by=editor)

    response = editor_client.get(QUEUE)

    assert [step.title for step in response.context["cl"].result_list] == [
        "First in",
        "Reported by the officer, typed in by staff",
    ]
    assert first.pk in {step.pk for step in response.context["cl"].result_list}
    assert "2 career updates to check" in response.content.decode()


def test_an_editor_corrects_a_step_before_checking_it(officer_a, editor_client, admin_form_data):
    step = proposed_by(officer_a, "Diretor, ASEAN Departmnt")
    url = reverse("admin:officers_careerupdate_change", args=[step.pk])
    data = admin_form_data(editor_client.get(url))
    assert "officer" not in data and "source" not in data  # shown, not changed
    data.update(title="Director, ASEAN Department", date="2024-03-15")

    response = editor_client.post(url, data)

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    step.refresh_from_db()
    assert (step.title, step.date, step.date_precision) == ("Director, ASEAN Department", date(2024, 3, 15), "day")
    assert step.is_awaiting_check and step.source == MilestoneSource.OFFICER and step.officer == officer_a
    corrected = step.history.latest()
    assert (corrected.history_user.username, corrected.history_change_reason) == (
        "editor@example.org",
        "Corrected before the check",
    )
    assert mail.outbox == []


def test_a_correction_over_a_colleagues_newer_save_is_refused(officer_a, editor_client, admin_form_data):
    step = proposed_by(officer_a)
    url = reverse("admin:officers_careerupdate_change", args=[step.pk])
    data = admin_form_data(editor_client.get(url))
    step.title = "A colleague's correction"
    step.save()
    data["title"] = "Mine"
    response = editor_client.post(url, data)
    assert "Someone else saved this record" in response.content.decode()
    assert CareerMilestone.objects.get(pk=step.pk).title == "A colleague's correction"


def test_publishing_checks_the_step_and_mails_the_officer_after_commit(
    officer_a, editor, editor_client, django_capture_on_commit_callbacks
):
    step = proposed_by(officer_a)
    with django_capture_on_commit_callbacks() as callbacks:
        response = publish(editor_client, step)
        assert mail.outbox == []  # nothing leaves before the check is committed
    assert response.status_code == 302
    for callback in callbacks:
        callback()

    step.refresh_from_db()
    assert (step.checked_by, step.is_awaiting_check) == (editor, False)
    assert step.history.latest().history_change_reason == "Marked checked"
    (sent,) = mail.outbox
    assert sent.to == [officer_a.email]
    assert sent.subject == "Your career step is published"
    assert "Director, ASEAN Department, Ministry of Foreign Affairs (March 2024)" in sent.body
    assert f"http://127.0.0.1:8000/graduates/{officer_a.slug}/" in sent.body
    assert "http://127.0.0.1:8000/my/career/" in sent.body
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Checked and published 1 career update; its officer is told by email."]
    assert list(editor_client.get(QUEUE).context["cl"].result_list) == []


def test_an_officer_with_several_steps_published_gets_one_email(
    officer_a, editor_client, django_capture_on_commit_callbacks
):
    steps = [proposed_by(officer_a, "Counsellor"), proposed_by(officer_a, "Minister-Counsellor", kind="promotion")]
    with django_capture_on_commit_callbacks(execute=True):
        publish(editor_client, *steps)
    (sent,) = mail.outbox
    assert sent.subject == "Your career steps are published"
    assert "- Counsellor" in sent.body and "- Minister-Counsellor" in sent.body


def test_a_step_published_for_an_officer_without_consent_says_it_stays_private(
    officer_a, editor_client, django_capture_on_commit_callbacks
):
    step = proposed_by(officer_a)
    officer_a.public_profile_consent = False
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(editor_client, step)
    assert "The public does not see your profile" in mail.outbox[0].body
    assert "/graduates/" not in mail.outbox[0].body
    warning = [str(m) for m in response.wsgi_request._messages][-1]
    assert warning == "Checked, but not shown to the public, as these officers' profiles are not public: Officer Alpha"


def test_publishing_twice_checks_and_mails_once(officer_a, editor, django_capture_on_commit_callbacks):
    step = proposed_by(officer_a)
    selected = CareerMilestone.objects.filter(pk=step.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_career_updates(milestones=selected, by=editor) == [step]
        assert publish_career_updates(milestones=selected, by=editor) == []
    assert len(mail.outbox) == 1
    assert CareerMilestone.objects.get(pk=step.pk).history.count() == 2  # proposed, checked


def test_no_one_adds_to_the_queue_in_the_admin(editor_client):
    assert editor_client.get(reverse("admin:officers_careerupdate_add")).status_code == 403
    assert "Add career update" not in editor_client.get(QUEUE).content.decode()


def test_a_viewer_reads_the_queue_and_communications_does_not_see_it(officer_a, viewer_client, communications_client):
    step = proposed_by(officer_a)
    listing = viewer_client.get(QUEUE)
    assert listing.status_code == 200
    assert 'name="action"' not in listing.content.decode()
    form = viewer_client.get(reverse("admin:officers_careerupdate_change", args=[step.pk]))
    assert form.status_code == 200 and 'name="_save"' not in form.content.decode()
    assert publish(viewer_client, step).status_code == 200  # the action is not offered: nothing happens
    assert CareerMilestone.objects.get(pk=step.pk).is_awaiting_check
    assert communications_client.get(QUEUE).status_code == 403


def test_a_steps_history_is_the_milestones(officer_a, editor_client):
    step = proposed_by(officer_a)
    response = editor_client.get(reverse("admin:officers_careerupdate_history", args=[step.pk]))
    assert response["Location"] == reverse("admin:officers_careermilestone_history", args=[step.pk])
    assert "Proposed by the officer" in editor_client.get(response["Location"]).content.decode()


def test_a_checked_step_is_not_in_the_queue(officer_a, editor, editor_client):
    step = proposed_by(officer_a)
    publish_career_updates(milestones=CareerMilestone.objects.filter(pk=step.pk), by=editor)
    response = editor_client.get(reverse("admin:officers_careerupdate_change", args=[step.pk]))
    assert response.status_code == 302  # "doesn't exist, perhaps it was deleted": back to the admin


SESSION_AND_USER = 2  # the session, the signed-in user
PERMISSIONS = 2  # the user's own permissions, their groups' permissions
COUNTS = 2  # rows matching the filters, rows in all
PAGE = 1  # the page of steps with officer, organisation and the date each came in


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_queue_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    """To prevent an n+1 issue; the filters (kind, country) offer fixed choices and read nothing."""
    for officer in OfficerFactory.create_batch(rows):
        PlacementFactory(officer=officer)
        CareerMilestoneFactory(officer=officer, source=MilestoneSource.OFFICER)
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + COUNTS + PAGE):
        response = editor_client.get(QUEUE)
    assert response.context["cl"].result_count == rows
