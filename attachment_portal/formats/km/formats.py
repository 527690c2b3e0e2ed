# Khmer: Django's module writes the date "29 ខែ កញ្ញា ឆ្នាំ 2019" (day, ខែ "month", the month's name, ឆ្នាំ
# "year") and the numbers 1.234,5. It has no month-and-year form, which would fall back to English's
# "F Y", and no grouping of thousands.
YEAR_MONTH_FORMAT = "ខែ F ឆ្នាំ Y"
NUMBER_GROUPING = 3
