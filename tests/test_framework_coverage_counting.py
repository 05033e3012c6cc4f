"""Unit tests of coverage counting (workspace/framework/coverage.py): pure, no database."""

from __future__ import annotations

from workspace.framework.coverage import (
    ITEM_TYPES,
    BehaviourInfo,
    DomainInfo,
    TagInfo,
    count,
    gap_message,
    group_evidence,
    shade,
)

DOMAINS = [
    DomainInfo(1, "individual", "Individual Effectiveness", ("Coaching and mentoring",)),
    DomainInfo(2, "relationships", "Relationships and Connectivity", ("Action learning sets",)),
    DomainInfo(3, "innovation", "Innovation and Improvement", ("Leading complex change",)),
    DomainInfo(4, "learning", "Learning and Capacity Building", ("Talent development", "Effective knowledge sharing",
                                                                 "Systems thinking")),
]
BEHAVIOURS = [
    BehaviourInfo(10, "Create shared vision", domain_id=1),
    BehaviourInfo(11, "Leading without and beyond authority", domain_id=1),
    BehaviourInfo(30, "Process mapping", domain_id=3),
    BehaviourInfo(50, "Authenticity", theme="Being"),
    BehaviourInfo(51, "Trust", theme="Relating & Communicating"),
    BehaviourInfo(52, "Delivery", theme="Delivering"),
]


def row(coverage, key):
    return next(r for r in coverage.domains if r.key == key)


def theme(coverage, name):
    return next(r for r in coverage.themes if r.key == name)


def test_an_item_counts_once_per_domain_however_many_of_its_tags_name_it():
    tags = [TagInfo("action", 7, domain_id=1), TagInfo("action", 7, behaviour_id=10),
            TagInfo("action", 7, behaviour_id=11), TagInfo("action", 8, behaviour_id=10)]
    coverage = count(DOMAINS, BEHAVIOURS, tags)
    assert row(coverage, "individual").counts["action"] == 2
    assert row(coverage, "individual").total == 2
    assert coverage.items[(1, "action")] == [7, 8]
    assert coverage.total == 2


def test_counts_are_by_item_type_and_each_item_may_count_in_several_domains():
    tags = [TagInfo("section", 1, domain_id=3), TagInfo("section", 1, domain_id=4), TagInfo("pdsa", 2, behaviour_id=30),
            TagInfo("stakeholder", 5, domain_id=4), TagInfo("reflection", 9, domain_id=4),
            TagInfo("recommendation", 3, domain_id=4)]
    coverage = count(DOMAINS, BEHAVIOURS, tags)
    innovation, learning = row(coverage, "innovation"), row(coverage, "learning")
    assert innovation.counts == {"section": 1, "stakeholder": 0, "action": 0, "pdsa": 1, "recommendation": 0,
                                 "reflection": 0}
    assert learning.counts == {"section": 1, "stakeholder": 1, "action": 0, "pdsa": 0, "recommendation": 1,
                               "reflection": 1}
    assert (innovation.total, learning.total) == (2, 4)
    assert coverage.total == 5  # section 1 counts once overall
    assert set(innovation.counts) == set(ITEM_TYPES)


def test_themes_count_the_items_tagged_with_their_behaviours_and_not_domains():
    tags = [TagInfo("action", 1, behaviour_id=50), TagInfo("action", 1, behaviour_id=51),
            TagInfo("reflection", 2, behaviour_id=51), TagInfo("reflection", 2, behaviour_id=51),
            TagInfo("action", 3, domain_id=2)]
    coverage = count(DOMAINS, BEHAVIOURS, tags)
    assert theme(coverage, "Being").total == 1
    assert theme(coverage, "Relating & Communicating").counts["action"] == 1
    assert theme(coverage, "Relating & Communicating").counts["reflection"] == 1
    assert theme(coverage, "Delivering").total == 0
    assert theme(coverage, "Leading & Visioning").total == 0
    # theme behaviours belong to no domain
    assert sum(r.total for r in coverage.domains) == 1
    assert [t.key for t in coverage.themes] == ["Being", "Relating & Communicating", "Delivering", "Leading & Visioning"]


def test_gaps_name_each_domain_with_no_items_and_suggest_from_its_menu():
    coverage = count(DOMAINS, BEHAVIOURS, [TagInfo("action", 1, domain_id=1), TagInfo("pdsa", 4, behaviour_id=30)])
    assert [g.name for g in coverage.gaps] == ["Relationships and Connectivity", "Learning and Capacity Building"]
    learning = coverage.gaps[1].message
    assert learning.startswith("No work is tagged Learning and Capacity Building yet: ")
    assert "talent development or effective knowledge sharing" in learning
    assert "systems thinking" not in learning  # two suggestions at most


def test_a_domain_without_interventions_still_prompts():
    message = gap_message(DomainInfo(9, "x", "Somewhere New"))
    assert message.startswith("No work is tagged Somewhere New yet:")


def test_tags_outside_the_framework_given_count_nowhere():
    tags = [TagInfo("action", 1, domain_id=99), TagInfo("action", 2, behaviour_id=999),
            TagInfo("widget", 3, domain_id=1)]
    coverage = count(DOMAINS, BEHAVIOURS, tags)
    assert coverage.empty
    assert coverage.total == 0
    assert len(coverage.gaps) == 4


def test_no_framework_no_rows():
    coverage = count([], [], [TagInfo("action", 1, domain_id=1)])
    assert coverage.domains == [] and coverage.gaps == [] and coverage.empty


def test_shades_rise_with_the_count():
    assert [shade(n) for n in (0, 1, 2, 3, 4, 6, 7, 500)] == [0, 1, 2, 2, 3, 3, 4, 4]


def test_a_members_evidence_groups_items_by_domain_then_theme_with_the_behaviours_named():
    tags = [TagInfo("pdsa", 4, behaviour_id=30), TagInfo("action", 2, domain_id=1), TagInfo("action", 2, behaviour_id=10),
            TagInfo("action", 2, behaviour_id=11), TagInfo("section", 8, domain_id=1), TagInfo("reflection", 3, behaviour_id=51),
            TagInfo("action", 9, domain_id=99)]
    groups = group_evidence(DOMAINS, BEHAVIOURS, tags)
    assert [(g.kind, g.name) for g in groups] == [("domain", "Individual Effectiveness"),
                                                  ("domain", "Innovation and Improvement"),
                                                  ("theme", "Relating & Communicating")]
    individual = groups[0].entries
    assert [e.item for e in individual] == [("section", 8), ("action", 2)]
    assert individual[1].behaviours == ("Create shared vision", "Leading without and beyond authority")
    assert individual[0].behaviours == ()
    assert groups[1].entries[0].behaviours == ("Process mapping",)
    assert groups[2].entries[0].item == ("reflection", 3)


def test_no_tags_no_evidence():
    assert group_evidence(DOMAINS, BEHAVIOURS, []) == []


def test_a_reflections_own_headings_sit_under_its_title_in_the_document():
    from workspace.exports.evidence_word import _demoted

    text = "# Big\n\n## Smaller\n\n```\n# not a heading\n```\n###### deepest\n#hashtag"
    assert _demoted(text) == "### Big\n\n#### Smaller\n\n```\n# not a heading\n```\n###### deepest\n#hashtag"


def test_a_gaps_suggestions_read_as_part_of_the_sentence():
    message = gap_message(DomainInfo(9, "x", "Innovation and Improvement",
                                     ("Leading Complex Change", "QI Skills for ICS Teams", "Third")))
    assert message.endswith("for example, leading complex change or QI skills for ICS teams.")
