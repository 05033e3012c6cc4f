"""The Coverage page, its cell lists, each member's evidence page and Word document, and the
heatmap's Word part (helper fw-coverage)."""

from __future__ import annotations

import io
import zipfile

import pytest

from workspace.extensions import db
from workspace.framework import coverage_queries as q
from workspace.framework.coverage import count
from workspace.framework.export_parts_coverage import coverage_parts

from . import factories
from .framework_coverage_data import Framework, action, reflection, section, stakeholder, tag


@pytest.fixture
def fw(world):
    framework = Framework(world.team.cohort)
    db.session.commit()
    return framework


def heat(html: str, key: str, item_type: str) -> str:
    """The text of the heatmap's cell for a domain and a kind of item."""
    marker = f'data-domain="{key}" data-type="{item_type}">'
    start = html.index(marker) + len(marker)
    cell = html[start:html.index("</td>", start)]
    return cell.split('<span class="nhsuk-u-visually-hidden">')[0].split(">")[-1].strip()


def page(client, world) -> str:
    response = client.get(f"/teams/{world.team.id}/framework")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_first_visit_copies_the_programmes_framework_into_the_cohort(make_client, world):
    from workspace.framework.data import DOMAINS

    html = page(make_client(world.member), world)
    assert 'id="coverage-no-framework"' not in html and 'id="coverage-empty"' in html
    for domain in DOMAINS:
        assert f"No work is tagged {domain.name} yet: the programme&#39;s menu suggests, for example, " in html
    assert "No work is tagged Learning and Capacity Building yet" in html
    assert html.count('class="nhsuk-inset-text app-coverage-gap"') == 4


def test_empty_state_shows_every_domain_as_a_gap(make_client, world, fw):
    html = page(make_client(world.member), world)
    assert 'id="coverage-empty"' in html
    assert "No work is tagged Learning and Capacity Building yet: the programme&#39;s menu suggests, for example, " \
           "talent development or effective knowledge sharing." in html
    assert html.count('class="nhsuk-inset-text app-coverage-gap"') == 4
    assert heat(html, "individual", "action") == "0"


def test_tagged_work_fills_the_heatmap_and_each_cell_lists_its_items(make_client, world, fw):
    team = world.team
    first, second = action(team, world.member, "Book the ward huddle"), action(team, world.member, "Map discharge")
    tag(team, "action", first.id, domain=fw.domains["individual"], by=world.member)
    tag(team, "action", first.id, behaviour=fw.behaviours["Create shared vision"], by=world.member)
    tag(team, "action", second.id, behaviour=fw.behaviours["Create shared vision"], by=world.member)
    tag(team, "action", second.id, behaviour=fw.behaviours["Process mapping"], by=world.member)
    intro = section(team)
    tag(team, "section", intro.id, domain=fw.domains["innovation"], by=world.member)
    db.session.commit()
    client = make_client(world.member)
    html = page(client, world)
    assert 'id="coverage-empty"' not in html
    assert heat(html, "individual", "action") == "2"
    assert heat(html, "innovation", "action") == "1"
    assert heat(html, "innovation", "section") == "1"
    assert heat(html, "learning", "action") == "0"
    assert "app-heat--2" in html  # two items: the second shade
    assert "No work is tagged Individual Effectiveness" not in html
    assert "No work is tagged Relationships and Connectivity yet" in html
    cell = client.get(f"/teams/{team.id}/framework/domains/individual/action").get_data(as_text=True)
    assert "Book the ward huddle" in cell and "Map discharge" in cell
    assert f"/qi/actions/{first.id}" in cell
    sections = client.get(f"/teams/{team.id}/framework/domains/innovation/section").get_data(as_text=True)
    assert intro.title in sections
    empty = client.get(f"/teams/{team.id}/framework/domains/learning/action").get_data(as_text=True)
    assert 'id="cell-empty"' in empty
    assert client.get(f"/teams/{team.id}/framework/domains/nowhere/action").status_code == 404
    assert client.get(f"/teams/{team.id}/framework/domains/learning/widget").status_code == 404


