"""Cells to typed values, with the German reason when a cell cannot be read.

Excel hands over numbers, dates and text; CSV only text. Both go through the same parsers as
a form (``regiodesk.domain.parse``), so '1.234,50 €' and '22.11.2026' mean the same wherever
they are typed. Text that looks like a formula stays text; a real formula cell gives its saved
value (noted per cell), or, saved without a value, an error naming the cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from regiodesk.domain import parse
from regiodesk.domain.text import clean_text
from regiodesk.i18n import tr
from regiodesk.imports.mapping import IGNORE, TargetField
from regiodesk.imports.reader import SourceRow, Table

#: Excel's day 0 (the 1900 date system, with its famous 29 Feb 1900 already behind it).
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class ParsedRow:
    """One data row: typed values per field, errors (row not imported) and warnings (imported)."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Header of each mapped column whose value this row took from a formula's saved result
    from_formula: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def problem_text(self) -> str:
        return f"Zeile {self.number}: " + "; ".join(self.errors)


def as_text(value: Any) -> str:
    """Any cell as the text a person sees (whole numbers without '.0', dates as TT.MM.JJJJ)."""
    if type(value) is str:  # most cells: no isinstance chain (an import calls this 300,000 times)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value:%d.%m.%Y}"
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value).strip()


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day in a cell not formatted as a date
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(tr("„{value}“ ist kein Datum.", value=as_text(value)))
    return parse.parse_date(str(value))


def as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(tr("„{value}“ ist keine ganze Zahl.", value=as_text(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(tr("„{value}“ ist keine ganze Zahl.", value=as_text(value)))
    return parse.parse_int(str(value).replace(".", "") if "." in str(value) else str(value))


def as_money(value: Any) -> int | None:
    """Cents."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cents = Decimal(str(value)) * 100
        if cents != cents.to_integral_value():
            raise ValueError(tr("„{value}“ hat mehr als zwei Nachkommastellen.", value=as_text(value)))
        if cents < 0:
            raise ValueError(tr("Ein Geldbetrag darf nicht negativ sein."))
        return int(cents)
    return parse.parse_money(str(value))


def as_percent(value: Any) -> int | None:
    """Basis points; a number cell of Excel's %-format holds the fraction (0,45 for 45 %)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        return parse.parse_percent(str(number * 100 if number <= 1 else number).replace(".", ","))
    return parse.parse_percent(str(value))


_TRUE = {"ja", "j", "x", "1", "yes", "y", "true", "wahr", "✓", "✔"}
_FALSE = {"nein", "n", "0", "no", "false", "falsch", "-", "–"}


def as_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = as_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(tr("„{value}“ ist weder ja noch nein.", value=as_text(value)))


def as_raw(value: Any) -> Any:
    """The cell as read (a number stays a number: a caller may need to know, e.g. for phones)."""
    return value


CONVERTERS = {
    "raw": as_raw,
    "text": as_text,
    "date": as_date,
    "int": as_int,
    "money": as_money,
    "percent": as_percent,
    "bool": as_bool,
}


def parse_rows(table: Table, mapping: Sequence[str], fields: Sequence[TargetField]) -> list[ParsedRow]:
    """Each data row's cells converted to the mapped fields' kinds.

    A field with ``multiple`` columns gets a list of the non-empty values. A cell that cannot
    be converted becomes an error of its row, naming the column; so does a formula saved
    without a value. Text of a single-line field loses its line breaks and control characters.
    """
    by_name = {f.name: f for f in fields}
    plan = [(c, by_name[name]) for c, name in enumerate(mapping) if name != IGNORE and name in by_name]
    parsed: list[ParsedRow] = []
    formulas = table.formulas
    for row in table.rows:
        result = ParsedRow(row.number)
        misfit = table.row_errors.get(row.number)
        if misfit:
            result.errors.append(misfit)
        else:
            _convert(row, plan, table, result, formulas)
        parsed.append(result)
    return parsed


def _convert(row: SourceRow, plan, table: Table, result: ParsedRow, formulas) -> None:
    headers = table.headers
    for column, target in plan:
        raw = row.get(column)
        formula = formulas.get((row.number, column)) if formulas else None
        if formula is not None:
            if not formula.cached:
                result.errors.append(
                    f"Spalte „{headers[column]}“ (Zelle {table.cell_name(row.number, column)}): Die "
                    f"Excel-Formel „{formula.text}“ ist ohne berechneten Wert gespeichert. Bitte die "
                    "Datei in Excel oder LibreOffice öffnen, speichern und erneut einlesen."
                )
                continue
            if raw is not None and headers[column] not in result.from_formula:
                result.from_formula.append(headers[column])
        if type(raw) is str and not target.multiline and target.kind != "raw":
            raw = clean_text(raw)
        try:
            value = CONVERTERS[target.kind](raw)
        except ValueError as error:
            result.errors.append(f"Spalte „{headers[column]}“: {error}")
            continue
        if target.multiple:
            result.values.setdefault(target.name, [])
            if value not in (None, ""):
                result.values[target.name].append(value)
        elif value not in (None, "") or target.name not in result.values:
            result.values[target.name] = value
