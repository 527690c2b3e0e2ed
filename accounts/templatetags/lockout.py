from datetime import timedelta
from math import ceil

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: timedelta) -> int:
    """A cool-off as the minutes to tell someone to wait, rounded up so they never come back too early."""
    return max(1, ceil(value.total_seconds() / 60))
