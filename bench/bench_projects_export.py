"""Exporting 1,500 projects for the Bewilligungsstelle against plain openpyxl in write-only mode.

    /work/venv/bin/python bench/bench_projects_export.py [--runs 7]

A region with 1,500 projects (the demo generator at a larger scale, with scores, payments and
status histories) is written into a temporary file first (not measured). Then, each ``--runs``
times:

* ``plain openpyxl``: the same 1,500 rows, already read and converted (euros, fractions, dates),
  appended as bare values to a write-only workbook and saved: the floor any xlsx export pays;
* ``openpyxl with formats per cell``: the same, with a number format set on every money, percent
  and date cell as openpyxl's documentation shows it (for comparison; not part of the target);
* ``regiodesk``: ``projects_xlsx(db)`` from the call to the finished bytes: reading the projects,
  decisions, points and payments from the database, formats, widths, header, autofilter, totals;
* the two parts of it: reading (``project_rows``) and writing (``write_workbook``).

Target (issue 4): regiodesk ≤ 1.5 × plain openpyxl and < 3 s. Exit code 1 when missed.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TARGET_RATIO = 1.5
TARGET_SECONDS = 3.0


def build(path: Path) -> None:
    from make_large_region import make_large_region

    from regiodesk.services.demo import Scale

    scale = Scale(contacts=1_500, projects=1_500, bodies=3, meetings=60, items_per_meeting=(4, 30))
    seconds = make_large_region(path, scale=scale, today=date(2026, 11, 22))
    print(f"region with {scale.projects} projects built in {seconds:.1f} s (not measured)\n")


def plain_openpyxl(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Projekte")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def formatted_openpyxl(rows: list[list], columns) -> bytes:
    """The same rows written by hand the way openpyxl's documentation shows it: a cell with a
    number format for every money, percent and date value (for comparison only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from regiodesk.reports.sheets import _format

    formats = [_format(c.kind) for c in columns]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Projekte")
    sheet.append([c.header for c in columns])
    for row in rows:
        cells = []
        for value, number_format in zip(row, formats, strict=True):
            if number_format and value is not None and not isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(functions: dict, runs: int) -> dict[str, tuple[float, float, object]]:
    """Median, slowest and last result of each function; the runs are interleaved, so that a
    busy moment of the machine hits every line alike instead of one of them."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, object] = {}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - started)
    return {name: (statistics.median(t), max(t), results[name]) for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    from regiodesk.db.database import Database
    from regiodesk.reports.excel import Sheet, cell_value, write_workbook
    from regiodesk.reports.project_docs import PROJECT_COLUMNS, project_rows, projects_xlsx

    with tempfile.TemporaryDirectory() as folder:
        os.environ["REGIODESK_DATA_DIR"] = folder  # backups go with the folder
        path = Path(folder) / "bench.regiodesk"
        build(path)
        db = Database.open(path, device_id="bench")
        try:
            rows = project_rows(db)
            converted = [
                [cell_value(c.kind, v) for c, v in zip(PROJECT_COLUMNS, r, strict=True)] for r in rows
            ]
            header = [c.header for c in PROJECT_COLUMNS]
            projects_xlsx(db)  # modules imported, caches warm: as on a second export
            measured = timed(
                {
                    "plain": lambda: plain_openpyxl([header, *converted]),
                    "formatted": lambda: formatted_openpyxl(converted, PROJECT_COLUMNS),
                    "ours": lambda: projects_xlsx(db),
                    "reading": lambda: project_rows(db),
                    "writing": lambda: write_workbook([Sheet("Projekte", PROJECT_COLUMNS, rows)]),
                },
                args.runs,
            )
            plain, ours, reading, writing = (measured[k] for k in ("plain", "ours", "reading", "writing"))
        finally:
            db.close()

    ratio = ours[0] / plain[0]
    ok = ratio <= TARGET_RATIO and ours[1] < TARGET_SECONDS
    print(f"{len(rows)} projects × {len(PROJECT_COLUMNS)} columns, median and slowest of {args.runs} runs\n")
    print(f"{'export':<34} {'median s':>9} {'max s':>7} {'KiB':>6}")
    for name, (median, worst, data) in (
        ("plain openpyxl (write-only)", plain),
        ("openpyxl with formats per cell", measured["formatted"]),
        ("regiodesk projects_xlsx", ours),
        ("  of which: reading project_rows", reading),
        ("  of which: writing write_workbook", writing),
    ):
        size = f"{len(data) // 1024:>6}" if isinstance(data, bytes) else f"{'':>6}"
        print(f"{name:<34} {median:>9.3f} {worst:>7.3f} {size}")
    verdict = "ok" if ok else "MISSED"
    print(
        f"\nratio regiodesk / plain: {ratio:.2f} (target ≤ {TARGET_RATIO}); "
        f"slowest {ours[1]:.2f} s (target < {TARGET_SECONDS:.0f} s): {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
