"""How large a demo region :func:`regiodesk.services.demo.populate` writes."""

from __future__ import annotations

from dataclasses import dataclass

from regiodesk.domain.enums import ProjectStatus


@dataclass(frozen=True)
class Scale:
    """How much :func:`populate` writes. The strategy, region and criteria do not scale."""

    contacts: int
    projects: int
    bodies: int
    meetings: int
    #: Smallest and largest agenda (TOPs per meeting). LAG meetings use the largest.
    items_per_meeting: tuple[int, int] = (4, 8)
    #: Exact number of agenda items in total (``None``: whatever the meetings draw).
    agenda_items: int | None = None
    lag_voting_members: int = 25

    def __post_init__(self) -> None:
        low, high = self.items_per_meeting
        problems = []
        if self.contacts < 150:
            problems.append("at least 150 contacts (office, mayors and members of the LAG)")
        if self.projects < len(ProjectStatus):
            problems.append(f"at least {len(ProjectStatus)} projects (one per status)")
        if self.bodies < 3 or self.meetings < self.bodies + 3:
            problems.append("at least 3 bodies and 3 meetings more than bodies")
        if not 4 <= low <= high or high < 6:
            problems.append("agendas of at least 4 items and LAG agendas of at least 6")
        if self.lag_voting_members < 10:
            problems.append("at least 10 voting LAG members")
        if problems:
            raise ValueError("Scale needs " + "; ".join(problems))


DEMO = Scale(contacts=200, projects=30, bodies=3, meetings=12)
