"""Starting the window: the Qt application, the first database, the event loop.

Imported only when the window is wanted (``regiodesk`` without a command), so the
command line never loads Qt. Heavy modules (reportlab, openpyxl, alembic) are
imported where they are used, never here, to keep the start quick.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from regiodesk import __version__
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.location import is_server_url

if TYPE_CHECKING:  # imported after the first list is on the screen
    from regiodesk.db.custody import DatabaseLock
    from regiodesk.db.database import Database
    from regiodesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def setup_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, German throughout (Qt's own buttons and dialogs included)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("regiodesk")
    app.setApplicationDisplayName("regiodesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    QLocale.setDefault(german)
    translator = QTranslator(app)
    if translator.load(german, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def application_icon() -> QIcon:
    """The program's icon (window, task bar), shipped inside the package."""
    # A path beside this module, not importlib.resources (10 ms before the first window): the
    # package is installed as files, and the bundle keeps regiodesk/resources beside its modules.
    return QIcon(str(Path(__file__).parent / "resources" / "icons" / "regiodesk.png"))


def open_first_database(path: Path | str) -> tuple[Database, DatabaseLock | None] | None:
    """Open ``path`` and hold its lock; if it is refused, say why and offer another file.

    None: the user quits. A refused file is never modified (Database.open guarantees it); a
    file another regiodesk has open is refused before anything reads it. ``path`` may name a
    database on a PostgreSQL server (``postgresql://…``): opened without a lock (the server keeps
    its users apart), never created or migrated from nothing here.
    """
    from regiodesk.office import Office
    from regiodesk.paths import default_db_path
    from regiodesk.ui import dialogs
    from regiodesk.ui.older_file import bring_up_to_date

    while True:
        try:
            if is_server_url(path):
                office = Office.open(str(path))
                return office.db, None
            # Only the default file is created (a new user's first start, its folder too); any
            # other missing or empty file is refused with a message, nothing created.
            create = Path(path).expanduser().absolute() == default_db_path().expanduser().absolute()
            bring_up_to_date(Path(path))  # a file of an earlier version: migrated with a notice
            # The page-by-page check runs after the window is shown (check_in_background).
            office = Office.open(path, deep_check=False, create=create)
            assert office.lock is not None  # held from here on by the window's Office
            return office.db, office.lock
        except DomainError as error:
            message = str(error)
        except Exception as error:  # permissions, a full disk, …: a message, not a crash
            log.exception("Öffnen fehlgeschlagen: %s", path)
            message = tr("„{name}“ kann nicht geöffnet werden: {error}", name=_shown(path), error=error)
        other = dialogs.ask_after_open_failure(None, message)
        if other is None:
            return None
        path = other


def _shown(location: Path | str) -> str:
    """A file's name, or a server database's address without its password."""
    if is_server_url(location):
        from regiodesk.db.server import label

        return label(str(location))
    return Path(location).name


def _report_unexpected(kind, error, trace) -> None:
    # A bug in a slot must not end the program: log it with its trace, tell the user plainly.
    log.error("Unerwarteter Fehler", exc_info=(kind, error, trace))
    from regiodesk.ui import dialogs

    dialogs.show_error(
        None,
        tr("Programmfehler"),
        tr(
            "Ein unerwarteter Fehler ist aufgetreten: {error}\n\nGespeicherte Daten sind sicher; "
            "bitte prüfen Sie die zuletzt bearbeitete Eingabe.",
            error=error,
        ),
    )


