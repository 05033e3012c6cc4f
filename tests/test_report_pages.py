"""The report's pages, used without JavaScript: every flow works with plain forms."""

from __future__ import annotations

import re

from sqlalchemy import select

from workspace.extensions import db
from workspace.report import operations as ops
from workspace.report.models import Comment, Notification, ReportRules, Section, TemplateSection


def section_url(world, key="introduction", suffix=""):
    return f"/teams/{world.team.id}/report/{key}{suffix}"


def base_version(html: str) -> str:
    return re.search(r'id="base-version"[^>]*value="(\d+)"|value="(\d+)"[^>]*id="base-version"', html).group(1) or "0"


def save_form(client, world, body, base, key="introduction"):
    return client.form(section_url(world, key), {"body": body, "base_version": str(base)})


def test_overview_lists_template_sections_with_status_and_totals(make_client, world):
    html = make_client(world.member).get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    assert "Executive summary" in html and "Reflections on systems leadership" in html
    assert "Not started" in html
    assert "0</strong> of 5,000 words" in html
    assert 'aria-label="Report progress"' in html


def test_member_writes_a_section_without_javascript(make_client, world):
    client = make_client(world.member)
    page = client.get(section_url(world)).get_data(as_text=True)
    assert "What to write here" in page and "Integrated Care System" in page
    response = save_form(client, world, "Riverside serves **450,000** people.", 0)
    assert response.status_code == 302
    html = client.get(section_url(world)).get_data(as_text=True)
    assert "<strong>450,000</strong>" in html
    assert "Saved." in html
    section = db.session.scalar(select(Section).where(Section.key == "introduction"))
    assert section.version == 1 and section.status == "drafting" and section.word_count == 4


def test_stale_form_save_merges_and_says_so(make_client, world):
    a, b = make_client(world.member), make_client(world.facilitator)
    save_form(a, world, "Para one.\n\nPara two.\n", 0)
    save_form(a, world, "Para one, edited.\n\nPara two.\n", 1)
    response = save_form(b, world, "Para one.\n\nPara two, edited.\n", 1)
    assert response.status_code == 302
    assert "both sets of changes are kept" in b.get(section_url(world)).get_data(as_text=True)
    assert ops.get_section(world.team, "introduction").body == "Para one, edited.\n\nPara two, edited.\n"


def test_conflicting_form_save_shows_both_and_keeps_my_text(make_client, world):
    a, b = make_client(world.member), make_client(world.facilitator)
    save_form(a, world, "The figure is 60.\n", 0)
    save_form(a, world, "The figure is 70.\n", 1)
    response = save_form(b, world, "The figure is 80.\n", 1)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed the same words" in html
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; your version" in html and "The figure is 80." in html
    assert base_version(html) == "2"
    assert ops.get_section(world.team, "introduction").version == 2  # nothing saved
    resolved = save_form(b, world, "The figure is 75.\n", 2)
    assert resolved.status_code == 302


def test_over_long_form_save_keeps_text_and_explains(make_client, world):
    response = save_form(make_client(world.member), world, "word " * 50_000, 0)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "at most 200 kB" in html
    assert html.count("word word word") > 0  # the text is still in the editor


def test_missing_or_bad_base_version_keeps_text(make_client, world):
    client = make_client(world.member)
    missing = client.form(section_url(world), {"body": "Keep me"})
    assert missing.status_code == 400 and "Keep me" in missing.get_data(as_text=True)
    assert "missing the version it started from" in missing.get_data(as_text=True)
    bad = client.form(section_url(world), {"body": "Keep me too", "base_version": "abc"})
    assert bad.status_code == 400 and "Keep me too" in bad.get_data(as_text=True)


