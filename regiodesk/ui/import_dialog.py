"""Importing a list (Excel, LibreOffice or CSV): pick the file and sheet, map its columns to
fields, map the values no list entry matches, look at the preview with the duplicates marked,
choose per row, then import in one transaction.

One dialog for the import pipeline (:class:`regiodesk.imports.pipeline.ImportPipeline`) of any
importer (contacts, projects). Reading and importing run off the GUI thread; nothing is written
before "Importieren".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_decimal, plural, tr
from regiodesk.imports import IGNORE
from regiodesk.imports.catalogues import CREATE, EMPTY, MAP, UnknownValue
from regiodesk.services.undo import ChangeSet, UndoableAction, recording
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.operations import Operation
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import report
from regiodesk.ui.widgets import Banner

ACTION_LABELS = {"create": "neu anlegen", "update": "aktualisieren", "skip": "überspringen"}
SHOW_ALL, SHOW_DUPLICATES, SHOW_PROBLEMS = 0, 1, 2


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def row_name(row: Any) -> str:
    name = getattr(row, "name", "")
    if name:
        return str(name)
    values = getattr(row, "values", {}) or {}
    return next((str(v) for v in values.values() if isinstance(v, str) and v.strip()), "")


class PreviewModel(RowsModel[Any]):
    HEADERS = ("Zeile", "Bezeichnung", "Aktion", "Dublette von", "Hinweise")
    NUMERIC_COLUMNS = frozenset({0})

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.number)
        if column == 1:
            return row_name(row)
        if column == 2:
            return tr("nicht lesbar") if row.errors else tr(ACTION_LABELS.get(row.action, row.action))
        if column == 3:
            return "; ".join(d.text() for d in row.duplicates)
        return "; ".join([*row.errors, *row.warnings, *row.notes()])

    def row_id(self, row: Any) -> str:
        return str(row.number)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            if row.errors:
                return Qt.GlobalColor.darkRed
            if row.action == "skip":
                return Qt.GlobalColor.darkGray
        return super().data(index, role)

    def refresh(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


class ImportDialog(QDialog):
    """``imported`` carries the result's summary once the rows are in the database."""

    imported = Signal(str)

    def __init__(
        self,
        service: Any,
        title: str,
        path: Path | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(title)
        self.path: Path | None = None
        self.sheet: str | None = None
        self.headers: list[str] = []
        self.preview: Any = None
        self._busy = False
        self._labels = {f.name: tr(f.label) for f in service.fields}

        self.file_label = QLabel(tr("Noch keine Datei gewählt."))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_button = QPushButton(tr("Datei wählen …"))
        self.file_button.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setToolTip(tr("Tabellenblatt der Arbeitsmappe"))
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.header_spin.setToolTip(tr("Die Zeile mit den Spaltennamen, wie Excel sie nummeriert"))
        self.header_button = QPushButton(tr("Kopfzeile übernehmen"))
        self.header_button.clicked.connect(self.use_header_row)
        self.header_row: int | None = None

        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels([tr("Spalte der Datei"), tr("Beispiel"), tr("übernehmen als")])
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.mapping.setColumnWidth(0, 180)
        self.mapping.setColumnWidth(2, 220)
        self.combos: list[QComboBox] = []

        # settings of this kind of list (contacts: the consent purpose of a consent column)
        self.option_edits: dict[str, QLineEdit] = {}
        option_widgets: dict[str, QWidget] = {}
        for name, (_label, default) in service.importer.options.items():
            if name == "consent_purpose":
                # the catalogue's purposes (Stammdaten) to choose from; another may still be typed
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(self._consent_purposes(service))
                combo.setCurrentText(tr(default))
                edit = combo.lineEdit()
                assert edit is not None
                combo.currentIndexChanged.connect(lambda _index: self.refresh_preview())
                option_widgets[name] = combo
            else:
                edit = QLineEdit(tr(default))
                option_widgets[name] = edit
            # the preview (and so the import) always uses what the option says now
            edit.editingFinished.connect(self.refresh_preview)
            self.option_edits[name] = edit
        self.purpose_edit = self.option_edits.get("consent_purpose")
        if self.purpose_edit is not None:
            self.purpose_edit.setToolTip(
                tr("Zweck, für den eine Spalte „Einwilligung am“ die Einwilligung einträgt")
            )
        # values no list entry matches: the user's choice per value ("field|value key" -> choice)
        self.value_choices: dict[str, str] = {}
        self.values_table = QTableWidget(0, 5)
        self.values_table.setHorizontalHeaderLabels(
            [tr("Feld"), tr("Wert in der Datei"), tr("Zeilen"), tr("Vorschlag"), tr("übernehmen als")]
        )
        self.values_table.verticalHeader().hide()
        self.values_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        values_header = self.values_table.horizontalHeader()
        values_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        values_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        values_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        values_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        values_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.values_table.setColumnWidth(1, 220)
        self.values_table.setColumnWidth(3, 260)
        self.values_label = QLabel(
            tr(
                "Diese Werte passen zu keinem Eintrag in regiodesk. Bitte je Wert wählen: einem "
                "vorhandenen Eintrag zuordnen (Vorschläge zuerst), neu anlegen oder leer lassen."
            )
        )
        self.values_label.setWordWrap(True)
        self.value_combos: dict[str, QComboBox] = {}
        self.preview_button = QPushButton(tr("Vorschau aktualisieren"))
        self.preview_button.clicked.connect(self.refresh_preview)

        self.model = PreviewModel(self)
        self.view = make_table(self.model, [60, 240, 110, 240, 300], stretch=4)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.show_combo = QComboBox()
        self.show_combo.addItems(
            [tr("alle Zeilen"), tr("nur mögliche Dubletten"), tr("nur Zeilen mit Hinweisen")]
        )
        self.show_combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.action_buttons: dict[str, QPushButton] = {}
        for action, label in (
            ("create", tr("Neu anlegen")),
            ("update", tr("Vorhandenen aktualisieren")),
            ("skip", tr("Überspringen")),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, a=action: self.set_action(a))
            self.action_buttons[action] = button
        # an update completes the contact; which filled fields change is the user's tick
        self.fields_button = QPushButton(tr("Felder wählen …"))
        self.fields_button.setToolTip(
            tr("Feld für Feld zeigen, was das Aktualisieren ändert (alt → neu), und wählen, was sich ändert")
        )
        self.fields_button.clicked.connect(self.choose_update_fields)
        self.fields_button.setVisible(hasattr(service, "update_changes"))
        self.counts_label = QLabel()
        self.banner = Banner()
        self.import_button = QPushButton(tr("Importieren"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = QPushButton(tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(tr("Blatt:")))
        top.addWidget(self.sheet_combo)
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        header_row = QHBoxLayout()
        header_row.addWidget(self.header_label, 1)
        header_row.addWidget(QLabel(tr("Kopfzeile:")))
        header_row.addWidget(self.header_spin)
        header_row.addWidget(self.header_button)
        mapping_layout.addLayout(header_row)
        mapping_layout.addWidget(self.mapping, 1)
        mapping_row = QHBoxLayout()
        for name, widget in option_widgets.items():
            mapping_row.addWidget(QLabel(tr(service.importer.options[name][0])))
            mapping_row.addWidget(widget, 1)
        mapping_row.addStretch(1)
        mapping_row.addWidget(self.preview_button)
        mapping_layout.addLayout(mapping_row)
        values_box = QWidget()
        values_layout = QVBoxLayout(values_box)
        values_layout.setContentsMargins(0, 0, 0, 0)
        values_layout.addWidget(self.values_label)
        values_layout.addWidget(self.values_table, 1)
        self.steps = QTabWidget()
        self.steps.addTab(mapping_box, tr("Spalten"))
        self.values_tab = self.steps.addTab(values_box, tr("Werte"))
        self.steps.setTabEnabled(self.values_tab, False)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_top = QHBoxLayout()
        preview_top.addWidget(QLabel(tr("<b>Vorschau</b>")))
        preview_top.addWidget(self.show_combo)
        preview_top.addStretch(1)
        preview_top.addWidget(QLabel(tr("Ausgewählte Zeilen:")))
        for button in self.action_buttons.values():
            preview_top.addWidget(button)
        preview_top.addWidget(self.fields_button)
        preview_layout.addLayout(preview_top)
        preview_layout.addWidget(self.view, 1)
        preview_layout.addWidget(self.counts_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.steps)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.banner)
        layout.addLayout(bottom)
        # as large as a laptop's screen allows (1366 x 768): the columns and values need the room
        fit_to_screen(self, 1200, 720)
        self._update_buttons()
        if path is not None:
            self.load(path)

    # ------------------------------------------------------------ file and sheet
    def choose_file(self) -> bool:
        path = dialogs.ask_table_file(
            self, tr("Liste zum Importieren wählen"), self.path.parent if self.path else None
        )
        if path is None:
            return False
        self.load(path)
        return True

    def load(self, path: Path, sheet: str | None = None, header_row: int | None = None) -> None:
        """Read the file (off the GUI thread), suggest a mapping, then show the preview."""
        if self.path != Path(path):
            self.value_choices = {}  # another file: its values are its own
        self.path, self.sheet, self.preview = Path(path), sheet, None
        self.header_row = header_row
        self.file_label.setText(str(self.path))
        self.model.set_rows([])
        self.banner.clear_banner()
        service = self.service
        self._run(
            lambda: service.read(Path(path), sheet, header_row),
            tr("„{name}“ wird gelesen …", name=self.path.name),
            self._read_done,
        )

    def _read_done(self, table: Any) -> None:
        self.sheet = table.sheet
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        sheets = list(getattr(table, "sheets", None) or self.service.sheets(self.path) or [table.sheet])
        self.sheet_combo.addItems(sheets)
        self.sheet_combo.setCurrentText(table.sheet)
        self.sheet_combo.setEnabled(len(sheets) > 1)
        self.sheet_combo.blockSignals(False)
        self.headers = list(table.headers)
        self.header_row = table.header_row
        self.header_spin.setValue(table.header_row)
        skipped = len(table.skipped)
        self.header_label.setText(
            tr(
                "Überschriften in Zeile {row}; {n} Datenzeilen{skipped}. Bitte prüfen, welche Spalte "
                "welches Feld füllt:",
                row=table.header_row,
                n=len(table.rows),
                skipped=plural(
                    skipped,
                    ", {n} Zeile ausgelassen (Titel, Summen, leer)",
                    ", {n} Zeilen ausgelassen (Titel, Summen, leer)",
                )
                if skipped
                else "",
            )
        )
        self._fill_mapping(table, self.service.suggested_mapping(self.headers))
        self.refresh_preview()

    def _sheet_changed(self, sheet: str) -> None:
        if sheet and self.path is not None and sheet != self.sheet:
            self.load(self.path, sheet)

    def use_header_row(self) -> None:
        """The user says which row holds the column names (the detection guessed wrong)."""
        if self.path is not None and self.header_spin.value() != self.header_row:
            self.load(self.path, self.sheet, self.header_spin.value())

    @staticmethod
    def _consent_purposes(service: Any) -> list[str]:
        from regiodesk.services.lookups import consent_purposes_in

        with service.db.session() as session:
            return consent_purposes_in(session)

    def _fill_mapping(self, table: Any, mapping: list[str]) -> None:
        self.mapping.setRowCount(len(self.headers))
        self.combos = []
        samples = table.rows[:3]
        for column, header in enumerate(self.headers):
            self.mapping.setCellWidget(column, 0, QLabel(header or tr("(ohne Überschrift)")))
            example = " · ".join(t for t in (_cell_text(r.get(column)) for r in samples) if t)
            self.mapping.setCellWidget(column, 1, QLabel(example))
            combo = QComboBox()
            combo.addItem(tr("– nicht übernehmen –"), IGNORE)
            for name, label in self._labels.items():
                combo.addItem(label, name)
            wanted = mapping[column] if column < len(mapping) else IGNORE
            combo.setCurrentIndex(max(combo.findData(wanted), 0))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.mapping.setCellWidget(column, 2, combo)
            self.combos.append(combo)

    def current_mapping(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    def set_mapping(self, column: int, field: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(field), 0))

    def _mapping_changed(self) -> None:
        # The preview no longer shows what an import would do: it must be refreshed first.
        self.preview = None
        self.model.set_rows([])
        self.counts_label.setText(tr("Zuordnung geändert: bitte „Vorschau aktualisieren“."))
        self._update_buttons()

    # ------------------------------------------------------------ preview
    def refresh_preview(self) -> None:
        if self.path is None or not self.combos:
            return
        path, sheet, mapping = self.path, self.sheet, self.current_mapping()
        kwargs: dict[str, Any] = {name: edit.text() for name, edit in self.option_edits.items()}
        kwargs["choices"] = dict(self.value_choices)
        if self.header_row is not None:
            kwargs["header_row"] = self.header_row
        service = self.service
        self._run(
            lambda: service.preview(path, sheet, mapping, **kwargs),
            tr("Vorschau wird erstellt …"),
            self._preview_done,
        )

    def _preview_done(self, preview: Any) -> None:
        first = self.preview is None and not self.values_table.rowCount()
        self.preview = preview
        self._show_rows()
        self._fill_values(preview.unknown_values)
        self.banner.clear_banner()
        if not preview.rows:
            self.banner.show_lines([tr("Die Liste enthält keine Datenzeilen.")], "warning")
        open_values = [u for u in preview.unknown_values if u.choice is None]
        if open_values:
            self.banner.show_lines(
                [
                    plural(
                        len(open_values),
                        "{n} Wert passt zu keinem Eintrag ({label} „{value}“): bitte unter "
                        "„Werte“ zuordnen, neu anlegen oder leer lassen.",
                        "{n} Werte passen zu keinem Eintrag (z. B. {label} „{value}“): bitte unter "
                        "„Werte“ zuordnen, neu anlegen oder leer lassen.",
                        label=open_values[0].label,
                        value=open_values[0].text,
                    )
                ],
                "warning",
            )
            if first:
                self.steps.setCurrentIndex(self.values_tab)

    # ------------------------------------------------------------ values without an entry
    def _fill_values(self, unknown: list[UnknownValue]) -> None:
        """One row per value no entry matches: its field, spelling, rows and a choice."""
        self.values_table.setRowCount(len(unknown))
        self.value_combos = {}
        for index, value in enumerate(unknown):
            self.values_table.setItem(index, 0, QTableWidgetItem(value.label))
            self.values_table.setItem(index, 1, QTableWidgetItem(value.text))
            rows = _row_list(value.rows)
            rows_item = QTableWidgetItem(str(len(value.rows)))
            rows_item.setToolTip(tr("Zeilen {rows}", rows=rows))
            rows_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values_table.setItem(index, 2, rows_item)
            hint = value.suggestions[0].display() if value.suggestions else tr("–")
            self.values_table.setItem(index, 3, QTableWidgetItem(hint))
            combo = QComboBox()
            combo.addItem(value.unresolved_text(), "")
            suggested = {e.id for e in value.suggestions}
            for entry in value.suggestions:
                combo.addItem(tr("→ {name} (Vorschlag)", name=entry.display()), MAP + entry.id)
            if value.can_create:
                combo.addItem(tr("neu anlegen: „{value}“", value=value.text), CREATE)
            combo.addItem(tr("leer lassen"), EMPTY)
            others = [e for e in value.entries if e.id not in suggested]
            if others:
                combo.insertSeparator(combo.count())
                for entry in others:
                    combo.addItem("→ " + entry.display(), MAP + entry.id)
            combo.setCurrentIndex(max(combo.findData(value.choice or ""), 0))
            if value.remembered:
                combo.setToolTip(tr("Beim letzten Import so gewählt"))
            combo.currentIndexChanged.connect(lambda _i, key=value.key, c=combo: self._value_chosen(key, c))
            self.values_table.setCellWidget(index, 4, combo)
            self.value_combos[value.key] = combo
        self.steps.setTabEnabled(self.values_tab, bool(unknown))
        open_count = sum(1 for u in unknown if u.choice is None)
        title = tr("Werte ({n} offen)", n=open_count) if open_count else tr("Werte")
        self.steps.setTabText(self.values_tab, title if unknown else tr("Werte"))

    def set_value_choice(self, field: str, text: str, choice: str) -> None:
        """The user's choice for one value (as the combo does it; for keyboard and tests)."""
        from regiodesk.imports.catalogues import choice_key

        combo = self.value_combos[choice_key(field, text)]
        index = combo.findData(choice)
        if index < 0:
            raise KeyError(choice)
        combo.setCurrentIndex(index)

    def _value_chosen(self, key: str, combo: QComboBox) -> None:
        self.value_choices[key] = combo.currentData() or ""
        self.refresh_preview()

    def _show_rows(self) -> None:
        if self.preview is None:
            self.model.set_rows([])
        else:
            mode = self.show_combo.currentIndex()
            rows = self.preview.rows
            if mode == SHOW_DUPLICATES:
                rows = [r for r in rows if r.duplicates]
            elif mode == SHOW_PROBLEMS:
                rows = [r for r in rows if r.errors or r.warnings]
            self.model.set_rows(rows)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self) -> None:
        if self.preview is None:
            return
        counts = self.preview.counts()
        self.counts_label.setText(
            tr(
                "{create} neu anlegen, {update} aktualisieren, {skip} überspringen, {error} nicht lesbar",
                create=counts.get("create", 0),
                update=counts.get("update", 0),
                skip=counts.get("skip", 0),
                error=counts.get("error", 0),
            )
        )

    def selected_rows(self) -> list[Any]:
        return [self.model.row_at(i.row()) for i in self.view.selectionModel().selectedRows()]

    def set_action(self, action: str) -> int:
        """Give the selected rows this action; rows it does not fit are named in the banner."""
        if self.preview is None:
            return 0
        problems, changed = [], 0
        for row in self.selected_rows():
            try:
                self.preview.set_action(row.number, action)
                changed += 1
            except DomainError as error:
                problems.append(str(error))
        self.model.refresh()
        self._update_counts()
        if problems:
            more = len(problems) - 5
            lines = problems[:5] + ([tr("… und {n} weitere", n=more)] if more > 0 else [])
            self.banner.show_lines(lines, "warning")
        else:
            self.banner.clear_banner()
        return changed

    def choose_update_fields(self) -> bool:
        """For the one selected row that updates a contact: tick field by field what changes."""
        rows = self.selected_rows()
        if self.preview is None or len(rows) != 1 or rows[0].action != "update" or rows[0].errors:
            return False
        row = rows[0]
        changes = self.service.update_changes(self.preview, row.number)
        if not changes:
            self.banner.show_lines(
                [tr("Zeile {n}: die Datei ändert keine Felder des Kontakts.", n=row.number)], "info"
            )
            return False
        taken = row.take if row.take is not None else {c.field for c in changes if c.fills}
        dialog = UpdateFieldsDialog(row.number, row_name(row), changes, taken, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.service.choose_fields(self.preview, row.number, dialog.chosen())
        self.model.refresh()
        return True

    # ------------------------------------------------------------ import
    def run_import(self) -> None:
        if self.preview is None:
            return
        counts = self.preview.counts()
        if not counts.get("create", 0) and not counts.get("update", 0):
            self.banner.show_lines([tr("Nichts zu importieren: alle Zeilen werden übersprungen.")], "warning")
            return
        preview, service = self.preview, self.service

        def work() -> tuple[Any, tuple[int, ...]]:
            # recorded in the worker: a change set holds what its own thread commits
            with recording(service.db) as seqs:
                result = service.run(preview)
            return result, tuple(seqs)

        self._run(work, tr("Import läuft …"), self._imported)

    def undo_label(self, result: Any) -> str:
        """„Import von 120 Kontakten“: the step in the Bearbeiten menu."""
        n = result.created + result.updated
        count = format_decimal(n, 0)  # „Import von 20.000 Kontakten“
        if self.service.importer.target == "projects":
            return plural(n, "Import von {count} Projekt", "Import von {count} Projekten", count=count)
        return plural(n, "Import von {count} Kontakt", "Import von {count} Kontakten", count=count)

    def _imported(self, done: tuple[Any, tuple[int, ...]]) -> None:
        result, seqs = done
        report(self, UndoableAction(self.undo_label(result), ChangeSet(seqs)))  # one step for Strg+Z
        summary = result.summary()
        text = tr("Import abgeschlossen: {summary}.", summary=summary)
        unreadable = list(getattr(result, "unreadable", []) or [])
        if unreadable:
            shown = unreadable[:15]
            more = len(unreadable) - len(shown)
            text += "\n\n" + tr("Nicht eingelesen:") + "\n" + "\n".join(shown)
            if more > 0:
                text += "\n" + tr("… und {n} weitere", n=more)
        emit(self.imported, summary)
        self.accept()
        dialogs.show_info(self.parentWidget(), self.windowTitle(), text)

    # ------------------------------------------------------------ background work
    def _run(self, work, busy: str, done) -> None:
        self._busy = True
        self._update_buttons()

        def success(result: Any) -> None:
            self._busy = False
            done(result)
            self._update_buttons()

        def failure(error: Exception) -> None:
            self._busy = False
            message = (
                str(error)
                if isinstance(error, (DomainError, OSError))
                else tr(
                    "Die Datei konnte wegen eines Programmfehlers nicht gelesen werden: {error}", error=error
                )
            )
            self.banner.show_lines([message], "error")  # nothing was written
            self._update_buttons()

        Operation(self, work, busy).success(success).failure(failure).run()

    def _update_buttons(self) -> None:
        idle = not self._busy
        has_preview = self.preview is not None
        self.file_button.setEnabled(idle)
        self.header_button.setEnabled(idle and self.path is not None)
        self.preview_button.setEnabled(idle and bool(self.combos))
        self.values_table.setEnabled(idle)  # one choice at a time: each refreshes the preview
        self.import_button.setEnabled(idle and has_preview)
        selected = bool(self.view.selectionModel().selectedRows()) if has_preview else False
        for button in self.action_buttons.values():
            button.setEnabled(idle and selected)
        rows = self.selected_rows() if has_preview else []
        self.fields_button.setEnabled(
            idle and len(rows) == 1 and rows[0].action == "update" and not rows[0].errors
        )


class UpdateFieldsDialog(QDialog):
    """The fields an update would change, old → new, each with a tick: only ticked ones change.

    An empty field of the contact is ticked at first (the contact is completed); a field that
    has a value is not (nothing the office typed is overwritten by a list unless chosen).
    """

    def __init__(self, number: int, name: str, changes: list[Any], taken: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Zeile {n}: Kontakt aktualisieren", n=number))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "<b>{name}</b>: angehakte Felder werden aus der Datei übernommen; leere Felder "
                "des Kontakts sind vorgewählt, vorhandene Werte bleiben, wenn nicht angehakt.",
                name=name,
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.checks: dict[str, QCheckBox] = {}
        # A long list of fields scrolls: the dialog must fit a laptop screen at 125 %.
        boxes = QWidget()
        boxes_layout = QVBoxLayout(boxes)
        for change in changes:
            old = f"„{change.old}“" if change.old else tr("(leer)")
            box = QCheckBox(tr("{label}: {old} → „{new}“", label=tr(change.label), old=old, new=change.new))
            box.setChecked(change.field in taken)
            self.checks[change.field] = box
            boxes_layout.addWidget(box)
        boxes_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(boxes)
        scroll.setMinimumHeight(min(boxes.sizeHint().height(), 240))
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Übernehmen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Abbrechen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [name for name, box in self.checks.items() if box.isChecked()]


def _row_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:12])
    return shown + (" …" if len(numbers) > 12 else "")


__all__ = ["ImportDialog"]