def test_deleted_items_and_other_cohorts_domains_do_not_count(make_client, world, fw):
    from workspace.models import utcnow

    team = world.team
    gone = action(team, world.member, "Gone")
    tag(team, "action", gone.id, domain=fw.domains["learning"], by=world.member)
    elsewhere = Framework(factories.make_cohort("Another cohort"))
    kept = action(team, world.member, "Kept")
    tag(team, "action", kept.id, domain=elsewhere.domains["learning"], by=world.member)
    gone.deleted_at = utcnow()
    db.session.commit()
    html = page(make_client(world.member), world)
    assert heat(html, "learning", "action") == "0"
    assert 'id="coverage-empty"' in html


def test_a_confidential_stakeholder_counts_for_the_team_but_not_for_the_host(make_client, world, fw):
    team = world.team
    secret = stakeholder(team, world.member, "Private Person", confidential=True)
    open_ = stakeholder(team, world.member, "Open Person")
    for person in (secret, open_):
        tag(team, "stakeholder", person.id, domain=fw.domains["relationships"], by=world.member)
    db.session.commit()
    assert heat(page(make_client(world.member), world), "relationships", "stakeholder") == "2"
    host = make_client(world.host)
    assert heat(page(host, world), "relationships", "stakeholder") == "1"
    cell = host.get(f"/teams/{team.id}/framework/domains/relationships/stakeholder").get_data(as_text=True)
    assert "Open Person" in cell and "Private Person" not in cell


def test_a_private_reflection_counts_for_its_author_alone(make_client, world, fw):
    team = world.team
    colleague = factories.make_user("Cat Colleague", "cat@example.org")
    factories.add_member(team, colleague)
    private = reflection(team, world.member, "My private doubts", shared=False)
    shared = reflection(team, world.member, "What we learned", shared=True)
    tag(team, "reflection", private.id, behaviour=fw.behaviours["Trust"], by=world.member)
    tag(team, "reflection", private.id, domain=fw.domains["learning"], by=world.member)
    tag(team, "reflection", shared.id, domain=fw.domains["individual"], by=world.member)
    db.session.commit()
    world.submit()  # so that the assessor sees the team's work
    mine = page(make_client(world.member), world)
    assert heat(mine, "learning", "reflection") == "1"
    assert heat(mine, "individual", "reflection") == "1"
    for other in (colleague, world.facilitator, world.assessor, world.host):
        theirs = page(make_client(other), world)
        assert heat(theirs, "learning", "reflection") == "0", other.name
        # a shared reflection is the team's, its assessors' and facilitators': never the host partner's
        assert heat(theirs, "individual", "reflection") == ("0" if other is world.host else "1"), other.name
        cell = make_client(other).get(f"/teams/{team.id}/framework/domains/learning/reflection")
        assert "My private doubts" not in cell.get_data(as_text=True)
    host_cell = make_client(world.host).get(f"/teams/{team.id}/framework/domains/individual/reflection")
    assert "What we learned" not in host_cell.get_data(as_text=True)
    own_cell = make_client(world.member).get(f"/teams/{team.id}/framework/domains/learning/reflection")
    assert "My private doubts" in own_cell.get_data(as_text=True)
    # the team's counts (no viewer: the Word document's) hold the shared one only
    framework = q.framework_of(team)
    team_counts = count(framework.domains, framework.behaviours, q.counted_tags(team, None, audience="team"))
    assert {r.key: r.counts["reflection"] for r in team_counts.domains} == {
        "individual": 1, "relationships": 0, "innovation": 0, "learning": 0}
    assert next(t for t in team_counts.themes if t.key == "Relating & Communicating").total == 0
    host_counts = count(framework.domains, framework.behaviours, q.counted_tags(team, None, audience="host"))
    assert all(r.counts["reflection"] == 0 for r in host_counts.domains)


