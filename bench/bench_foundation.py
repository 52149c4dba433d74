"""Start-up, filter and memory of the real window on a large region, against a bare Qt baseline.

    /work/venv/bin/python bench/bench_foundation.py [--db LARGE.regiodesk] [--runs 3]

Without ``--db`` the large region (bench/make_large_region.py) is written into a temporary
folder first. Every measurement runs in a fresh subprocess with ``QT_QPA_PLATFORM=offscreen``
and its own ``REGIODESK_DATA_DIR``, after one unmeasured run that writes the bytecode (as an
installed program has it) and brings the file into the page cache; the table shows the median
of ``--runs`` runs.

(a) baseline   Python + PySide6, a QMainWindow with a QLabel, the file opened with sqlite3 and
               every table counted, the window shown; wall time from process start to the first
               event-loop turn after show().
(b) usable     regiodesk as it starts (regiodesk.app.start_gui): wall time from process start to
               the first event-loop turn after the window is on the screen with the file's
               Gremien list (the start window: read with sqlite3, scrollable, filterable,
               selectable, and all of it carried over to the main window). This is the issue's
               "usable": the one thing measured against both 1.5 s and 1.5 x the baseline.
    editing    until the main window has taken its place (SQLAlchemy imported in the
               background meanwhile) and its visible tab's list is loaded: editing works.
               Reported, not held to a target: SQLAlchemy's import alone takes longer than
               1.5 x the baseline (see bench/README.md).
(c) keystroke  in the same process: build the contacts tab (timed: a first click does it in one
               turn of the event loop), switch to it (the longest gap of a 10 ms timer while
               its list loads is the freeze), type "müller" and delete it again with QTest, one
               key at a time; each key is timed until the model shows the new filter.
(d) peak       maximum resident memory of each subprocess (ru_maxrss from os.wait4; Linux counts
               what the parent held when it forked the child, so this script stays small).

Exit code 0 when every target is met, 1 when one is missed or the window cannot be measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TYPED = "müller"

BASELINE = textwrap.dedent(
    """
    import json, sqlite3, sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = QLabel()
    window.setCentralWidget(label)
    con = sqlite3.connect(sys.argv[1])
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    label.setText(f"{len(tables)} Tabellen, {rows} Zeilen")
    window.resize(1200, 800)
    window.show()

    def shown():
        print(json.dumps({"shown": time.time(), "rows": rows}), flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()
    """
)

REGIODESK = textwrap.dedent(
    """
    import json, statistics, sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    # Qt's Qt namespace, QEvent, QKeyEvent and QTest are the harness's, imported in measure():
    # the program does not import them before its first list, and Qt's enums alone take
    # 30-50 ms, a sixth of the time measured.

    try:
        from regiodesk.app import setup_application, start_gui
    except ImportError as error:
        print(json.dumps({"missing": str(error)}), flush=True)
        sys.exit(3)

    TYPED = sys.argv[2]
    app = setup_application([sys.argv[0]])
    result = {}
    windows = []

    def first_list(start_window):
        result["first_list"] = time.time()

    def ready(window):
        windows.append(window)
        QTimer.singleShot(0, measure)

    def wait(condition, seconds=60.0):
        # As the window waits: in an event loop that sleeps between checks. (QTest.qWait(1) in
        # a tight loop kept the GIL busy and starved the loader thread, which made the switch to
        # contacts look two to eight times slower than it is.)
        from PySide6.QtCore import QEventLoop

        if condition():
            return
        deadline = time.perf_counter() + seconds
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)

        def check():
            if condition() or time.perf_counter() > deadline:
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        loop.exec()
        poll.stop()
        if not condition():
            raise TimeoutError("gave up waiting")

    class Heartbeat:
        # A 10 ms timer on the window's thread: the longest gap between its ticks is the
        # longest the window stood still (could not repaint or take a key). Beside it the CPU
        # time the window's thread spent in its longest-working gap: its own work, which the
        # other programs of a busy machine do not stretch (the wall time also holds the waits
        # for the CPU and for the loader thread's turns with the GIL).

        def __init__(self):
            self.last = time.perf_counter()
            self.last_cpu = time.thread_time()
            self.longest = self.longest_cpu = 0.0
            self.timer = QTimer()
            self.timer.setInterval(10)
            self.timer.timeout.connect(self.tick)

        def tick(self):
            now, cpu = time.perf_counter(), time.thread_time()
            self.longest = max(self.longest, now - self.last)
            self.longest_cpu = max(self.longest_cpu, cpu - self.last_cpu)
            self.last, self.last_cpu = now, cpu

        def start(self):
            self.last, self.last_cpu = time.perf_counter(), time.thread_time()
            self.timer.start()

        def stop(self):
            self.tick()
            self.timer.stop()
            return self.longest * 1000, self.longest_cpu * 1000

    def loaded(tab):
        flag = getattr(tab, "is_loaded", None)
        return True if flag is None else bool(flag)

    def type_umlaut(widget, char):
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        # QTest.keyClicks asserts on non-ASCII characters; a German keyboard sends this instead.
        code = ord(char.upper())
        key = Qt.Key(code) if code < 256 else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))

    def measure():
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        window = windows[0]
        tab = window.current_tab()
        if not loaded(tab):
            wait(lambda: loaded(tab))
        result["editing"] = time.time()

        # The click that shows the tab first builds it, in one turn of the event loop: the window
        # stands still that long (reported beside the switch's freeze, which follows it).
        started = time.perf_counter()
        contacts = window.tab("contacts")
        result["build_ms"] = (time.perf_counter() - started) * 1000
        heartbeat = Heartbeat()
        heartbeat.start()
        started = time.perf_counter()
        window.show_tab("contacts")
        wait(lambda: loaded(contacts))
        contacts.ensure_loaded()
        QApplication.processEvents()
        result["switch_ms"] = (time.perf_counter() - started) * 1000
        result["switch_freeze_ms"], result["switch_freeze_cpu_ms"] = heartbeat.stop()
        result["contacts"] = contacts.model.rowCount()

        edit = contacts.filter_edit
        edit.setFocus()
        keys = [(ch, None) for ch in TYPED] + [("", Qt.Key.Key_Backspace)] * len(TYPED)
        times, cpu_times = [], []
        for text, key in keys:
            started, started_cpu = time.perf_counter(), time.thread_time()
            if key is not None:
                QTest.keyClick(edit, key)
            elif text.isascii():
                QTest.keyClicks(edit, text)
            else:
                type_umlaut(edit, text)
            QApplication.processEvents()
            model = contacts.model
            if hasattr(model, "filter_text"):  # a model that filters after a delay: wait for it
                wait(lambda: model.filter_text == edit.text(), 5.0)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.thread_time() - started_cpu) * 1000)
            if edit.text() == TYPED:
                result["matches"] = contacts.model.rowCount()
        result["keys_ms"] = times
        result["keys_cpu_ms"] = cpu_times
        print(json.dumps(result), flush=True)
        window.close()
        app.quit()

    # As the program starts (regiodesk.app.run_gui): the start window with the Gremien list
    # from sqlite3 first, then the main window in its place once the ORM is imported.
    if not start_gui(Path(sys.argv[1]), ready, app.quit, first_list):
        sys.exit(4)
    app.exec()
    windows[0].db.close()
    """
)


def run_child(code: str, args: list[str], data_dir: Path) -> tuple[dict | None, float, float, str]:
    """Run ``code`` in a fresh Python; returns (its last JSON line, start time, peak MB, stderr)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REGIODESK_DATA_DIR=str(data_dir))
    # An installed regiodesk has its bytecode compiled (pip and PyInstaller do that); without
    # this, a sandbox's PYTHONDONTWRITEBYTECODE=1 makes every run compile the package anew.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    data_dir.mkdir(parents=True, exist_ok=True)
    with (
        (data_dir / "out.txt").open("w+", encoding="utf-8") as out,
        (data_dir / "err.txt").open("w+", encoding="utf-8") as err,
    ):
        started = time.time()
        child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=err, env=env)
        # wait4 reaps exactly this child and gives its own rusage (RUSAGE_CHILDREN would give the
        # largest of all children so far).
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    lines = [line for line in output.splitlines() if line.startswith("{")]
    data = json.loads(lines[-1]) if lines else None
    if child.returncode != 0 and not (data and "missing" in data):
        data = None
    return data, started, peak_mb, errors


