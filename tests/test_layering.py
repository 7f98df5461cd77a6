"""The package's layers, read from the source with `ast`: every import points down, none by string.

    cli | web | brief  ->  views  ->  analyses  ->  store | sources  ->  model (config, errors, data)

The picture in docs/architecture.md is this table. Imports inside functions count like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import maxpressure

PACKAGE = Path(maxpressure.__file__).parent

# Each top-level part of the package and its layer: a module may import its own layer and below.
LAYERS = {
    "cli": 4, "web": 4, "brief": 4, "__main__": 4,
    "views": 3,
    "screening": 2, "reconcile": 2, "network": 2, "maritime": 2, "pressure": 2, "designations": 2,
    "prepare": 2, "loading": 2,
    "store": 1, "sources": 1,
    "model": 0, "config": 0, "errors": 0, "data": 0, "code_version": 0, "__init__": 0,
}
# Surfaces are side by side: the command line starts the others (`serve`, `brief`); the web and the
# brief share only the views, and nothing but `python -m maxpressure` reaches into the CLI.
SURFACE_IMPORTS_ALLOWED = {("cli", "web"), ("cli", "brief"), ("__main__", "cli")}
FRAMEWORKS = {"fastapi", "starlette", "uvicorn", "jinja2", "markupsafe", "typer", "click", "rich"}


def _package_files() -> list[tuple[str, Path, str]]:
    """(part, path inside the package, source) of every module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        found.append((relative.with_suffix("").parts[0], relative, path.read_text(encoding="utf-8")))
    return found


def _imports(relative: Path, source: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    package = ["maxpressure", *relative.parent.parts]
    names = []
    for node in ast.walk(ast.parse(source, filename=str(relative))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append((node.lineno, module))
            # `from maxpressure import web` imports the part `web`, not only the package.
            if module == "maxpressure":
                names += [(node.lineno, f"maxpressure.{alias.name}") for alias in node.names]
    return names


def _part_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "maxpressure":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _offences(files: list[tuple[str, Path, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"upward": [], "across": [], "framework": [], "by string": []}
    for part, relative, source in files:
        for line, module in _imports(relative, source):
            target = _part_of(module)
            where = f"{relative}:{line} ({part}) imports {module}"
            if target is None:
                if LAYERS[part] < 4 and module.split(".")[0] in FRAMEWORKS:
                    found["framework"].append(where)
            elif target != part and target in LAYERS:
                if LAYERS[target] > LAYERS[part]:
                    found["upward"].append(where)
                elif LAYERS[target] == LAYERS[part] == 4 and (part, target) not in SURFACE_IMPORTS_ALLOWED:
                    found["across"].append(where)
        found["by string"] += _string_imports(relative, source)
    return found


def _string_imports(relative: Path, source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"import_module", "__import__"}:
                found.append(f"{relative}:{node.lineno} calls {name}")
        elif isinstance(node, ast.ImportFrom) and node.module == "importlib" and any(
                alias.name == "import_module" for alias in node.names):
            found.append(f"{relative}:{node.lineno} imports import_module")
    return found


@pytest.fixture(scope="module")
def offences() -> dict[str, list[str]]:
    return _offences(_package_files())


def test_every_part_of_the_package_has_a_layer():
    assert {part for part, _, _ in _package_files()} <= set(LAYERS)


def test_no_module_imports_a_layer_above_its_own(offences):
    assert offences["upward"] == []


def test_the_web_and_the_brief_share_only_the_views(offences):
    assert offences["across"] == []


def test_views_and_analyses_use_no_web_framework_template_engine_or_cli_toolkit(offences):
    assert offences["framework"] == []


def test_nothing_is_imported_by_string(offences):
    assert offences["by string"] == []


@pytest.mark.parametrize("part, source, kind", [
    ("views", "from maxpressure.web import api\n", "upward"),
    ("views", "def f():\n    from maxpressure.cli import main\n", "upward"),
    ("views", "from ..web.render import page\n", "upward"),
    ("views", "from maxpressure import brief\n", "upward"),
    ("store", "from maxpressure.screening import Query\n", "upward"),
    ("views", "import fastapi\n", "framework"),
    ("network", "from jinja2 import Environment\n", "framework"),
    ("web", "from maxpressure.brief import svg\n", "across"),
    ("brief", "from maxpressure.web.render import page\n", "across"),
    ("web", "import importlib\nimportlib.import_module('maxpressure.web.match')\n", "by string"),
    ("views", "from importlib import import_module\n", "by string"),
    ("views", "__import__('maxpressure.network')\n", "by string"),
])
def test_each_check_reports_the_import_it_forbids(part, source, kind):
    probe = Path(part, "_probe.py")
    assert _offences([(part, probe, source)])[kind]


@pytest.mark.parametrize("part, source", [
    ("views", "from maxpressure.network.rank import METHOD\n"),
    ("views", "from . import svg\n"),
    ("cli", "from maxpressure.web.mount import workbench_app\n"),
    ("web", "from maxpressure.views.gaps import gaps\n"),
])
def test_imports_that_point_down_or_start_a_surface_are_allowed(part, source):
    assert not any(_offences([(part, Path(part, "_probe.py"), source)]).values())
