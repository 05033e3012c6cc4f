"""Shared set-up for the recommendations tests: a menu of interventions for a cohort (made
directly, as fw-data's `ensure_framework` would), and findings of a team (a report section, a
measure and a process map, through their own operations)."""

from __future__ import annotations

from workspace.extensions import db
from workspace.framework.models import FrameworkDomain, FrameworkIntervention
from workspace.processes import operations as process_ops
from workspace.qi import measure_operations as measure_ops
from workspace.report import operations as report_ops


def make_menu(cohort_id: int) -> dict[str, int]:
    """Two domains, two interventions each: {intervention name: id}."""
    made = {}
    for position, (key, name, items) in enumerate([
            ("relationships", "Relationships and Connectivity", ["Action learning sets", "Supporting network development"]),
            ("innovation", "Innovation and Improvement", ["Leading complex change", "Quality improvement skills"])]):
        domain = FrameworkDomain(cohort_id=cohort_id, key=key, name=name, position=position)
        db.session.add(domain)
        db.session.flush()
        for index, item in enumerate(items):
            intervention = FrameworkIntervention(cohort_id=cohort_id, domain_id=domain.id, name=item, position=index)
            db.session.add(intervention)
            db.session.flush()
            made[item] = intervention.id
    db.session.commit()
    return made


def make_findings(team, writer, suffix: str = "") -> dict[str, int]:
    section = report_ops.add_team_section(team, f"Current state at {team.name}{suffix}", writer)
    measure = measure_ops.create_measure(team, writer, {"name": f"Discharges before noon at {team.name}{suffix}",
                                                        "unit": "%"})
    process_map = process_ops.create_map(team, writer, {"title": f"Discharge pathway at {team.name}{suffix}"},
                                         lanes=["Ward"],
                                         steps=[{"lane": "Ward", "label": "Ready", "kind": "start"}])
    return {"section": section.id, "measure": measure.id, "process_map": process_map.id}


ALL_MET = {key: {"rating": "met", "note": ""} for key in (
    "long_term_plan", "workforce_strategy", "multi_agency", "leadership_focus", "affordable")}
