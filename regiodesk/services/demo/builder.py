"""Building the demo region part by part (see ``regiodesk.services.demo``).

The order matters: every part draws from the one random source, so reordering them would
change the region a seed gives.
"""

from __future__ import annotations

from regiodesk.services.demo.activities import write_activities
from regiodesk.services.demo.bodies import bodies_and_members
from regiodesk.services.demo.contacts import write_contacts
from regiodesk.services.demo.context import DemoContext
from regiodesk.services.demo.cooperation_and_small_projects import (
    write_cooperation_partners,
    write_regional_budget,
)
from regiodesk.services.demo.meetings import decide, plan_meetings, write_meetings
from regiodesk.services.demo.monitoring import indicator_values, write_reallocation
from regiodesk.services.demo.press_network import write_press_network
from regiodesk.services.demo.projects import link_decisions, plan_projects, write_history, write_projects
from regiodesk.services.demo.region import write_region
from regiodesk.services.demo.scores_and_payments import score_open_call


def build(ctx: DemoContext) -> None:
    """Write the whole region through ``ctx``'s writer."""
    write_region(ctx)
    write_contacts(ctx)
    bodies_and_members(ctx)
    projects = plan_projects(ctx)
    meetings = plan_meetings(ctx)
    decide(ctx, projects, meetings)
    write_projects(ctx, projects)
    write_meetings(ctx, meetings)
    write_reallocation(ctx, meetings)
    write_history(ctx, projects)
    ctx.out.flush()
    link_decisions(ctx, projects)
    indicator_values(ctx, projects)
    score_open_call(ctx, projects)
    write_activities(ctx, projects)  # last: draws after every other part
    ctx.out.flush()
    write_cooperation_partners(ctx, projects)
    write_regional_budget(ctx)
    write_press_network(ctx, projects)  # after everything else: the other counts stay
    ctx.out.flush()
