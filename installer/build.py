"""Build the regiodesk bundle for this platform, then smoke-test the frozen program.

    python installer/build.py            build (PyInstaller, one folder) and smoke-test
    python installer/build.py --smoke    only smoke-test an existing bundle
    python installer/build.py --setup    on Windows also make the Inno Setup installer (needs iscc)

The bundle lands in installer/dist/regiodesk/. The smoke test runs the frozen program as a
user would, in a temporary data folder: --version, demo into a new file, check, one PDF
(the invitation of a meeting), one Excel export (a member list), and the window starting
offscreen and closing by itself. It prints the bundle size and the cold start times.
Exit code 0 when everything passed; 3 when PyInstaller is missing (nothing was built).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = HERE / "dist"
WORK = HERE / "build"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from regiodesk import __version__

    return __version__


def write_windows_version_info(number: str) -> None:
    """The version shown in the file properties of regiodesk.exe."""
    parts = [int(p) for p in number.split(".")[:3]] + [0]
    while len(parts) < 4:
        parts.insert(-1, 0)
    numbers = ", ".join(str(p) for p in parts)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "version-info.txt").write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers})),
  kids=[StringFileInfo([StringTable('040704b0', [
    StringStruct('FileDescription', 'regiodesk'),
    StringStruct('ProductName', 'regiodesk'),
    StringStruct('FileVersion', '{number}'),
    StringStruct('ProductVersion', '{number}')])]),
    VarFileInfo([VarStruct('Translation', [1031, 1200])])]
)
""",
        encoding="utf-8",
    )


def build() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller ist nicht installiert: pip install pyinstaller – es wurde nichts gebaut.")
        sys.exit(3)
    if sys.platform == "win32":
        write_windows_version_info(version())
    shutil.rmtree(DIST / "regiodesk", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(HERE / "regiodesk.spec")],
        check=True,
    )  # fmt: skip


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


class Smoke:
    def __init__(self, exe: Path, data: Path):
        self.exe = exe
        self.env = {**os.environ, "REGIODESK_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
        self.failures: list[str] = []
        self.rows: list[tuple[str, str]] = []

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.exe), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def expect(self, what: str, ok: bool, detail: str = "") -> bool:
        self.rows.append((what, "ok" if ok else f"FEHLER {detail}".strip()))
        if not ok:
            self.failures.append(what)
        return ok


