"""Reading an admin page as staff see it: its heading, the buttons above it, and whether it can be saved."""

import re
from html import unescape


def heading(response) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.DOTALL).group(1)).strip()


def object_tools(response) -> list[str]:
    """The buttons above a list or a form (Add, Import, Export, History), as their labels read."""
    tools = re.search(r'<ul class="object-tools">(.*?)</ul>', response.content.decode(), re.DOTALL)
    if tools is None:
        return []
    labels = re.findall(r"<a [^>]*>(.*?)</a>", tools.group(1), re.DOTALL)
    return [" ".join(unescape(label).split()) for label in labels]


def has_save_button(response) -> bool:
    return 'name="_save"' in response.content.decode()


def counted(number: int, opts) -> str:
    """How a list or history page counts its rows: "1 officer", "5 officers"."""
    return f"{number} {opts.verbose_name if number == 1 else opts.verbose_name_plural}"
