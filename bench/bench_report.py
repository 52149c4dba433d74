"""The annual report (Jahresbericht) of the large benchmark region.

    /work/venv/bin/python bench/bench_report.py [--db /tmp/large.regiodesk] [--year 2025] [--runs 3]

Opens the large region (``bench/make_large_region.py``; written into a temporary folder first when
``--db`` is not given) read-only in spirit (nothing is written) and times, per run, from the call to
the finished bytes: the figures alone (``MonitoringService.report``), the same on a Stichtag
(undoing the change log), the PDF and the Excel workbook. Fonts are registered and modules imported
by one warm-up run first, as on a second print in the program.

Target (issue 6): the annual report PDF in under 3 s. Exit code 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TARGET_SECONDS = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["REGIODESK_DATA_DIR"] = folder  # backups go with the folder, not the user's
        path = args.db
        if path is None:
            path = Path(folder) / "large.regiodesk"
            subprocess.run(
                [sys.executable, str(Path(__file__).with_name("make_large_region.py")), str(path)], check=True
            )
        return _measure(path, args.year, args.runs)


def _measure(path: Path, year: int, runs: int) -> int:
    from regiodesk.db.database import Database
    from regiodesk.reports.annual_report import annual_report_pdf, annual_report_xlsx
    from regiodesk.services.monitoring_figures import MonitoringService

    db = Database.open(path, device_id="bench")
    stichtag = date(year, 12, 31)
    cases = {
        "Zahlen (jetzt)": lambda: MonitoringService(db).report(year),
        "Zahlen (Stichtag)": lambda: MonitoringService(db).report(year, stichtag),
        "Jahresbericht PDF": lambda: annual_report_pdf(db, year),
        "PDF zum Stichtag": lambda: annual_report_pdf(db, year, stichtag),
        "Excel-Tabellen": lambda: annual_report_xlsx(db, year),
    }
    try:
        sizes = {}
        for name, fn in cases.items():  # warm-up: fonts registered, modules imported
            result = fn()
            sizes[name] = len(result) if isinstance(result, bytes) else 0
        report = MonitoringService(db).report(year)
        print(
            f"{path.name}: {len(report.projects)} projects in the list, "
            f"{report.activity.meetings} meetings, {len(report.indicators)} indicators, year {year}\n"
        )
        times = {name: [] for name in cases}
        for _ in range(runs):
            for name, fn in cases.items():
                started = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - started)
    finally:
        db.close()
    print(f"{'what':<20} {'median s':>9} {'max s':>7} {'KiB':>6}  target")
    missed = False
    for name, values in times.items():
        median, worst = statistics.median(values), max(values)
        goal = ""
        if name.startswith(("Jahresbericht", "PDF")):
            ok = worst < TARGET_SECONDS
            missed |= not ok
            goal = f"< {TARGET_SECONDS:g} s {'ok' if ok else 'MISSED'}"
        size = f"{sizes[name] // 1024}" if sizes[name] else "–"
        print(f"{name:<20} {median:>9.3f} {worst:>7.3f} {size:>6}  {goal}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
