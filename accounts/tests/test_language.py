"""The language each signed-in person chose: remembered once per login, refused when the portal is
not offered in it, and the portal's default for anyone who never chose."""

import pytest
from django.core.exceptions import ValidationError

from accounts.language import language_of, remember_language, remembered_language
from accounts.models import LanguagePreference
from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_someone_who_never_chose_is_addressed_in_english():
    user = UserFactory()
    assert remembered_language(user) is None
    assert language_of(user) == "en-gb"


def test_a_recipient_without_a_login_is_addressed_in_english_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert language_of(None) == "en-gb"


def test_the_chosen_language_is_read_in_one_query(django_assert_num_queries):
    user = UserFactory()
    remember_language(user=user, language="vi")
    with django_assert_num_queries(1):  # the person's language preference
        assert language_of(user) == "vi"


def test_choosing_again_replaces_the_choice_and_keeps_one_record():
    user = UserFactory()
    remember_language(user=user, language="vi")
    remember_language(user=user, language="km")

    assert language_of(user) == "km"
    assert LanguagePreference.objects.filter(user=user).count() == 1


def test_each_person_keeps_their_own_choice():
    khmer_reader, lao_reader = UserFactory(), UserFactory()
    remember_language(user=khmer_reader, language="km")
    remember_language(user=lao_reader, language="lo")

    assert (language_of(khmer_reader), language_of(lao_reader)) == ("km", "lo")


@pytest.mark.parametrize("code", ["fr", "", "vi-xx", "my-mm", "EN-GB"])
def test_a_language_the_portal_is_not_offered_in_is_refused_and_the_earlier_choice_stays(code):
    user = UserFactory()
    remember_language(user=user, language="vi")

    with pytest.raises(ValidationError) as refused:
        remember_language(user=user, language=code)

    assert refused.value.messages == [f"The portal is not offered in “{code}”."]
    assert language_of(user) == "vi"


def test_a_choice_the_portal_no_longer_offers_falls_back_to_english(settings):
    user = UserFactory()
    remember_language(user=user, language="lo")
    settings.LANGUAGES = [("en-gb", "English"), ("vi", "Vietnamese")]

    assert remembered_language(user) is None
    assert language_of(user) == "en-gb"


def test_the_choice_goes_with_the_login_when_it_is_deleted():
    user = UserFactory()
    remember_language(user=user, language="vi")
    user.delete()
    assert not LanguagePreference.objects.exists()
