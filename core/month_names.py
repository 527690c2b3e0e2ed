"""The months' names, marked so that `make messages` puts them in the portal's own catalogues.

A date format's "F" (attachment_portal/formats/) writes the month's name by looking its English name up in
the translation catalogues, as Django's date filter does. Django's own catalogues give the names in Khmer
and Vietnamese, but it has no Lao catalogue, and its Burmese one leaves the months untranslated: without
these entries a Lao or Burmese date would read "29 September 2019". The portal's catalogues are consulted
before Django's, so where a translator fills one of these, theirs is the name used.
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = (
    # Translators: a month's name as a date writes it ("29 September 2019"); the same entries as Django's
    # own, which the portal's catalogue overrides.
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