def run_gui(db_path: Path | str, argv: list[str] | None = None, quit_after_start: bool = False) -> int:
    """Show the main window on ``db_path`` (a file or ``postgresql://…``) until it is closed; the exit code.

    ``quit_after_start``: close again once the first list is shown (the installer's smoke test).
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    app = setup_application(argv)
    started: list[MainWindow] = []

    def ready(window: MainWindow) -> None:
        started.append(window)
        if quit_after_start:
            QTimer.singleShot(500, window.close)

    location = db_path if is_server_url(db_path) else Path(db_path)
    if not start_gui(location, ready, app.quit):
        return 1
    try:
        return app.exec()
    finally:
        if started:
            started[0].db.close()


#: Imported in the background while the start window is on the screen (no Qt among them).
def _preload() -> None:
    """What the window needs first, imported on a thread while the start window paints."""
    import sqlalchemy.orm  # noqa: F401

    import regiodesk.db.database
    import regiodesk.services.bodies
    import regiodesk.services.records  # noqa: F401
    from regiodesk.db.models import declare_all

    declare_all()  # the window's tabs show every table: declared here, not at a tab's first click

    # What is loaded by now (SQLAlchemy, the models, Qt's and our modules: most of the objects
    # the program will ever have) stays for good: Python's full garbage collections need not
    # look at it again. Each of them held the GIL for 90-140 ms and stopped the window, e.g.
    # while 80,000 contacts were read; now they take 25-40 ms. (Cycles that are garbage at
    # this moment stay too: a few from the imports.)
    gc.freeze()


def start_gui(
    db_path: Path | str,
    ready: Callable[[MainWindow], None],
    failed: Callable[[], None],
    first_list: Callable[[QMainWindow], None] | None = None,
) -> bool:
    """Put the window on the screen, as fast as the file allows; ``ready(window)`` once it works.

    A file that opens as it is (this schema version) is shown at once as its Gremien list
    (regiodesk.ui.start_window: sqlite3 only, read only) while SQLAlchemy and the models are
    imported in a background thread; then the main window takes its place and what the user
    did meanwhile. Any other file (new, older, refused) goes the long way with its messages, and
    so does a file open in another regiodesk once its lock is tried. False: the user gave up
    before a window was shown; ``failed()`` is called when that happens later.
    ``first_list(window)``: called when the first list is shown (benchmark).
    A database on a server (``postgresql://…``) has no file to preview: the main window at once.
    """
    if isinstance(db_path, str):
        return _long_way(db_path, ready, first_list)
    from regiodesk.db.schema import FileKind, inspect_file

    start = None
    try:
        if db_path.exists() and inspect_file(db_path, deep=False).kind is FileKind.CURRENT:
            from regiodesk.ui.start_window import StartWindow, read_first_list

            first = read_first_list(db_path)
            if first is not None:
                start = StartWindow(db_path, first)
    except Exception:  # a start window is a nicety; never let it stop the start
        log.exception("Startfenster nicht möglich: %s", db_path)
        start = None
    if start is None:
        return _long_way(db_path, ready, first_list)
    from regiodesk.ui.geometry import restore_geometry

    restore_geometry(start)
    start.show()
    if first_list is not None:
        QTimer.singleShot(0, lambda: first_list(start))
    QTimer.singleShot(0, lambda: _behind_start_window(start, db_path, ready, failed, first_list))
    return True


def _behind_start_window(start, db_path: Path, ready, failed, first_list) -> None:
    """Right after the start window is painted: the file's lock, the ORM, then the main window.

    Reading the list changed nothing, so the lock can wait until the list is on the screen; a
    file open in another regiodesk closes the start window again and goes the long way.
    """
    from regiodesk.db.custody import DatabaseLock

    if not start.isVisible():  # closed before this ran: that was "Beenden", nothing to load
        failed()
        return
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()
    except DomainError:
        # The start window stays until the long way has a window or gave up: closing the
        # last window first would end the program under the message.
        opened = _long_way(db_path, ready, None)
        start.close()
        start.deleteLater()
        if not opened:
            failed()
        return
    loaded = threading.Event()

    def preload() -> None:
        try:
            _preload()
        finally:
            loaded.set()

    threading.Thread(target=preload, name="regiodesk-preload", daemon=True).start()
    poll = QTimer(start)
    poll.setInterval(15)

    def take_over() -> None:
        if not loaded.is_set():
            return
        poll.stop()
        start.closed_early = None  # from here on, closing it is this function's business

        def before_show(window: MainWindow) -> None:
            # Keys typed while the main window was built are still queued for the start window:
            # let them arrive there first, so that carry_over takes them along.
            QApplication.processEvents()
            start.place(window)
            start.carry_over(window)

        try:
            window = _open_main_window(db_path, lock, before_show)
        except Exception as error:  # a bug must not leave the start window waiting for ever
            _report_unexpected(type(error), error, error.__traceback__)
            window = None
        if window is None:
            start.close()
            failed()
            return
        start.close()
        start.deleteLater()
        ready(window)

    def closed_before() -> None:  # the user closed the start window: that is "Beenden"
        poll.stop()
        lock.release()
        failed()

    start.closed_early = closed_before
    poll.timeout.connect(take_over)
    poll.start()


def _long_way(db_path: Path | str, ready, first_list) -> bool:
    """The main window without a start window, with every message the file needs."""
    window = _open_main_window(db_path)
    if window is None:
        return False
    if first_list is not None:
        first_list(window)
    ready(window)
    return True


def _open_main_window(
    db_path: Path | str,
    lock: DatabaseLock | None = None,
    before_show: Callable[[MainWindow], None] | None = None,
) -> MainWindow | None:
    """The main window on ``db_path``, shown, with the checks after start; None if the user gave up.

    ``lock``: already held (the start window's file); ``before_show(window)``: called before it is shown.
    """
    opened: tuple[Database, DatabaseLock | None] | None
    if lock is not None:
        from regiodesk.office import Office

        try:
            office = Office.open(db_path, deep_check=False, lock=lock)  # released if refused
            opened = office.db, lock
        except Exception:  # changed in the second since it was inspected: the long way
            log.exception("Öffnen nach dem Startfenster fehlgeschlagen: %s", db_path)
            opened = open_first_database(db_path)
    else:
        opened = open_first_database(db_path)
    if opened is None:
        return None
    db, lock = opened
    from regiodesk.ui.main_window import MainWindow

    sys.excepthook = _report_unexpected
    window = MainWindow(db, lock)
    if before_show is not None:
        before_show(window)
    window.show()
    # An empty office meets the assistant, once the window is painted (one query, after the start).
    QTimer.singleShot(0, window.offer_setup)
    if db.is_server:
        # No file: no page check, no cloud folder, no shared-folder sync; the server keeps it safe.
        return window
    check_in_background(window, db)
    warn_about_shared_folder(window, db.path)
    from regiodesk.preferences import sync_settings

    if sync_settings(db.path).at_start:
        window.synchronise(quiet=True)
    return window


def check_in_background(window, db: Database) -> None:
    """SQLite's quick_check of every page, off the GUI thread; a damaged file is closed for writing.

    Run after start-up so a large file opens quickly; nobody can type a change in the half
    second it takes, and if it fails the database refuses every write from then on.
    """
    from regiodesk.db.schema import quick_check
    from regiodesk.ui.operations import Operation

    def found(problem: str) -> None:
        if not problem:
            return
        db.mark_damaged(problem)
        offer_good_backup(window, db, problem)

    Operation(window, lambda: quick_check(db.path), tr("Datenbank wird geprüft …")).success(found).run()


def offer_good_backup(window, db: Database, problem: str) -> bool:
    """A damaged file is never written to; offer the newest backup that passes the check."""
    from regiodesk.i18n import format_datetime
    from regiodesk.ui import dialogs

    text = tr(
        "Die Prüfung hat Schäden in „{name}“ gefunden ({problem}).\n\nUm nichts weiter zu "
        "beschädigen, speichert regiodesk in dieser Datei nichts mehr.",
        name=db.path.name,
        problem=problem,
    )
    backup = window.office.newest_good_backup()
    if backup is None:
        dialogs.show_error(
            window,
            tr("Datenbank beschädigt"),
            text + "\n\n" + tr("Es gibt keine Sicherung dieser Datei. Bitte öffnen Sie eine andere Datei."),
        )
        return False
    question = (
        text
        + "\n\n"
        + tr(
            "Die neueste einwandfreie Sicherung ist vom {when}. Jetzt wiederherstellen? (Die beschädigte "
            "Datei wird daneben aufbewahrt.)",
            when=format_datetime(backup.created),
        )
    )
    if not dialogs.confirm(window, tr("Datenbank beschädigt"), question, yes=tr("Sicherung öffnen")):
        return False
    return window.restore(backup.path, backup.created, asked=True)


def warn_about_shared_folder(window, path: Path) -> None:
    """A database in a cloud-synced or network folder breaks: say so once, in the status bar."""
    from regiodesk.sync import cloud_path_warning

    warning = cloud_path_warning(path)
    if warning:
        window.statusBar().showMessage(warning, 60000)
        window.show_shared_folder_warning(warning)


def open_demo_gui(argv: list[str] | None = None) -> int:
    """Open the window on the demo region, creating it in the data folder the first time."""
    from regiodesk.paths import demo_db_path

    path = demo_db_path()
    if not path.exists():
        from regiodesk.services.demo import create_demo_file

        create_demo_file(path)
    return run_gui(path, argv)
