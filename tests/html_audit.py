"""What a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`) would block in a page.

A browser refuses inline `<script>` blocks, `on*=` handlers and `javascript:` URLs under the
policy, so a page relying on them breaks; inline `<style>` blocks and `style=` attributes are
dropped, so it looks wrong. Data blocks (`<script type="application/json">`) are not scripts.
"""

from html.parser import HTMLParser

DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.script_problems: list[str] = []
        self.style_problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_BLOCK_TYPES:
            self.script_problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.style_problems.append(f"inline <style> at line {self.getpos()[0]}")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.script_problems.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.script_problems.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")
            if name == "style":
                self.style_problems.append(f"<{tag} style=...> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def audit(html: str) -> tuple[list[str], list[str]]:
    """(what would stop working, what would look wrong) under the policy."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.script_problems, auditor.style_problems
