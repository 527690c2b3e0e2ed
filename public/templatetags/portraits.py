"""`{% portrait_of officer as portrait %}`: the photo or initials `templates/public/_portrait.html` draws."""

from django import template

from public.portraits import portrait_of

register = template.Library()
register.simple_tag(portrait_of, name="portrait_of")
