"""A command imports only what it needs (issue 23): `--version` answers without loading the
database layer, and a command's module is loaded only when that command runs."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND_MODULES = {f"regiodesk.cli.{name}" for name in ("custody", "documents", "imports", "lists")}
HEAVY = ("sqlalchemy", "reportlab", "openpyxl", "PySide6")


def _modules_after(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after ``main(argv)``."""
    script = (
        "import json, sys\n"
        "from regiodesk.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_version_loads_neither_the_database_layer_nor_a_command():
    loaded = _modules_after(["--version"])
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []
    assert sorted(m for m in loaded if m in COMMAND_MODULES) == []


def test_a_command_loads_its_own_module_only(tmp_path):
    loaded = _modules_after(["--db", str(tmp_path / "fehlt.db"), "check"])
    assert sorted(m for m in loaded if m in COMMAND_MODULES) == ["regiodesk.cli.custody"]


def test_commands_are_found_by_plain_imports():
    """No importlib in cli/: every command and renderer is an import statement a reader (and the
    cycle check of test_layers) can see."""
    found = []
    for path in sorted((ROOT / "regiodesk" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [f"{path.name}:{node.lineno}" for name in names if name.startswith("importlib")]
    assert found == []


def test_a_sync_with_nothing_new_loads_no_database_layer(tmp_path):
    """A scheduled sync that finds nothing on either side answers with sqlite3 (sync.idle)."""
    folder = tmp_path / "geteilt"
    folder.mkdir()
    path = tmp_path / "anna.regiodesk"
    argv = ["--db", str(path), "sync", "--folder", str(folder)]
    _modules_after(["--db", str(path), "new", "--region", "Anna"])
    _modules_after(argv)  # the first sync, and the second reads its journal back
    assert "sqlalchemy" in _modules_after(argv)
    loaded = _modules_after(argv)
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []


def _modules_of(module: str, whole: bool = False) -> set[str]:
    """The top-level packages (``whole``: every module) a fresh interpreter holds after the import."""
    script = f"import json, sys\nimport {module}\nsys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    names = json.loads(done.stderr.splitlines()[-1])
    return set(names) if whole else {m.split(".")[0] for m in names}


def test_pdf_documents_load_no_excel_writer():
    """A PDF command does not pay for openpyxl although its module also offers a workbook."""
    from regiodesk.cli.choices import PRINTS

    modules = sorted({loader().__name__ for loader, _function, _model in PRINTS.values()})
    for module in modules:
        assert "openpyxl" not in _modules_of(module), module


def test_the_contact_list_loads_no_pdf_library():
    assert {"reportlab", "openpyxl"} & _modules_of("regiodesk.reports.contacts_export") == set()


def test_workbook_exports_load_no_pdf_layout():
    """An Excel command does not pay for reportlab's document layer (platypus) although its
    module also makes PDFs (the Projektsteckbrief, the Mitgliederliste, the Vertrag)."""
    from regiodesk.cli.choices import EXPORTS

    modules = {loader().__name__ for loader, function, _model in EXPORTS.values() if "xlsx" in function}
    modules.add("regiodesk.reports.regional_budget_docs")  # export regionalbudget
    for module in sorted(modules):
        assert "reportlab.platypus" not in _modules_of(module, whole=True), module


def test_exports_load_no_holiday_calendars():
    """The region's name (in every export's page head) does not load the ``holidays`` package,
    whose calendars take longer to import than most commands run; a deadline loads it when asked."""
    for module in ("regiodesk.reports.contacts_export", "regiodesk.reports.project_docs"):
        assert "holidays" not in _modules_of(module), module
