"""Money and shares as the domain's own messages write them (pure): "1.234,50 €", "25 %".

Apart from ``funding`` so that a rule that only words an amount (the ranking of a call) does not
bring the funding rules with it.
"""

from __future__ import annotations


def euro(cents: int) -> str:
    """German money text for the domain's own messages: ``123450`` → ``"1.234,50 €"``.

    Same output as ``regiodesk.i18n.format_cents`` (which the domain may not import).
    """
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d} €"


def percent(bp: int) -> str:
    """Basis points as German percent without needless decimals: 2500 → ``"25 %"``, 3333 → ``"33,33 %"``."""
    sign = "-" if bp < 0 else ""
    whole, rest = divmod(abs(bp), 100)
    if rest == 0:
        return f"{sign}{whole} %"
    return f"{sign}{whole},{rest:02d}".rstrip("0") + " %"