def test_host_sees_text_but_no_editor_and_cannot_post(make_client, world):
    ops.save_section(world.team, "introduction", "Host can read this.", 0, world.member)
    host = make_client(world.host)
    html = host.get(section_url(world)).get_data(as_text=True)
    assert "Host can read this." in html
    assert 'id="section-form"' not in html
    assert save_form(host, world, "Host edit", 1).status_code == 403
    assert "Add a comment" in html


def test_status_can_be_set(make_client, world):
    client = make_client(world.member)
    client.get(section_url(world))
    client.form(section_url(world, suffix="/status"), {"status": "final"})
    assert ops.get_section(world.team, "introduction").status == "final"
    assert client.form(section_url(world, suffix="/status"), {"status": "done"}).status_code == 302
    assert ops.get_section(world.team, "introduction").status == "final"


def test_team_adds_and_removes_its_own_section(make_client, world):
    client = make_client(world.member)
    response = client.form(f"/teams/{world.team.id}/report", {"title": "Patient stories"})
    assert response.headers["Location"].endswith("/report/patient-stories")
    assert "Patient stories" in client.get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    assert "Remove “Patient stories”" in client.get(section_url(world, "patient-stories", "/remove")).get_data(as_text=True)
    client.form(section_url(world, "patient-stories", "/remove"))
    assert client.get(section_url(world, "patient-stories")).status_code == 404
    # Template sections cannot be removed by a team.
    assert client.form(section_url(world, "introduction", "/remove")).status_code == 403


def test_history_compare_and_restore(make_client, world):
    client = make_client(world.member)
    ops.save_section(world.team, "introduction", "The cat sat.\n", 0, world.member)
    ops.save_section(world.team, "introduction", "The dog sat.\n", 1, world.facilitator)
    html = client.get(section_url(world, suffix="/history")).get_data(as_text=True)
    assert "Mo Member" in html and "Fay Facilitator" in html
    assert "Words in the current text" in html
    diff = client.get(section_url(world, suffix="/history/compare?from=1&to=2")).get_data(as_text=True)
    assert "<del>cat</del><ins>dog</ins>" in diff
    client.form(section_url(world, suffix="/history/1/restore"))
    section = ops.get_section(world.team, "introduction")
    assert section.body == "The cat sat.\n" and section.version == 3
    assert client.get(section_url(world, suffix="/history/compare?from=1&to=99")).status_code == 404
    assert client.get(section_url(world, suffix="/history/compare")).status_code == 400


def test_comment_reply_edit_delete_resolve_reopen(make_client, world):
    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    host = make_client(world.host)
    response = host.form(section_url(world, suffix="/comments"), {"body": "Which ward? @Mo", "quote": "long waits"})
    assert response.status_code == 302
    thread = db.session.scalar(select(Comment))
    assert thread.quote == "long waits"
    assert db.session.scalar(select(Notification).where(Notification.user_id == world.member.id)) is not None
    member = make_client(world.member)
    member.form(section_url(world, suffix="/comments"), {"body": "Ward 7.", "parent_id": str(thread.id)})
    html = member.get(section_url(world)).get_data(as_text=True)
    assert "“long waits”" in html and "Ward 7." in html
    # Only the author edits; anyone who comments can resolve.
    assert member.form(f"/teams/{world.team.id}/comments/{thread.id}/edit", {"body": "x"}).status_code == 403
    host.form(f"/teams/{world.team.id}/comments/{thread.id}/edit", {"body": "Which ward, please?"})
    member.form(f"/teams/{world.team.id}/comments/{thread.id}/resolve")
    assert "No open comments" in member.get(section_url(world)).get_data(as_text=True)
    assert "Which ward, please?" in member.get(section_url(world) + "?comments=resolved").get_data(as_text=True)
    host.form(f"/teams/{world.team.id}/comments/{thread.id}/reopen")
    assert "Which ward, please?" in member.get(section_url(world)).get_data(as_text=True)
    host.form(f"/teams/{world.team.id}/comments/{thread.id}/delete")
    assert "Which ward" not in member.get(section_url(world) + "?comments=all").get_data(as_text=True)


