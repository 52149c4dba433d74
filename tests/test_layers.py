"""The core runs headless: only regiodesk/ui and regiodesk/app.py may import Qt,
and domain/ holds pure rules (standard library only)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "regiodesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), path


def test_only_ui_and_app_import_qt():
    offenders = [
        rel
        for rel, path in _modules()
        if not (rel.startswith("regiodesk/ui/") or rel == "regiodesk/app.py")
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path))
    ]
    assert offenders == []


def test_domain_uses_the_standard_library_only():
    allowed = set(sys.stdlib_module_names) | {"regiodesk"}
    offenders = {
        rel: sorted(name for name in _imports(path) if name.split(".")[0] not in allowed)
        for rel, path in _modules()
        if rel.startswith("regiodesk/domain/")
    }
    assert {rel: names for rel, names in offenders.items() if names} == {}


def test_domain_does_not_reach_into_outer_layers():
    outer = ("regiodesk.db", "regiodesk.services", "regiodesk.ui", "regiodesk.reports", "regiodesk.sync")
    offenders = [
        rel
        for rel, path in _modules()
        if rel.startswith("regiodesk/domain/") and any(n.startswith(outer) for n in _imports(path))
    ]
    assert offenders == []


def test_the_program_imports_only_its_declared_dependencies():
    """pyproject.toml's dependencies, not the test extra: an installed program has nothing else."""
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    import_names = {
        "pyside6-essentials": "PySide6",
        "python-calamine": "python_calamine",
        "python-docx": "docx",
    }
    names = [re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]]
    declared = {import_names.get(name, name).lower() for name in names} | {"shiboken6", "regiodesk"}
    allowed = set(sys.stdlib_module_names) | declared
    offenders = {
        rel: sorted(name for name in _imports(path) if name.split(".")[0].lower() not in allowed)
        for rel, path in _modules()
    }
    assert {rel: names for rel, names in offenders.items() if names} == {}


def test_the_check_catches_a_qt_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(sample)
