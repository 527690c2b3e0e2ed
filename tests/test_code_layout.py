"""The code's layout holds: imports run one way between the apps, and no module or function grows
past what a reader can hold in mind. Migrations and tests are left out: they are not read that way."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Which apps each app may import. `core` imports no domain app; the domain reads downwards only;
# `attachment_portal` (settings and URL wiring) may import anything.
MAY_IMPORT = {
    "core": set(),
    "accounts": {"core"},
    "batches": {"core"},
    "officers": {"core", "batches", "accounts"},
    "public": {"core", "batches", "officers"},
    "reports": {"core", "batches", "officers"},
    "devdata": {"core", "batches", "officers"},
}
APPS = set(MAY_IMPORT) | {"attachment_portal"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def product_modules() -> list[Path]:
    modules = []
    for app in sorted(APPS):
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "tests" not in parts and "migrations" not in parts:
                modules.append(path)
    return modules


def imported_apps(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & APPS


MODULES = product_modules()


def test_the_layout_is_read_from_every_app():
    assert {path.relative_to(ROOT).parts[0] for path in MODULES} == APPS


def test_imports_run_one_way_between_apps():
    wrong = []
    for path in MODULES:
        app = path.relative_to(ROOT).parts[0]
        if app == "attachment_portal":
            continue
        reached = imported_apps(ast.parse(path.read_text())) - {app}
        if not reached <= MAY_IMPORT[app]:
            wrong.append(f"{path.relative_to(ROOT)} imports {sorted(reached - MAY_IMPORT[app])}")
    assert not wrong, "imports against the layout:\n" + "\n".join(wrong)


def test_modules_and_functions_stay_short():
    """A longer module becomes a package of modules with one job each; a longer function, smaller ones."""
    too_long = []
    for path in MODULES:
        text = path.read_text()
        name = path.relative_to(ROOT)
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}: {node.name}() {length} lines")
    assert not too_long, "\n".join(too_long)