def test_empty_comment_is_refused_and_the_page_explains(make_client, world):
    response = make_client(world.member).form(section_url(world, suffix="/comments"), {"body": "  "})
    assert response.status_code == 400
    assert "Enter a comment" in response.get_data(as_text=True)


def test_comment_shows_text_changed_when_quote_disappears(make_client, world):
    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    make_client(world.host).form(section_url(world, suffix="/comments"), {"body": "Source?", "quote": "long waits"})
    ops.save_section(world.team, "introduction", "We found short waits.", 1, world.member)
    assert "Text changed" in make_client(world.member).get(section_url(world)).get_data(as_text=True)


def test_comments_page_filters_by_section_and_state(make_client, world):
    ops.sections_for(world.team)
    member = make_client(world.member)
    member.form(section_url(world, suffix="/comments"), {"body": "On the introduction"})
    member.form(section_url(world, "scope", "/comments"), {"body": "On the scope"})
    scope_id = ops.get_section(world.team, "scope").id
    html = member.get(f"/teams/{world.team.id}/comments?section={scope_id}").get_data(as_text=True)
    assert "On the scope" in html and "On the introduction" not in html
    assert "No resolved comments" in member.get(f"/teams/{world.team.id}/comments?state=resolved").get_data(as_text=True)


def test_notification_bell_and_list(make_client, world):
    make_client(world.host).form(section_url(world, suffix="/comments"), {"body": "@Mo Member have a look"})
    member = make_client(world.member)
    html = member.get("/").get_data(as_text=True)
    assert 'class="app-bell__count">1<' in html
    notes = member.get("/notifications").get_data(as_text=True)
    assert "Hana Host mentioned you" in notes
    member.form("/notifications/read")
    assert "app-bell__count" not in member.get("/").get_data(as_text=True)


def test_word_total_warns_near_and_over_the_limit(make_client, world):
    ops.sections_for(world.team)
    db.session.add(ReportRules(cohort_id=world.team.cohort_id, word_limit=100, tolerance_percent=10, count_tables=False))
    db.session.commit()
    ops.save_section(world.team, "findings", "word " * 95, 0, world.member)
    member = make_client(world.member)
    assert "Nearly at the limit" in member.get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    ops.save_section(world.team, "recommendations", "word " * 20, 0, world.member)
    assert "Over the limit" in member.get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    # The executive summary is excluded by default.
    ops.save_section(world.team, "executive-summary", "word " * 500, 0, world.member)
    assert "115</strong> of 100 words" in member.get(f"/teams/{world.team.id}/report").get_data(as_text=True)


def test_facilitator_edits_the_cohort_template(make_client, world):
    ops.sections_for(world.team)  # the team already has its report
    facilitator = make_client(world.facilitator)
    base = f"/admin/cohorts/{world.team.cohort_id}/report"
    assert "Executive summary" in facilitator.get(base).get_data(as_text=True)
    facilitator.form(f"{base}/sections", {"title": "Equality impact", "guidance": "Who gains, who loses.", "word_budget": "300"})
    assert ops.get_section(world.team, "equality-impact").guidance == "Who gains, who loses."
    intro = db.session.scalar(select(TemplateSection).where(TemplateSection.key == "introduction"))
    facilitator.form(f"{base}/sections/{intro.id}", {"title": "Introduction", "guidance": "New guidance", "word_budget": "500"})
    section = ops.get_section(world.team, "introduction")
    assert (section.title, section.guidance, section.word_budget) == ("Introduction", "New guidance", 500)
    facilitator.form(f"{base}/sections/{intro.id}/move", {"direction": "up"})
    order = [s.key for s in ops.sections_for(world.team)]
    assert order.index("introduction") < order.index("executive-summary")
    # Removing a section a team has written in keeps their words as their own section.
    ops.save_section(world.team, "scope", "Our scope text.", 0, world.member)
    scope = db.session.scalar(select(TemplateSection).where(TemplateSection.key == "scope"))
    facilitator.form(f"{base}/sections/{scope.id}/remove")
    kept = ops.get_section(world.team, "scope")
    assert kept is not None and kept.body == "Our scope text." and kept.is_team_section
    approach = db.session.scalar(select(TemplateSection).where(TemplateSection.key == "approach"))
    facilitator.form(f"{base}/sections/{approach.id}/remove")
    assert ops.get_section(world.team, "approach") is None


