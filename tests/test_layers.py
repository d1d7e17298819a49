"""The layers hold: no module outside the HTTP layer reaches Flask's request globals (request,
g, current_app, session), nor the helpers over them (exhibitions.web); and the modules of the
application import each other without a cycle. Read from the source with ast, imports inside
functions and under TYPE_CHECKING included (a cycle through those is still a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("exhibitions", "iiif", "search")
REQUEST_GLOBALS = {"request", "g", "current_app", "session"}
# The HTTP layer: blueprints, pages, the app factory, commands, and what they share over the
# request (login sessions, the reader's language, paging arguments, problem answers).
HTTP_LAYER = {
    "exhibitions", "exhibitions.web", "exhibitions.api", "exhibitions.accounts.staff_api",
    "exhibitions.search_api", "exhibitions.curation.exhibitions_api", "exhibitions.iiif_routes",
    "exhibitions.objects.media_routes", "exhibitions.open_data", "exhibitions.problems",
    "exhibitions.accounts.auth", "exhibitions.language", "exhibitions.paging", "exhibitions.ops.cli",
    "exhibitions.ops.demo", "exhibitions.stored_files", "iiif.image.http",
}
# The app factory composes every module (inside create_app): it is the root, not part of a cycle.
COMPOSITION_ROOT = "exhibitions"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts}


def imports(name: str, path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """The application's modules this one imports, and the names it imports from flask."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    modules, from_flask = set(), set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from ..y import z
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base == "flask":
                from_flask.update(alias.name for alias in node.names)
            for alias in node.names:
                modules.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module for module in modules if module in known and module != name}, from_flask


def graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    found = sources()
    edges, flask_names = {}, {}
    for name, path in found.items():
        edges[name], flask_names[name] = imports(name, path, set(found))
    return edges, flask_names


def test_the_http_layer_names_modules_that_exist():
    assert HTTP_LAYER - set(sources()) == set()


def test_only_the_http_layer_reaches_the_request_globals():
    edges, flask_names = graph()
    outside = {name: sorted(flask_names[name] & REQUEST_GLOBALS) + sorted({"exhibitions.web"} & edges[name])
               for name in edges if name not in HTTP_LAYER and not name.startswith("exhibitions.pages")}
    assert {name: reached for name, reached in outside.items() if reached} == {}


def test_the_application_modules_import_each_other_without_a_cycle():
    edges, _ = graph()
    edges = {name: targets - {COMPOSITION_ROOT} for name, targets in edges.items() if name != COMPOSITION_ROOT}
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(edges.get(name, ())):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []
