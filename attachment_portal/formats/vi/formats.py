# Vietnamese: the month by its number, "29 tháng 9 năm 2019". Django's module begins its date with a
# capital "Ngày" and a padded day ("Ngày 01 tháng 9 năm 2019"), which reads wrongly inside a sentence
# ("đăng ngày Ngày 01 ..."), and its month names ("Tháng 9") are capitalised too. Numbers: 1.234,5.
DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"j \t\há\n\g n \nă\m Y, H:i"
YEAR_MONTH_FORMAT = r"\t\há\n\g n \nă\m Y"
MONTH_DAY_FORMAT = r"j \t\há\n\g n"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
NUMBER_GROUPING = 3
