"""The nomination services: the state machine, the call's deadline, one nomination per person and
call, the all-or-nothing enrolment that never duplicates an officer, and the decision's email."""

from datetime import timedelta
from itertools import product

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from batches.tests.factories import DivisionFactory
from officers.models import Nomination, NominationState, Officer, Placement, PlacementOutcome
from officers.models.nominations import ALLOWED_MOVES, DECISIONS
from officers.services.nominations import (
    NominationError,
    decide_nomination,
    save_draft,
    shortlist_nominations,
    submit_nomination,
    withdraw_nomination,
)
from officers.services.nominee_enrolment import NomineePlacement, enrol_nominees
from officers.tests.factories import OfficerFactory, UserFactory
from officers.tests.nomination_factories import CallForNominationsFactory, FocalPointFactory, NominationFactory

pytestmark = pytest.mark.django_db

S = NominationState


@pytest.fixture
def staff(db):
    return UserFactory(username="selector@example.org", is_staff=True)


def nomination_in(state: str, **fields) -> Nomination:
    submitted = {} if state == S.DRAFT else {"submitted_at": timezone.now()}
    officer = {"officer": OfficerFactory()} if state == S.ENROLLED else {}
    return NominationFactory(state=state, **submitted, **officer, **fields)


def stored(nomination: Nomination) -> tuple:
    """What a refused change must leave as it was: the state, the version and the history."""
    row = Nomination.objects.get(pk=nomination.pk)
    return row.state, row.version, row.history.count()


def move(nomination: Nomination, state: str, *, by) -> None:
    """Ask the service that makes this move to make it."""
    focal_point = nomination.focal_point
    if state == S.SUBMITTED:
        submit_nomination(nomination=nomination, focal_point=focal_point)
    elif state == S.WITHDRAWN:
        withdraw_nomination(nomination=nomination, focal_point=focal_point)
    elif state in DECISIONS:
        decide_nomination(nomination=nomination, decision=state, reason="Interviewed on 3 May.", by=by)
    elif state == S.ENROLLED:
        enrol_nominees(call=nomination.call, placements=[NomineePlacement(nomination=nomination)], by=by)
    else:
        raise AssertionError(f"no service moves a nomination to {state}")


# Every move a service may be asked to make, and must refuse when it is not allowed. (Shortlisting
# passes over a nomination it cannot shortlist, tested below; nothing moves a nomination back to draft.)
SERVICE_MOVES = [
    (before, after) for before, after in product(S.values, S.values) if after not in (S.DRAFT, S.SHORTLISTED)
]


@pytest.mark.parametrize(("before", "after"), [(b, a) for b, a in SERVICE_MOVES if a in ALLOWED_MOVES[b]])
def test_every_allowed_move_is_made(before, after, staff):
    nomination = nomination_in(before)
    move(nomination, after, by=staff)
    assert Nomination.objects.get(pk=nomination.pk).state == after


@pytest.mark.parametrize(("before", "after"), [(b, a) for b, a in SERVICE_MOVES if a not in ALLOWED_MOVES[b]])
def test_every_other_move_is_refused_and_nothing_is_written(before, after, staff):
    nomination = nomination_in(before)
    as_it_was = stored(nomination)
    with pytest.raises(NominationError):
        move(nomination, after, by=staff)
    assert stored(nomination) == as_it_was
    assert Placement.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("before", S.values)
def test_shortlisting_moves_only_a_submitted_nomination(before, staff):
    nomination = nomination_in(before)
    as_it_was = stored(nomination)
    changed = shortlist_nominations(nominations=[nomination], by=staff)
    if before == S.SUBMITTED:
        assert [n.pk for n in changed] == [nomination.pk]
        assert Nomination.objects.get(pk=nomination.pk).state == S.SHORTLISTED
    else:
        assert changed == []
        assert stored(nomination) == as_it_was


def test_a_decision_keeps_who_when_and_why_in_the_record_and_its_history(staff):
    nomination = nomination_in(S.SHORTLISTED)
    decide_nomination(nomination=nomination, decision=S.RESERVE, reason="  Strong, but a place short. ", by=staff)
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert (nomination.state, nomination.decision_reason, nomination.decided_by) == (
        S.RESERVE,
        "Strong, but a place short.",
        staff,
    )
    assert timezone.now() - nomination.decided_at < timedelta(minutes=1)
    latest = nomination.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Reserve: Strong, but a place short.")


@pytest.mark.parametrize(("decision", "reason"), [(S.ENROLLED, "Because."), (S.SELECTED, "   ")])
def test_a_decision_needs_a_decision_and_a_reason(decision, reason, staff):
    nomination = nomination_in(S.SUBMITTED)
    as_it_was = stored(nomination)
    with pytest.raises(NominationError):
        decide_nomination(nomination=nomination, decision=decision, reason=reason, by=staff)
    assert stored(nomination) == as_it_was


# --- The deadline


@pytest.fixture
def closed_call():
    return CallForNominationsFactory(closes_at=timezone.now() - timedelta(minutes=1))