def test_the_page_links_to_each_members_evidence_but_not_for_the_host(make_client, world, fw):
    world.submit()
    html = page(make_client(world.assessor), world)
    assert f"/framework/members/{world.member.id}" in html
    assert f"/framework/members/{world.host.id}" not in html  # a host partner is not a learner
    assert "/framework/members/" not in page(make_client(world.host), world)


# --- each member's evidence ----------------------------------------------------------------------


def _evidence_world(world, fw):
    team = world.team
    colleague = factories.make_user("Cat Colleague", "cat@example.org")
    factories.add_member(team, colleague)
    mine = action(team, world.member, "Run the huddle")
    theirs = action(team, world.member, "Colleague's action")
    tag(team, "action", mine.id, behaviour=fw.behaviours["Create shared vision"], by=world.member)
    tag(team, "action", mine.id, behaviour=fw.behaviours["Authenticity"], by=world.member)
    tag(team, "action", theirs.id, domain=fw.domains["learning"], by=colleague)
    private = reflection(team, world.member, "Private thoughts", shared=False, body="Only **mine**.")
    shared = reflection(team, world.member, "Shared learning", shared=True)
    tag(team, "reflection", private.id, behaviour=fw.behaviours["Trust"], by=world.member)
    reflection(team, colleague, "Colleague reflection", shared=True)
    db.session.commit()
    return colleague, mine, private, shared


def test_a_members_evidence_lists_what_they_tagged_by_domain_and_theme(make_client, world, fw):
    colleague, mine, _private, _shared = _evidence_world(world, fw)
    world.submit()
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}"
    html = make_client(world.assessor).get(url).get_data(as_text=True)
    assert "Individual Effectiveness" in html and "Being" in html
    assert "Run the huddle" in html and "Create shared vision" in html
    assert "Colleague&#39;s action" not in html and "Colleague's action" not in html  # tagged by someone else
    assert "Shared learning" in html and "Colleague reflection" not in html


@pytest.mark.parametrize("viewer", ["assessor", "facilitator", "colleague"])
def test_private_reflections_never_show_to_anyone_but_their_author(make_client, world, fw, viewer):
    colleague, _mine, _private, _shared = _evidence_world(world, fw)
    world.submit()
    person = colleague if viewer == "colleague" else getattr(world, viewer)
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}"
    response = make_client(person).get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Private thoughts" not in html and "Only <strong>mine</strong>" not in html
    assert "Relating &amp; Communicating" not in html  # only the private reflection was tagged with Trust
    assert "evidence.docx" not in html


def test_the_member_sees_their_own_private_reflections_and_may_download(make_client, world, fw):
    _evidence_world(world, fw)
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}"
    html = make_client(world.member).get(url).get_data(as_text=True)
    assert "Private thoughts" in html and "Only <strong>mine</strong>" in html
    assert "Relating &amp; Communicating" in html
    assert "Your evidence" in html and "evidence.docx" in html


def test_who_may_see_a_members_evidence(make_client, world, fw):
    colleague, *_ = _evidence_world(world, fw)
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}"
    assert make_client(world.host).get(url).status_code == 403
    assert make_client(world.other_member).get(url).status_code == 404
    assert make_client().get(url).status_code in (302, 401)
    # a person who is not a learner of the team has no evidence page
    assert make_client(world.member).get(f"/teams/{world.team.id}/framework/members/{world.host.id}").status_code == 404
    assert make_client(world.member).get(
        f"/teams/{world.team.id}/framework/members/{world.other_member.id}").status_code == 404


def _docx_text(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_the_evidence_document_is_the_members_alone(make_client, world, fw):
    colleague, *_ = _evidence_world(world, fw)
    world.submit()
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}/evidence.docx"
    response = make_client(world.member).get(url)
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    text = _docx_text(response.data)
    for expected in ("Mo Member", "Tagged contributions", "Individual Effectiveness", "Run the huddle",
                     "Create shared vision", "Private thoughts", "Shared learning", "Private", "Shared with the team"):
        assert expected in text, expected
    assert "Colleague reflection" not in text and "Colleague&apos;s action" not in text
    for other in (colleague, world.facilitator, world.assessor, world.host, world.other_member):
        assert make_client(other).get(url).status_code == 404, other.name


