"""List import (xlsx, xls, ods, CSV): one pipeline from the file to one transaction.

Generic: knows nothing about contacts or projects. :class:`pipeline.ImportPipeline` runs every
step; an importer (declared in services, see ``services/contacts_import.py``) names its fields
(:class:`TargetField`), its catalogues and its hooks. No Qt, no formula is ever evaluated.
"""

from regiodesk.imports.mapping import (
    IGNORE,
    TargetField,
    header_hints,
    load_remembered,
    remember,
    suggest_mapping,
)
from regiodesk.imports.reader import ImportFileError, SourceRow, Table, header_key, list_sheets, read_table
from regiodesk.imports.values import ParsedRow, as_bool, as_date, as_int, as_money, as_text, parse_rows

__all__ = [
    "IGNORE",
    "ImportFileError",
    "ParsedRow",
    "SourceRow",
    "Table",
    "TargetField",
    "as_bool",
    "as_date",
    "as_int",
    "as_money",
    "as_text",
    "header_hints",
    "header_key",
    "list_sheets",
    "load_remembered",
    "parse_rows",
    "read_table",
    "remember",
    "suggest_mapping",
]