def new_draft(call, focal_point, **fields) -> Nomination:
    values = {
        "full_name": "Souk Nominee",
        "gender": "female",
        "position": "Second Secretary",
        "email": "souk.nominee@example.org",
        "languages": "Lao, English",
        **fields,
    }
    return Nomination(call=call, organisation=focal_point.organisation, **values)


def test_a_draft_is_saved_while_the_call_is_open():
    focal_point = FocalPointFactory()
    nomination = save_draft(nomination=new_draft(CallForNominationsFactory(), focal_point), focal_point=focal_point)
    saved = Nomination.objects.get(pk=nomination.pk)
    assert (saved.state, saved.country, saved.nominating_organisation) == (S.DRAFT, "LA", focal_point.organisation)
    assert saved.history.get().history_user == focal_point.user


def test_no_draft_is_added_after_the_call_closes(closed_call):
    focal_point = FocalPointFactory()
    with pytest.raises(NominationError, match="The call closed on .*: nominations can no longer be added or changed"):
        save_draft(nomination=new_draft(closed_call, focal_point), focal_point=focal_point)
    assert Nomination.objects.count() == 0


def test_a_draft_is_neither_changed_nor_submitted_after_the_call_closes(closed_call):
    draft = NominationFactory(call=closed_call, position="Attaché")
    as_it_was = stored(draft)
    draft.position = "Counsellor"
    with pytest.raises(NominationError, match="The call closed"):
        save_draft(nomination=draft, focal_point=draft.focal_point)
    with pytest.raises(NominationError, match="The call closed"):
        submit_nomination(nomination=draft, focal_point=draft.focal_point)
    assert stored(draft) == as_it_was
    assert Nomination.objects.get(pk=draft.pk).position == "Attaché"


def test_an_extended_call_takes_submissions_again(closed_call):
    draft = NominationFactory(call=closed_call)
    closed_call.closes_at = timezone.now() + timedelta(days=1)
    closed_call.save()
    submit_nomination(nomination=draft, focal_point=draft.focal_point)
    assert Nomination.objects.get(pk=draft.pk).state == S.SUBMITTED


@pytest.mark.parametrize("before", [S.SUBMITTED, S.SHORTLISTED])
def test_a_nomination_can_be_withdrawn_after_the_deadline_until_the_secretariat_decides(closed_call, before):
    nomination = nomination_in(before, call=closed_call)
    withdraw_nomination(nomination=nomination, focal_point=nomination.focal_point)
    assert Nomination.objects.get(pk=nomination.pk).state == S.WITHDRAWN


def test_a_decided_nomination_is_not_withdrawn_and_the_focal_point_is_told_whom_to_ask(closed_call):
    nomination = nomination_in(S.SELECTED, call=closed_call)
    with pytest.raises(NominationError, match="write to it to withdraw the nominee"):
        withdraw_nomination(nomination=nomination, focal_point=nomination.focal_point)
    assert Nomination.objects.get(pk=nomination.pk).state == S.SELECTED


# --- One nomination per person and call


@pytest.mark.parametrize(
    "same_person",
    [
        {"email": "SOUK.Nominee@Example.ORG", "full_name": "Another Name"},
        {"email": "someone.else@example.org", "full_name": "souk nominee"},
    ],
    ids=["same email in another case", "same name and country"],
)
def test_a_person_nominated_to_a_call_is_not_nominated_again(same_person):
    first = nomination_in(S.SUBMITTED, full_name="Souk Nominee", email="souk.nominee@example.org")
    focal_point = FocalPointFactory(organisation=first.focal_point.organisation)
    with pytest.raises(ValidationError) as refused:
        save_draft(nomination=new_draft(first.call, focal_point, **same_person), focal_point=focal_point)
    assert "is already nominated to this call: open that nomination instead" in str(refused.value)
    assert Nomination.objects.count() == 1


def test_a_withdrawn_nomination_or_another_call_does_not_stop_a_nomination():
    withdrawn = nomination_in(S.WITHDRAWN, full_name="Souk Nominee", email="souk.nominee@example.org")
    focal_point = withdrawn.focal_point
    save_draft(nomination=new_draft(withdrawn.call, focal_point), focal_point=focal_point)
    save_draft(nomination=new_draft(CallForNominationsFactory(), focal_point), focal_point=focal_point)
    assert Nomination.objects.filter(email="souk.nominee@example.org").count() == 3


# --- Enrolment


def selected(**fields) -> Nomination:
    return nomination_in(S.SELECTED, **fields)


def test_enrolment_makes_each_nominee_an_officer_placed_in_the_calls_batch(staff):
    division = DivisionFactory(name="ASEAN Cooperation Division")
    nomination = selected(full_name="Souk Nominee", email="Souk.Nominee@example.org", honorific="Ms.")
    placements = enrol_nominees(
        call=nomination.call,
        placements=[NomineePlacement(nomination=nomination, division=division, supervisor_name="Dr. Supervisor")],
        by=staff,
    )
    placement = Placement.objects.select_related("officer").get()
    assert placements == [placement]
    assert (placement.batch, placement.division, placement.supervisor_name, placement.outcome) == (
        nomination.call.batch,
        division,
        "Dr. Supervisor",
        PlacementOutcome.ACTIVE,
    )
    officer = placement.officer
    assert (officer.full_name, officer.country, officer.email, officer.honorific) == (
        "Souk Nominee",
        "LA",
        "souk.nominee@example.org",
        "Ms.",
    )
    assert (officer.home_organisation, officer.position_at_nomination) == (nomination.organisation, "Third Secretary")
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert (nomination.state, nomination.officer) == (S.ENROLLED, officer)
    assert placement.history.get().history_user == staff


