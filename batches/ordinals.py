"""English ordinals as the programme writes its batches: 1st, 2nd, 3rd, 11th, 12th, 13th, 21st."""


def ordinal(number: int) -> str:
    if 11 <= number % 100 <= 13:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
