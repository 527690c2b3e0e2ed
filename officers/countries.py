"""Countries as the programme names them, keyed by ISO 3166-1 alpha-2 codes (used in URLs too)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    """The four CLMV countries whose officers the programme attaches."""

    CAMBODIA = "KH", _("Cambodia")
    LAO_PDR = "LA", _("Lao PDR")
    MYANMAR = "MM", _("Myanmar")
    VIET_NAM = "VN", _("Viet Nam")


class OrganisationCountry(models.TextChoices):
    """Where a home ministry or a career destination belongs: ASEAN Member States and partners."""

    BRUNEI = "BN", _("Brunei Darussalam")
    CAMBODIA = "KH", _("Cambodia")
    INDONESIA = "ID", _("Indonesia")
    LAO_PDR = "LA", _("Lao PDR")
    MALAYSIA = "MY", _("Malaysia")
    MYANMAR = "MM", _("Myanmar")
    PHILIPPINES = "PH", _("Philippines")
    SINGAPORE = "SG", _("Singapore")
    THAILAND = "TH", _("Thailand")
    TIMOR_LESTE = "TL", _("Timor-Leste")
    VIET_NAM = "VN", _("Viet Nam")
    JAPAN = "JP", _("Japan")
