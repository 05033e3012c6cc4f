"""Section titles are unique in a report (ignoring case), and adding sections at the same
moment never answers 500."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.models import Team, User
from workspace.report import operations as ops
from workspace.report.models import Section, TemplateSection


def test_a_title_the_report_already_has_is_refused_and_kept_in_the_form(make_client, world):
    member = make_client(world.member)
    response = member.form(f"/teams/{world.team.id}/report", {"title": "  FINDINGS "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The message names the section as it is written, and sits in an error summary at the top
    # of the page as well as beside the box, so it is seen.
    assert "This report already has a section called ‘Findings’" in html
    assert 'value="FINDINGS"' in html  # what was typed stays in the box
    assert html.index("There is a problem") < html.index("<h1>Group report</h1>")
    assert 'href="#title"' in html
    keys = list(db.session.scalars(select(Section.key).where(Section.team_id == world.team.id)))
    assert "findings-2" not in keys


def test_a_second_team_section_with_the_same_title_is_refused(make_client, world):
    member = make_client(world.member)
    assert member.form(f"/teams/{world.team.id}/report", {"title": "Patient stories"}).status_code == 302
    again = member.form(f"/teams/{world.team.id}/report", {"title": "patient Stories"})
    assert again.status_code == 400
    assert "already has a section called" in again.get_data(as_text=True)
    titles = [s.title for s in ops.sections_for(world.team)]
    assert titles.count("Patient stories") == 1


def test_a_removed_sections_title_can_be_used_again(world):
    section = ops.add_team_section(world.team, "Patient stories", world.member)
    ops.remove_team_section(world.team, section, world.member)
    again = ops.add_team_section(world.team, "Patient stories", world.member)
    assert again.key == "patient-stories-2"  # the removed one keeps its key and history


def test_the_template_refuses_a_duplicate_title_when_adding_or_renaming(make_client, world):
    facilitator = make_client(world.facilitator)
    base = f"/admin/cohorts/{world.team.cohort_id}/report"
    ops.template_for(world.team.cohort)
    added = facilitator.form(f"{base}/sections", {"title": "findings", "guidance": "Kept guidance"})
    assert added.status_code == 400
    html = added.get_data(as_text=True)
    assert "The cohort&#39;s template already has a section called ‘Findings’" in html or \
        "The cohort's template already has a section called ‘Findings’" in html
    assert "Kept guidance" in html
    intro = db.session.scalar(select(TemplateSection).where(TemplateSection.key == "introduction"))
    renamed = facilitator.form(f"{base}/sections/{intro.id}", {"title": "Findings", "guidance": "g"})
    assert renamed.status_code == 400
    # Changing the case of its own title is not a clash with itself.
    assert facilitator.form(f"{base}/sections/{intro.id}", {"title": "INTRODUCTION AND CONTEXT", "guidance": "g"}).status_code == 302


def test_a_key_taken_at_the_same_moment_takes_the_next_key(world, monkeypatch):
    """Simulate the race: another request inserts the key after we chose it, before we commit."""
    real_slug = ops._slug
    raced = []

    def slug_then_race(title):
        slug = real_slug(title)
        if not raced:
            raced.append(slug)
            with Session(db.engine) as other:  # a second connection: the other request
                other.add(Section(team_id=world.team.id, key=slug, title="Risks?", position=2000, status="not_started",
                                  body="", version=0, word_count=0, guidance="", excluded_from_count=False))
                other.commit()
        return slug

    monkeypatch.setattr(ops, "_slug", slug_then_race)
    ops.sections_for(world.team)
    section = ops.add_team_section(world.team, "Risks!", world.member)
    assert raced == ["risks"] and section.key == "risks-2"


def test_a_same_title_taken_at_the_same_moment_is_a_clear_refusal(world, monkeypatch):
    real_slug = ops._slug
    raced = []

    def slug_then_race(title):
        slug = real_slug(title)
        if not raced:
            raced.append(slug)
            with Session(db.engine) as other:
                other.add(Section(team_id=world.team.id, key=slug, title="Risks", position=2000, status="not_started",
                                  body="", version=0, word_count=0, guidance="", excluded_from_count=False))
                other.commit()
        return slug

    monkeypatch.setattr(ops, "_slug", slug_then_race)
    ops.sections_for(world.team)
    with pytest.raises(ValidationProblem, match="already has a section called"):
        ops.add_team_section(world.team, "risks", world.member)


def test_concurrent_adds_never_fail(app, world, monkeypatch):
    # On PostgreSQL the writers really race for the key; SQLite serialises them, and must too
    # answer each with a key or a message.
    ops.sections_for(world.team)
    writers = 6
    barrier = threading.Barrier(writers, timeout=10)
    real_slug = ops._slug
    local = threading.local()

    def slug_after_everyone_has_looked(title):
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait()  # every writer has read the keys before anyone commits
        return real_slug(title)

    monkeypatch.setattr(ops, "_slug", slug_after_everyone_has_looked)
    outcomes: list = []
    team_id, user_id = world.team.id, world.member.id

    def add(n: int) -> None:
        with app.app_context():
            try:
                section = ops.add_team_section(db.session.get(Team, team_id), f"Risks{'!?.,;:'[n]}", db.session.get(User, user_id))
                outcomes.append(section.key)
            except ValidationProblem as problem:
                outcomes.append(problem.message)
            except Exception as error:  # noqa: BLE001 - the test reports any failure
                outcomes.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    keys = [o for o in outcomes if o.startswith("risks")]
    assert len(keys) == len(set(keys)) >= 1
    # Titles differ only in punctuation here, so every writer got a key or a clear message.
    assert len(outcomes) == writers
