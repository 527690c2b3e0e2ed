# Burmese, which Django has no module for: the year first, "2019 ခုနှစ်၊ စက်တင်ဘာလ 29 ရက်" (ခုနှစ် "year",
# the month's name with လ "month", ရက် "day", the clauses parted by ၊), 24-hour times, and the
# numbers 1,234.5.
DATE_FORMAT = "Y ခုနှစ်၊ Fလ j ရက်"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y ခုနှစ်၊ Fလ j ရက်၊ H:i"
YEAR_MONTH_FORMAT = "Y ခုနှစ်၊ Fလ"
MONTH_DAY_FORMAT = "Fလ j ရက်"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