def median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up, filter and memory benchmark of the window.")
    parser.add_argument("--db", type=Path, help="large region (default: written into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median is shown)")
    parser.add_argument(
        "--peak-mb", type=int, default=300, help="memory target (issue 23: 250 MB at 80,000 contacts)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="regiodesk-bench-") as tmp:
        tmp_path = Path(tmp)
        path = args.db
        if path is None:
            # In its own process: ru_maxrss of a child includes what its parent held at fork
            # time, so this process stays small.
            path = tmp_path / "large.regiodesk"
            print(f"Writing the large region to {path} …", flush=True)
            subprocess.run([sys.executable, str(BENCH / "make_large_region.py"), str(path)], check=True)
        path = path.resolve()
        if not path.exists():
            print(f"{path} does not exist.", file=sys.stderr)
            return 1
        return measure(path, args.runs, tmp_path, args.peak_mb)


def measure(path: Path, runs: int, tmp_path: Path, peak_limit: int = 300) -> int:
    base_times, base_peaks = [], []
    editing, first, switch, key_max, key_median, peaks, matches = [], [], [], [], [], [], []
    freeze: list[float] = []
    build: list[float] = []
    freeze_cpu: list[float] = []
    key_cpu_max: list[float] = []
    problem = ""
    run_child(REGIODESK, [str(path), TYPED], tmp_path / "warm-up")  # bytecode written, files cached
    for n in range(runs):
        data, started, peak, err = run_child(BASELINE, [str(path)], tmp_path / f"base-{n}")
        if data is None:
            print(f"Baseline failed:\n{err}", file=sys.stderr)
            return 1
        base_times.append(data["shown"] - started)
        base_peaks.append(peak)
        if problem:
            continue
        data, started, peak, err = run_child(REGIODESK, [str(path), TYPED], tmp_path / f"app-{n}")
        if data is None:
            tail = "\n".join(err.strip().splitlines()[-15:])
            problem = f"The regiodesk window could not be measured:\n{tail}"
        elif "missing" in data:
            problem = (
                "The window is not there yet: importing regiodesk.app failed "
                f"({data['missing']}). Measurements (b)–(d) need regiodesk.app.start_gui."
            )
        else:
            editing.append(data["editing"] - started)
            first.append(data["first_list"] - started)
            switch.append(data["switch_ms"])
            build.append(data["build_ms"])
            freeze.append(data["switch_freeze_ms"])
            freeze_cpu.append(data["switch_freeze_cpu_ms"])
            key_cpu_max.append(max(data["keys_cpu_ms"]))
            keys = data["keys_ms"]
            key_max.append(max(keys))
            key_median.append(median(keys))
            peaks.append(peak)
            matches.append(data.get("matches", 0))

    baseline = median(base_times)
    rows = [
        ("(a) baseline: Qt + sqlite3 counts, shown", f"{baseline:.2f} s", "", None),
        ("    baseline peak memory", f"{median(base_peaks):.0f} MB", "", None),
    ]
    ok = True
    if not problem:
        limit = min(1.5, 1.5 * baseline)
        checks = [
            (
                "(b) usable: window with the first list",
                f"{median(first):.2f} s",
                f"< 1.5 s and < 1.5 × baseline ({1.5 * baseline:.2f} s)",
                median(first) < limit,
            ),
            ("    editing ready: main window, list loaded", f"{median(editing):.2f} s", "reported", None),
            ("    contacts tab built (first click)", f"{median(build):.0f} ms", "reported", None),
            ("    switch to contacts, list loaded", f"{median(switch):.0f} ms", "", None),
            ("    switch to contacts: longest freeze", f"{median(freeze):.0f} ms", "< 100 ms",
             median(freeze) < 100),
            ("      the window's own work, most in one gap (CPU)", f"{median(freeze_cpu):.0f} ms", "reported",
             None),
            ("(c) keystroke in the contacts filter: median", f"{median(key_median):.1f} ms", "", None),
            ("    keystroke in the contacts filter: max", f"{median(key_max):.1f} ms", "< 50 ms",
             median(key_max) < 50),
            ("      the window's own work, slowest key (CPU)", f"{median(key_cpu_max):.1f} ms", "reported",
             None),
            ("(d) regiodesk peak memory", f"{median(peaks):.0f} MB", f"< {peak_limit} MB",
             median(peaks) < peak_limit),
        ]  # fmt: skip
        rows += checks
        ok = all(check is not False for *_rest, check in checks)
    width = max(len(r[0]) for r in rows)
    print()
    print(f"File: {path} ({path.stat().st_size / 1_000_000:.1f} MB); median of {runs} runs")
    print(f"{'measurement'.ljust(width)}  {'value':>9}  target")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 40}")
    for label, value, target, passed in rows:
        verdict = "" if passed is None else ("  ok" if passed else "  MISSED")
        print(f"{label.ljust(width)}  {value:>9}  {target}{verdict}")
    if matches:
        print(f"\n“{TYPED}” matched {median(matches):.0f} contacts.")
    if problem:
        print(f"\n{problem}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
