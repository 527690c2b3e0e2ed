"""`{% select_options widget.optgroups %}`: a select's options, written here rather than by template
nodes per option (templates/django/forms/widgets/select.html).

The lists' batch filters offer every batch number (117 after fifty years, 200 at the benchmark's
size) and the admin's filters and choosers hundreds of records: at ten template nodes an option,
the options were most of a list page's rendering. Options drawn by a template of their own (none of
the portal's today, but a widget may name one) still go through it.
"""

from django import template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PLAIN_OPTION = "django/forms/widgets/select_option.html"


@register.simple_tag
def select_options(optgroups) -> SafeString:
    """The `<option>`s (in their `<optgroup>`s) of `Select.optgroups()`, as Django's own templates
    write them."""
    markup: list[str] = []
    for group_name, options, _index in optgroups:
        if group_name:
            markup.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] == PLAIN_OPTION:
                markup.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        str(option["value"]),
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            else:
                markup.append(render_to_string(option["template_name"], {"widget": option}))
        if group_name:
            markup.append("</optgroup>")
    return mark_safe("\n  ".join(markup))  # every part is escaped by format_html or its template
