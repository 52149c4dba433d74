"""„Region einrichten“: the assistant a new office meets on an empty file.

It asks what every letter and every meeting needs (region and LAG, office and contact,
logo, Bewilligungsstelle, Land, funding period), shows the LEADER starter set for editing,
and writes everything in one transaction (:func:`regiodesk.services.region.setup_region`).
It can be left with „Später“ and opened again under Datei → „Region einrichten …“.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from regiodesk.db.database import Database
from regiodesk.domain.enums import Land, RegionKind
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.domain.parse import parse_money
from regiodesk.i18n import format_cents, tr
from regiodesk.services.region import PeriodSetup, RegionSetup, setup_region
from regiodesk.services.starter import LEADER, GroupSpec, RulesSpec, StarterSet
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.logo_picker import LogoPicker
from regiodesk.ui.record_form import ERROR_STYLE
from regiodesk.ui.undo_report import undoable

#: Page ids in order (QWizard numbers pages by these).
WELCOME, REGION, OFFICE, AUTHORITY, PERIOD, STARTER = range(6)


def _multiline(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _day(edit: QDateEdit) -> date:
    shown = edit.date()
    return date(shown.year(), shown.month(), shown.day())


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(tr(title))
        self.setSubTitle(tr(subtitle))

    def form_layout(self) -> QFormLayout:
        """The page's form, kept at the top (a QFormLayout alone spreads its rows over the page)."""
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        return form


