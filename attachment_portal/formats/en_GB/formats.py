# The programme writes "29 September 2019": Django's British English abbreviates the month ("29 Sep 2019")
# and writes times "2:30 p.m.", where the portal's pages, emails and certificates use the 24-hour clock.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