def test_enrolment_is_all_or_nothing(staff):
    call = CallForNominationsFactory()
    first = selected(call=call, full_name="First Nominee")
    second = selected(call=call, full_name="Second Nominee", email="second@example.org")
    # The second matches two officer records, which staff must merge before enrolling them.
    OfficerFactory(full_name="Someone Else", email="second@example.org")
    OfficerFactory(full_name="Second Nominee", country="LA")
    officers_before = Officer.objects.count()
    as_they_were = [stored(first), stored(second)]
    with pytest.raises(NominationError, match="Second Nominee matches two officer records"):
        enrol_nominees(
            call=call,
            placements=[NomineePlacement(nomination=first), NomineePlacement(nomination=second)],
            by=staff,
        )
    assert Officer.objects.count() == officers_before
    assert not Officer.objects.filter(full_name="First Nominee").exists()
    assert Placement.objects.count() == 0
    assert [stored(first), stored(second)] == as_they_were


@pytest.mark.parametrize(
    "match",
    [
        {"full_name": "Somebody Recorded", "email": "souk.nominee@example.org"},
        {"full_name": "SOUK NOMINEE", "email": ""},
    ],
    ids=["same email", "same name and country"],
)
def test_a_nominee_nominated_before_keeps_their_officer_record(staff, match):
    known = OfficerFactory(country="LA", honorific="Dr.", **match)
    nomination = selected(full_name="Souk Nominee", email="Souk.Nominee@Example.org", honorific="Ms.")
    enrol_nominees(call=nomination.call, placements=[NomineePlacement(nomination=nomination)], by=staff)
    assert Officer.objects.count() == 1
    officer = Officer.objects.get()
    assert officer.pk == known.pk
    assert Placement.objects.get().officer == officer
    # Where they work now comes from the nomination; nothing else the record says is overwritten.
    assert (officer.home_organisation, officer.position_at_nomination) == (nomination.organisation, "Third Secretary")
    assert (officer.full_name, officer.honorific) == (known.full_name, "Dr.")
    assert officer.email == (match["email"] or "souk.nominee@example.org")


def test_the_same_name_in_another_country_is_another_person(staff):
    OfficerFactory(full_name="Souk Nominee", country="VN")
    nomination = selected(full_name="Souk Nominee")
    enrol_nominees(call=nomination.call, placements=[NomineePlacement(nomination=nomination)], by=staff)
    assert sorted(Officer.objects.values_list("country", flat=True)) == ["LA", "VN"]


def test_a_nominee_of_another_call_is_not_enrolled_in_this_one(staff):
    nomination = selected()
    with pytest.raises(NominationError, match="was nominated to another call"):
        enrol_nominees(
            call=CallForNominationsFactory(), placements=[NomineePlacement(nomination=nomination)], by=staff
        )
    assert stored(nomination)[0] == S.SELECTED


# --- The decision's email


def test_the_decision_email_leaves_only_after_the_decision_is_committed(staff, django_capture_on_commit_callbacks):
    nomination = nomination_in(S.SHORTLISTED, full_name="Souk Nominee")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide_nomination(nomination=nomination, decision=S.SELECTED, reason="Top of the interviews.", by=staff)
        assert mail.outbox == []
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    (sent,) = mail.outbox
    assert sent.to == [nomination.focal_point.email]
    assert sent.subject == "Nomination of Souk Nominee: Selected"
    assert "decided on your nomination of Souk Nominee" in sent.body
    assert "Top of the interviews." not in sent.body
    assert "/nominate/" in sent.body


def test_a_refused_decision_sends_no_email(staff, django_capture_on_commit_callbacks):
    nomination = nomination_in(S.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(NominationError):
            decide_nomination(nomination=nomination, decision=S.SELECTED, reason="Too late.", by=staff)
    assert callbacks == []
    assert mail.outbox == []


def test_a_replaced_focal_point_cannot_sign_in_with_the_previous_persons_password():
    from officers.services.focal_points import invite_focal_point

    focal_point = FocalPointFactory()
    focal_point.user.email = focal_point.email
    focal_point.user.set_password("the previous person's password")
    focal_point.user.save()
    # The ministry names someone else: the record's email changes, and the new person is invited.
    focal_point.email = "successor@example.org"
    focal_point.save()

    login = invite_focal_point(focal_point=focal_point, by=UserFactory(is_staff=True), base_url="http://testserver")

    assert login.pk == focal_point.user_id and login.username == "successor@example.org"
    login.refresh_from_db()
    assert not login.check_password("the previous person's password")