class WelcomePage(_Page):
    def __init__(self, wizard: SetupWizard):
        super().__init__(
            "Willkommen bei regiodesk",
            "Diese Datei ist noch leer. In wenigen Schritten richten Sie Ihre Region ein; "
            "alles lässt sich später unter „Einstellungen der Region“ und „Stammdaten“ ändern.",
        )
        layout = QVBoxLayout(self)
        text = QLabel(
            tr(
                "Sie brauchen: Namen von Region und LAG, Anschrift und Kontaktdaten der Geschäftsstelle, "
                "das Logo für den Briefkopf (PNG, JPEG oder SVG), die Bewilligungsstelle und die "
                "Förderperiode. Eine Startausstattung für LEADER-Regionen (Interessengruppen, "
                "Geschäftsordnung, Indikatoren, Einwilligungszwecke) wird Ihnen zum Anpassen angeboten."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addSpacing(12)
        other = QGroupBox(tr("Oder erst einmal etwas anderes:"))
        row = QHBoxLayout(other)
        self.demo_button = QPushButton(tr("Demo-Region ansehen"))
        self.demo_button.setToolTip(
            tr("Eine erfundene LEADER-Region zum Ausprobieren, in einer eigenen Datei.")
        )
        self.open_button = QPushButton(tr("Vorhandene Datei öffnen …"))
        self.open_button.setToolTip(
            tr("Zum Beispiel die Übergabedatei Ihrer Vorgängerin oder Ihres Vorgängers.")
        )
        self.demo_button.clicked.connect(wizard.choose_demo)
        self.open_button.clicked.connect(wizard.choose_open)
        row.addWidget(self.demo_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addWidget(other)
        layout.addStretch(1)


class RegionPage(_Page):
    def __init__(self) -> None:
        super().__init__("Region", "Wie heißt Ihre Region, und wer ist ihr Träger?")
        form = self.form_layout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("z. B. LEADER-Region Mühlbachtal"))
        self.lag_name = QLineEdit()
        self.lag_name.setPlaceholderText(tr("z. B. LAG Mühlbachtal e. V."))
        self.kind = QComboBox()
        for value, label in RegionKind.choices():
            self.kind.addItem(tr(label), value)
        self.land = QComboBox()
        self.land.addItem(tr("(bitte wählen)"), "")
        for value, label in Land.choices():
            self.land.addItem(label, value)
        form.addRow(tr("Name der Region *"), self.name)
        form.addRow(tr("Name der LAG (Träger)"), self.lag_name)
        form.addRow(tr("Art der Region"), self.kind)
        form.addRow(tr("Bundesland"), self.land)
        hint = QLabel(tr("Das Bundesland bestimmt die Feiertage, an denen eine Frist nicht endet."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.name.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class OfficePage(_Page):
    def __init__(self) -> None:
        super().__init__("Geschäftsstelle", "Anschrift und Kontakt stehen im Briefkopf jedes Dokuments.")
        form = self.form_layout()
        self.address = _multiline()
        self.address.setPlaceholderText(tr("Geschäftsstelle\nMarktplatz 3\n96253 Steinbühl"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.logo = LogoPicker()
        form.addRow(tr("Anschrift"), self.address)
        form.addRow(tr("Telefon"), self.phone)
        form.addRow(tr("E-Mail"), self.email)
        form.addRow(tr("Internetseite"), self.website)
        form.addRow(tr("Logo"), self.logo)


class AuthorityPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Bewilligungsstelle",
            "Die Behörde, die die Förderanträge bewilligt (z. B. AELF, ArL, Landratsamt).",
        )
        form = self.form_layout()
        self.name = QLineEdit()
        self.address = _multiline(90)
        form.addRow(tr("Bewilligungsstelle"), self.name)
        form.addRow(tr("Anschrift"), self.address)


class PeriodPage(_Page):
    def __init__(self) -> None:
        super().__init__("Förderperiode", "Die Förderperiode, in der Ihre Region jetzt arbeitet.")
        form = self.form_layout()
        self.name = QLineEdit("LEADER 2023–2027")
        self.starts_on = _date_edit(date(2023, 1, 1))
        self.ends_on = _date_edit(date(2027, 12, 31))
        self.budget = QLineEdit()
        self.budget.setPlaceholderText(tr("z. B. 2.000.000,00 €"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(tr("Name *"), self.name)
        form.addRow(tr("Beginn"), self.starts_on)
        form.addRow(tr("Ende"), self.ends_on)
        form.addRow(tr("Budget der Region"), self.budget)
        form.addRow("", self.error)
        self.name.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())

    def budget_cents(self) -> int:
        return parse_money(self.budget.text()) or 0

    def validatePage(self) -> bool:
        try:
            budget = self.budget_cents()
        except (DomainError, ValueError) as error:
            self.error.setText(str(error))
            return False
        if self.ends_on.date() < self.starts_on.date():
            self.error.setText(tr("Das Ende liegt vor dem Beginn der Periode."))
            return False
        self.error.setText("")
        if budget:
            self.budget.setText(format_cents(budget))
        return True

    def period(self) -> PeriodSetup:
        return PeriodSetup(
            self.name.text().strip(),
            _day(self.starts_on),
            _day(self.ends_on),
            self.budget_cents(),
        )


class StarterPage(_Page):
    """The LEADER starter set, editable before anything is saved."""

    def __init__(self, starter: StarterSet = LEADER):
        super().__init__(
            "Startausstattung",
            "Die üblichen Listen einer LEADER-Region. Passen Sie sie an; "
            "alles bleibt unter „Stammdaten“ änderbar.",
        )
        self.starter = starter
        outer = QVBoxLayout(self)
        self.use = QCheckBox(tr("Startausstattung einer LEADER-Region übernehmen"))
        self.use.setChecked(True)
        outer.addWidget(self.use)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        layout = QVBoxLayout(content)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self.use.toggled.connect(content.setEnabled)

        groups_box = QGroupBox(tr("Interessengruppen (der öffentliche Sektor zählt als eine Gruppe)"))
        groups_layout = QVBoxLayout(groups_box)
        self.groups = QTableWidget(0, 2)
        self.groups.setHorizontalHeaderLabels([tr("Interessengruppe"), tr("öffentlicher Sektor")])
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.groups.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.groups.verticalHeader().hide()
        self.groups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for group in starter.interest_groups:
            self.add_group(group.name, group.public_sector)
        self.groups.setMinimumHeight(200)
        buttons = QHBoxLayout()
        add = QPushButton(tr("Gruppe hinzufügen"))
        remove = QPushButton(tr("Gruppe entfernen"))
        add.clicked.connect(lambda: self.add_group("", False, edit=True))
        remove.clicked.connect(self.remove_group)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        groups_layout.addWidget(self.groups)
        groups_layout.addLayout(buttons)
        layout.addWidget(groups_box)

        rules_box = QGroupBox(tr("Geschäftsordnung neuer Gremien"))
        rules = QFormLayout(rules_box)
        r = starter.rules
        self.quorum = self._percent(r.quorum_share_bp)
        self.double_quorum = QCheckBox(tr("Doppelte Beschlussfähigkeit prüfen"))
        self.double_quorum.setChecked(r.double_quorum)
        self.max_group = self._percent(r.max_group_share_bp)
        self.min_wiso = self._percent(r.min_non_public_share_bp)
        self.notice = QSpinBox()
        self.notice.setRange(0, 90)
        self.notice.setValue(r.notice_days)
        self.notice.setSuffix(tr(" Tage"))
        self.written = QCheckBox(tr("Umlaufverfahren zulässig"))
        self.written.setChecked(r.written_procedure_allowed)
        rules.addRow(tr("Beschlussfähig ab (anwesend)"), self.quorum)
        rules.addRow("", self.double_quorum)
        rules.addRow(tr("Höchstanteil je Interessengruppe"), self.max_group)
        rules.addRow(tr("Mindestanteil WiSo-Partner"), self.min_wiso)
        rules.addRow(tr("Ladungsfrist"), self.notice)
        rules.addRow("", self.written)
        layout.addWidget(rules_box)

        purposes_box = QGroupBox(tr("Einwilligungszwecke (einer je Zeile)"))
        purposes_layout = QVBoxLayout(purposes_box)
        self.purposes = _multiline(90)
        self.purposes.setPlainText("\n".join(starter.consent_purposes))
        purposes_layout.addWidget(self.purposes)
        layout.addWidget(purposes_box)

        indicators_box = QGroupBox(tr("Indikatoren für das Monitoring (Zielwerte tragen Sie später ein)"))
        indicators_layout = QVBoxLayout(indicators_box)
        self.indicators = QCheckBox(tr("diese Indikatoren anlegen:"))
        self.indicators.setChecked(True)
        names = QLabel(", ".join(f"{i.name} ({i.unit})" for i in starter.indicators))
        names.setWordWrap(True)
        indicators_layout.addWidget(self.indicators)
        indicators_layout.addWidget(names)
        layout.addWidget(indicators_box)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        outer.addWidget(self.error)

    @staticmethod
    def _percent(bp: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 100)
        box.setSuffix(" %")
        box.setValue(bp // 100)
        return box

    def add_group(self, name: str, public: bool, edit: bool = False) -> None:
        row = self.groups.rowCount()
        self.groups.insertRow(row)
        self.groups.setItem(row, 0, QTableWidgetItem(name))
        check = QTableWidgetItem()
        check.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        )
        check.setCheckState(Qt.CheckState.Checked if public else Qt.CheckState.Unchecked)
        self.groups.setItem(row, 1, check)
        if edit:
            self.groups.setCurrentCell(row, 0)
            item = self.groups.item(row, 0)
            if item is not None:
                self.groups.editItem(item)

    def remove_group(self) -> None:
        rows = sorted({index.row() for index in self.groups.selectedIndexes()}, reverse=True)
        for row in rows:
            self.groups.removeRow(row)

    def group_list(self) -> list[tuple[str, bool]]:
        result = []
        for row in range(self.groups.rowCount()):
            name_item, check = self.groups.item(row, 0), self.groups.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            if name:
                result.append((name, check is not None and check.checkState() == Qt.CheckState.Checked))
        return result

    def starter_set(self) -> StarterSet | None:
        if not self.use.isChecked():
            return None
        purposes = tuple(line.strip() for line in self.purposes.toPlainText().splitlines() if line.strip())
        return replace(
            self.starter,
            interest_groups=tuple(GroupSpec(n, p) for n, p in self.group_list()),
            rules=RulesSpec(
                quorum_share_bp=self.quorum.value() * 100,
                double_quorum=self.double_quorum.isChecked(),
                max_group_share_bp=self.max_group.value() * 100,
                min_non_public_share_bp=self.min_wiso.value() * 100,
                notice_days=self.notice.value(),
                written_procedure_allowed=self.written.isChecked(),
            ),
            consent_purposes=purposes,
            indicators=self.starter.indicators if self.indicators.isChecked() else (),
        )


class SetupWizard(QWizard):
    """The assistant; ``done_setup(settings_id)`` after saving, ``demo_requested`` / ``open_requested``
    when the user would rather look at the demo region or open an existing file."""

    done_setup = Signal(str)
    demo_requested = Signal()
    open_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.settings_id: str | None = None
        self.setWindowTitle(tr("Region einrichten"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, tr("Später"))
        self.setButtonText(QWizard.WizardButton.NextButton, tr("Weiter >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< Zurück"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Region anlegen"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Abbrechen"))
        self.customButtonClicked.connect(lambda _which: self.later())
        self.welcome = WelcomePage(self)
        self.region = RegionPage()
        self.office = OfficePage()
        self.authority = AuthorityPage()
        self.period = PeriodPage()
        self.starter = StarterPage()
        for page_id, page in enumerate(
            (self.welcome, self.region, self.office, self.authority, self.period, self.starter)
        ):
            self.setPage(page_id, page)
        fit_to_screen(self, 780, 620)

    # ------------------------------------------------------------ leaving
    def later(self) -> None:
        """„Später“: nothing is written; Datei → „Region einrichten …“ opens the assistant again."""
        self.reject()

    def choose_demo(self) -> None:
        self.reject()
        self.demo_requested.emit()

    def choose_open(self) -> None:
        self.reject()
        self.open_requested.emit()

    # ------------------------------------------------------------ saving
    def region_setup(self) -> RegionSetup:
        r, o, a = self.region, self.office, self.authority
        settings = {
            "name": r.name.text().strip(),
            "lag_name": r.lag_name.text().strip(),
            "kind": r.kind.currentData(),
            "land": r.land.currentData() or None,
            "office_address": o.address.toPlainText().strip(),
            "office_phone": o.phone.text().strip(),
            "office_email": o.email.text().strip(),
            "office_website": o.website.text().strip(),
            "approval_authority_name": a.name.text().strip(),
            "approval_authority_address": a.address.toPlainText().strip(),
        }
        return RegionSetup(
            settings, self.period.period(), o.logo.logo, o.logo.mime, self.starter.starter_set()
        )

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentId() != STARTER:
            return True
        return self.save()

    def save(self) -> bool:
        """Write the region; on a refusal say why on the last page and keep every input."""
        try:
            with undoable(self, self.db, tr("Region einrichten")):
                self.settings_id = setup_region(self.db, self.region_setup())
        except ValidationError as error:
            self.starter.error.setText(str(error))
            return False
        except DomainError as error:
            self.starter.error.setText(str(error))
            return False
        self.done_setup.emit(self.settings_id)
        return True
