"""How each language of the portal writes dates and numbers (FORMAT_MODULE_PATH), where Django has no
format module for it (Lao, Burmese) or its own does not suit the portal's pages.

Each module sets only what it changes; Django's module for the language, then settings.py, give the rest.
Templates and code name a format ("DATE_FORMAT", "YEAR_MONTH_FORMAT") rather than spelling one out
("j F Y"), so every language writes "29 September 2019" its own way. Month names ("F") are translated by
gettext: Django's catalogues have them for Khmer and Vietnamese, the portal's own (core/framework_messages.py)
for Lao and Burmese.
"""