def smoke_test(bundle: Path) -> int:
    exe = bundle / f"regiodesk{EXE_SUFFIX}"
    if sys.platform == "win32":
        exe = bundle / "regiodesk-cli.exe"
    if not exe.exists():
        print(f"Kein gebautes Programm in {bundle}")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        smoke = Smoke(exe, tmp / "data")
        db = tmp / "demo.regiodesk"

        started = time.perf_counter()
        result = smoke.run("--version")
        cold_version = time.perf_counter() - started
        smoke.expect("--version", result.returncode == 0 and version() in result.stdout, result.stdout)

        result = smoke.run("--db", str(db), "demo")
        smoke.expect("demo in eine neue Datei", result.returncode == 0 and db.exists(), result.stderr[-300:])
        result = smoke.run("--db", str(db), "check")
        smoke.expect("check", result.returncode == 0, result.stdout[-300:] + result.stderr[-300:])

        result = smoke.run("--db", str(db), "list", "projects")
        german = re.search(r"\d{1,3}(\.\d{3})*,\d{2} €", result.stdout)  # German money format
        smoke.expect(
            "deutsche Zahlenformate", result.returncode == 0 and german is not None, result.stderr[-300:]
        )

        result = smoke.run("--db", str(db), "list", "meetings", "--json")
        meetings = json.loads(result.stdout) if result.returncode == 0 else []
        pdf = tmp / "einladung.pdf"
        if smoke.expect("list meetings --json", bool(meetings), result.stderr[-300:]):
            result = smoke.run("--db", str(db), "print", "invitation", meetings[0]["id"], "--out", str(pdf))
            smoke.expect(
                "PDF (Einladung)",
                result.returncode == 0 and pdf.exists() and pdf.read_bytes().startswith(b"%PDF"),
                result.stderr[-300:],
            )
            # python-docx reads its part templates from disk: they must be in the bundle
            docx = tmp / "protokoll.docx"
            result = smoke.run("--db", str(db), "print", "minutes", meetings[0]["id"], "--out", str(docx))
            readable = docx.exists() and "word/document.xml" in zipfile.ZipFile(docx).namelist()
            smoke.expect("Word (Protokoll)", result.returncode == 0 and readable, result.stderr[-300:])

        # The annual report hyphenates with pyphen's dictionaries and ends periods on the Land's
        # holidays (the holidays package imports its countries by name).
        report = tmp / "jahresbericht.pdf"
        result = smoke.run(
            "--db", str(db), "print", "report", str(time.localtime().tm_year), "--out", str(report)
        )
        smoke.expect(
            "PDF (Jahresbericht)",
            result.returncode == 0 and report.exists() and report.read_bytes().startswith(b"%PDF"),
            result.stderr[-300:],
        )

        result = smoke.run("--db", str(db), "list", "bodies", "--json")
        bodies = json.loads(result.stdout) if result.returncode == 0 else []
        xlsx = tmp / "mitglieder.xlsx"
        if smoke.expect("list bodies --json", bool(bodies), result.stderr[-300:]):
            result = smoke.run("--db", str(db), "export", "members", bodies[0]["id"], "--out", str(xlsx))
            readable = (
                xlsx.exists()
                and zipfile.is_zipfile(xlsx)
                and "xl/workbook.xml" in zipfile.ZipFile(xlsx).namelist()
            )
            smoke.expect("Excel (Mitgliederliste)", result.returncode == 0 and readable, result.stderr[-300:])

        # Reading a list uses python-calamine (a compiled module): it must be in the bundle.
        from openpyxl import Workbook

        book = Workbook()
        # phone numbers and e-mail addresses go through phonenumbers and email-validator
        book.active.append(["Name", "E-Mail", "Telefon"])
        book.active.append(["Erika Musterfrau", "erika@bäckerei-müller.de", "(0 95 61) 12 34 5"])
        contacts = tmp / "kontakte.xlsx"
        book.save(contacts)
        result = smoke.run("--db", str(db), "import", "contacts", str(contacts))
        smoke.expect(
            "Excel-Liste einlesen (Kontakte)",
            result.returncode == 0 and "1 neu" in result.stdout,
            (result.stdout + result.stderr)[-300:],
        )

        started = time.perf_counter()
        result = smoke.run("--db", str(db), "--quit-after-start", timeout=180)
        cold_window = time.perf_counter() - started - 0.5  # the window stays 0.5 s before it closes
        smoke.expect("Fenster startet und schließt", result.returncode == 0, result.stderr[-500:])

    size = folder_size(bundle)
    print(f"\nregiodesk {version()} – Paket {bundle}")
    print(f"{'Prüfung':<32} Ergebnis")
    for what, outcome in smoke.rows:
        print(f"{what:<32} {outcome}")
    print(f"\n{'Paketgröße':<32} {size / 1e6:.0f} MB")
    print(f"{'Kaltstart --version':<32} {cold_version:.2f} s")
    print(f"{'Kaltstart Fenster (bis Liste)':<32} {cold_window:.2f} s")
    return 1 if smoke.failures else 0


def make_setup() -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print("Inno Setup (iscc) nicht gefunden – kein Installationsprogramm gebaut.")
        sys.exit(1)
    script = HERE / "windows" / "regiodesk.iss"
    subprocess.run(
        [iscc, f"/DAppVersion={version()}", f"/DBundle={DIST / 'regiodesk'}", str(script)], check=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="nur das vorhandene Paket prüfen")
    parser.add_argument("--setup", action="store_true", help="Windows: auch das Installationsprogramm bauen")
    args = parser.parse_args(argv)
    if not args.smoke:
        build()
    status = smoke_test(DIST / "regiodesk")
    if status == 0 and args.setup and sys.platform == "win32":
        make_setup()
    return status


if __name__ == "__main__":
    sys.exit(main())