def test_an_empty_evidence_document_still_opens(make_client, world, fw):
    response = make_client(world.member).get(f"/teams/{world.team.id}/framework/members/{world.member.id}/evidence.docx")
    text = _docx_text(response.data)
    assert "No work tagged with the framework yet." in text and "No reflections written yet." in text


# --- the heatmap in the Word report -----------------------------------------------------------------


def test_the_heatmap_part_counts_the_team_without_private_or_confidential_things(world, fw):
    team = world.team
    assert coverage_parts(team, "team") == []  # nothing tagged: no figure
    secret = stakeholder(team, world.member, "Private Person", confidential=True)
    tag(team, "stakeholder", secret.id, domain=fw.domains["relationships"], by=world.member)
    private = reflection(team, world.member, "Mine", shared=False)
    tag(team, "reflection", private.id, domain=fw.domains["learning"], by=world.member)
    shared = reflection(team, world.member, "Ours", shared=True)
    tag(team, "reflection", shared.id, domain=fw.domains["individual"], by=world.member)
    first = action(team, world.member, "An action")
    tag(team, "action", first.id, domain=fw.domains["innovation"], by=world.member)
    db.session.commit()
    for audience in ("team", "host", "assessor"):
        (figure,) = coverage_parts(team, audience)
        assert figure.section == "reflections"
        assert "Innovation and Improvement 1" in figure.text_after
        assert "Relationships and Connectivity 0" in figure.text_after
        assert "Learning and Capacity Building 0" in figure.text_after
        if audience == "host":  # the host partner never reads the team's reflections, shared or not
            assert "1 item of the team's work is tagged" in figure.text_after
            assert "Individual Effectiveness 0" in figure.text_after
        else:
            assert "2 items of the team's work are tagged" in figure.text_after
            assert "Individual Effectiveness 1" in figure.text_after
    first_hash = figure.content_hash
    png = figure.render()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    second = action(team, world.member, "Another")
    tag(team, "action", second.id, domain=fw.domains["innovation"], by=world.member)
    db.session.commit()
    (changed,) = coverage_parts(team, "team")
    assert changed.content_hash != first_hash
    assert coverage_parts(team, "team")[0].content_hash == changed.content_hash


def test_the_heatmap_is_registered_under_the_reflections_section(app):
    from workspace.exports.parts import providers

    (provider,) = [p for p in providers() if p.name == "framework_coverage"]
    assert provider.section == "reflections" and provider.fn is coverage_parts


def test_a_pdsa_cycle_is_named_as_such_in_the_evidence(make_client, world, fw):
    from workspace.qi.models import PdsaCycle

    cycle = PdsaCycle(team_id=world.team.id, title="Trusted assessor test", status="running")
    db.session.add(cycle)
    db.session.flush()
    tag(world.team, "pdsa", cycle.id, domain=fw.domains["innovation"], by=world.member)
    db.session.commit()
    url = f"/teams/{world.team.id}/framework/members/{world.member.id}"
    html = make_client(world.member).get(url).get_data(as_text=True)
    assert "PDSA cycle:</span>" in html and "Trusted assessor test" in html
    assert "PDSA cycle" in _docx_text(make_client(world.member).get(f"{url}/evidence.docx").data)


def test_a_tagged_recommendation_counts_and_lists_with_its_link(make_client, world, fw):
    from workspace.framework import recommendations as recommendation_ops

    made = recommendation_ops.create(world.team, world.member, {"statement": "Fund a discharge coordinator"})
    tag(world.team, "recommendation", made.id, domain=fw.domains["learning"], by=world.member)
    db.session.commit()
    client = make_client(world.host)  # the host partner sees the register, so its count too
    assert heat(page(client, world), "learning", "recommendation") == "1"
    cell = client.get(f"/teams/{world.team.id}/framework/domains/learning/recommendation").get_data(as_text=True)
    assert "Fund a discharge coordinator" in cell and f"/recommendations/{made.id}" in cell