def test_template_validation_keeps_input(make_client, world):
    response = make_client(world.facilitator).form(
        f"/admin/cohorts/{world.team.cohort_id}/report/sections", {"title": "", "guidance": "Kept guidance", "word_budget": "-3"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the section title" in html and "Kept guidance" in html


def test_rules_are_saved_and_validated(make_client, world):
    facilitator = make_client(world.facilitator)
    base = f"/admin/cohorts/{world.team.cohort_id}/report"
    assert facilitator.form(f"{base}/rules", {"word_limit": "6000", "tolerance_percent": "5", "count_tables": "y"}).status_code == 302
    rules = db.session.get(ReportRules, world.team.cohort_id)
    assert (rules.word_limit, rules.tolerance_percent, rules.count_tables) == (6000, 5, True)
    bad = facilitator.form(f"{base}/rules", {"word_limit": "ten", "tolerance_percent": "500"})
    assert bad.status_code == 400


def test_report_pages_do_not_grow_queries_with_comments(make_client, world, app):
    from .querycount import counting_queries

    ops.save_section(world.team, "introduction", "Text with words.", 0, world.member)
    member = make_client(world.member)

    def queries() -> int:
        db.session.expire_all()  # each request starts cold, as in production
        with counting_queries(db.engine) as seen:
            assert member.get(section_url(world)).status_code == 200
        return len(seen)

    member.form(section_url(world, suffix="/comments"), {"body": "first"})
    first = db.session.scalar(select(Comment))
    member.form(section_url(world, suffix="/comments"), {"body": "a reply", "parent_id": str(first.id)})
    queries()  # the first visit copies the cohort's framework in once (issue 13's tag panel)
    before = queries()
    for n in range(6):
        member.form(section_url(world, suffix="/comments"), {"body": f"more {n}"})
        thread = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
        member.form(section_url(world, suffix="/comments"), {"body": "reply", "parent_id": str(thread.id)})
    assert queries() == before


def test_history_is_paginated(make_client, world):
    for n in range(55):
        ops.save_section(world.team, "introduction", f"Draft number {n}.", n, world.member)
    client = make_client(world.member)
    first = client.get(section_url(world, suffix="/history")).get_data(as_text=True)
    assert "Page 2 of 2" in first
    assert 'id="to-55"' in first and 'id="to-5"' not in first
    second = client.get(section_url(world, suffix="/history?page=2")).get_data(as_text=True)
    assert 'id="to-5"' in second and 'id="to-1"' in second


def test_text_with_conflict_markers_is_not_saved(make_client, world):
    client = make_client(world.member)
    body = "<<<<<<< your version\nMine\n=======\nTheirs\n>>>>>>> saved version\n"
    response = save_form(client, world, body, 0)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "remove the conflict markers" in html
    assert "Mine" in html  # the text stays in the editor
    assert ops.get_section(world.team, "introduction").version == 0


def test_form_save_to_a_removed_section_is_410_and_to_an_unknown_one_404(make_client, world):
    client = make_client(world.member)
    client.form(f"/teams/{world.team.id}/report", {"title": "Patient stories"})
    client.form(section_url(world, "patient-stories", "/remove"))
    gone = save_form(client, world, "Late words", 0, key="patient-stories")
    assert gone.status_code == 410 and "Late words" in gone.get_data(as_text=True)
    assert save_form(client, world, "Stray words", 0, key="never-was").status_code == 404
