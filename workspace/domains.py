"""The four domains of the Systems Leadership Development Framework, by the exact names the
programme uses (shared/domain.md). Work is tagged with a domain's key.

Core: imports no feature. The framework issue makes the framework editable data per cohort;
until then these four are the fixed list every tag is checked against.
"""

from __future__ import annotations

DOMAINS: dict[str, str] = {
    "individual": "Individual Effectiveness",
    "relationships": "Relationships and Connectivity",
    "innovation": "Innovation and Improvement",
    "learning": "Learning and Capacity Building",
}


def domain_label(key: str | None) -> str:
    return DOMAINS.get(key or "", "")
