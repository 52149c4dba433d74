"""The pages of the Stammdaten window, apart from it: the main window builds its menu from them
without importing the catalogue services at start."""

from __future__ import annotations

#: page key -> title in the list on the left (and in the Stammdaten menu)
PAGES = {
    "interest_groups": "Interessengruppen",
    "action_fields": "Handlungsfelder und Entwicklungsziele",
    "funding_periods": "Förderperioden und Fördersätze",
    "criteria": "Auswahlkriterien",
    "tags": "Schlagwörter",
    "consent_purposes": "Einwilligungszwecke",
}
