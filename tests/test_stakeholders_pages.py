"""The stakeholder pages: forms keep what was typed, empty states, paging, sorting and filters,
the import report, the frozen review, and a host partner never seeing a confidential field."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from workspace.extensions import db
from workspace.stakeholders import operations as ops
from workspace.stakeholders import queries
from workspace.stakeholders.models import Stakeholder, StakeholderLink


def _url(world, path: str = "") -> str:
    return f"/teams/{world.team.id}/stakeholders{path}"


def _add(world, name, **fields):
    data = {"name": name, "category": "primary_care", "power": 3, "interest": 3, **fields}
    return ops.create(world.team, world.member, data).stakeholder


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_empty_register_says_what_to_do(make_client, world):
    member = make_client(world.member)
    page = _text(member.get(_url(world)))
    assert "No stakeholders yet" in page and "the 9 Cs" in page and "Add a stakeholder" in page
    assert "Import from a CSV file" in page
    for path, says in [("/grid", "The grid is empty"), ("/network", "no stakeholders on the register"),
                       ("/then-and-now", "nothing to compare"), ("/nine-cs", "No one yet for 9 of the 9 Cs")]:
        assert says in _text(member.get(_url(world, path))), path
    host_page = _text(make_client(world.host).get(_url(world)))
    assert "Add a stakeholder" not in host_page and "Import from a CSV file" not in host_page
    assert "The team has not added anyone" in host_page


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(make_client, world):
    member = make_client(world.member)
    typed = {"name": "Director of adult social care <script>", "organisation": "Eastfield City Council",
             "category": "local_authority", "power": "9", "interest": "", "attitude": "1",
             "last_contact_on": "31/02/2027", "tags": "council, DASS", "notes": "Line one\nLine two",
             "nine_cs": ["commissioners", "champions"], "attitude_confidential": "y"}
    answer = member.form(_url(world, "/new"), typed)
    page = _text(answer)
    assert answer.status_code == 400
    assert "There is a problem" in page
    assert "Power must be a whole number from 1 to 5" in page and "Enter interest" in page
    assert "Last contact must be a real date" in page
    assert 'value="Director of adult social care &lt;script&gt;"' in page
    assert 'value="31/02/2027"' in page and 'value="council, DASS"' in page and "Line one\nLine two" in page
    assert re.search(r'value="commissioners"[^>]*checked', page) and re.search(r'value="local_authority"\s+selected', page)
    assert db.session.query(Stakeholder).count() == 0
    fixed = member.form(_url(world, "/new"), {**typed, "power": "5", "interest": "2", "last_contact_on": "2026-11-30"})
    assert fixed.status_code == 302
    person = db.session.query(Stakeholder).one()
    assert person.nine_cs == ["commissioners", "champions"] and person.attitude_confidential
    assert fixed.headers["Location"] == _url(world, f"/{person.id}")


def test_a_duplicate_is_added_with_a_warning(make_client, world):
    _add(world, "Dr Amy Lee", organisation="Eastfield ICB")
    member = make_client(world.member)
    answer = member.form(_url(world, "/new"), {"name": "dr amy  LEE", "organisation": "Eastfield ICB",
                                                 "category": "icb", "power": "2", "interest": "2"}, follow_redirects=True)
    assert "already has someone called" in _text(answer)
    assert db.session.query(Stakeholder).count() == 2


def test_editing_someone_else_changed_keeps_your_values_and_shows_theirs(make_client, world):
    person = _add(world, "Chief nurse", power=2)
    member = make_client(world.member)
    form = _text(member.get(_url(world, f"/{person.id}/edit")))
    assert 'name="version" type="hidden" value="1"' in form
    ops.update(world.team, person, world.facilitator, {"power": 5})  # someone else, meanwhile
    answer = member.form(_url(world, f"/{person.id}/edit"), {"name": "Chief nurse", "category": "primary_care",
                                                             "power": "4", "interest": "3", "version": "1"})
    page = _text(answer)
    assert answer.status_code == 409 and "Someone else changed this stakeholder" in page
    assert "Power or influence: 5" in page and 'name="version" type="hidden" value="2"' in page
    assert re.search(r'<option value="4"\s+selected', page)  # their value is shown, yours kept in the form
    again = member.form(_url(world, f"/{person.id}/edit"), {"name": "Chief nurse", "category": "primary_care",
                                                            "power": "4", "interest": "3", "version": "2"})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Stakeholder, person.id).power == 4


def test_the_register_sorts_filters_searches_and_pages(make_client, world):
    for n in range(queries.PER_PAGE + 5):
        _add(world, f"Person {n:02d}", power=1 + n % 5, interest=1 + (n * 2) % 5,
             attitude=(n % 5) - 2, owner_id=world.member.id if n % 2 else None,
             next_contact_on=(queries.today() - timedelta(days=1 + n)).isoformat() if n < 3 else None)
    _add(world, "Zed 100% _literal_", organisation="Eastfield ICB", category="icb", power=5, interest=5)
    member = make_client(world.member)
    first = _text(member.get(_url(world)))
    assert f"{queries.PER_PAGE + 6} stakeholders." in first and "Page 1 of 2" not in first
    assert "Next" in first and "Person 00" in first and "Zed" not in first
    second = _text(member.get(_url(world, "?page=2")))
    assert "Zed 100% _literal_" in second
    by_power = _text(member.get(_url(world, "?sort=power&dir=desc")))
    assert by_power.index("Zed") < by_power.index("Person 00")
    assert 'aria-sort="descending"' in by_power
    assert "Zed" in _text(member.get(_url(world, "?q=100%25")))
    assert "Person" not in _text(member.get(_url(world, "?q=_literal_"))).split("register-count")[1]
    icb = _text(member.get(_url(world, "?category=icb")))
    assert "1 stakeholder matches the filters." in icb
    overdue = _text(member.get(_url(world, f"?overdue=1&owner={world.member.id}")))
    assert "1 stakeholder matches" in overdue and "Overdue" in overdue
    assert "No stakeholders match these filters" in _text(member.get(_url(world, "?quadrant=monitor&category=icb")))
    assert member.get(_url(world, "?page=99&sort=evil&dir=sideways&owner=abc&attitude=7")).status_code == 200
    none = _text(member.get(_url(world, "?attitude=none")))
    assert "1 stakeholder matches" in none  # Zed has no attitude recorded


def test_a_host_sees_no_confidential_stakeholder_or_attitude_on_any_page(make_client, world):
    open_one = _add(world, "Practice manager", attitude=1, desired_attitude=2, owner_id=world.member.id,
                    nine_cs=["champions"])
    guarded = _add(world, "Hillside partners", attitude=-2, desired_attitude=1, attitude_confidential=True,
                   nine_cs=["competitors"])
    secret = _add(world, "Dr Colin Avery", attitude=-2, confidential=True, nine_cs=["commentators"])
    ops.add_link(world.team, world.member, secret.id, open_one.id, "conflicts_with")
    ops.add_link(world.team, world.member, guarded.id, open_one.id, "influences")
    ops.update(world.team, guarded, world.member, {"attitude": -1})
    host = make_client(world.host)
    pages = ["", "/grid", "/network", "/then-and-now", "/nine-cs", f"/{open_one.id}", f"/{guarded.id}",
             "?sort=attitude", "?attitude=-2"]
    for path in pages:
        answer = host.get(_url(world, path))
        page = _text(answer)
        assert answer.status_code == 200, path
        shown = re.sub(r"<select.*?</select>", "", page, flags=re.S)  # the filters list every attitude
        assert "Colin Avery" not in shown, path
        if path == "/network":  # matplotlib's legend names every attitude; the figure's input is a unit test
            continue
        assert "Active resistor" not in shown.split("app-sh-legend")[0] and "-1 Sceptic" not in shown, path
        assert "app-sh-att--resistor" not in shown and "app-sh-att--sceptic" not in shown, path
        assert "Attitude: -" not in shown, path  # a marker's description
        assert "Confidential" not in shown and "confidential to the team" not in shown, path
    assert host.get(_url(world, f"/{secret.id}")).status_code == 404
    assert "Commentators" in _text(host.get(_url(world, "/nine-cs"))).split("No one yet for")[1].split("</p>")[0]
    # The team sees them all.
    member = make_client(world.member)
    assert "Colin Avery" in _text(member.get(_url(world)))
    assert "-1 Sceptic" in _text(member.get(_url(world, f"/{guarded.id}")))
    assert "Attitude confidential" in _text(member.get(_url(world)))


def test_stakeholder_page_links_and_comments(make_client, world):
    a, b = _add(world, "Chief nurse"), _add(world, "Ward managers")
    member = make_client(world.member)
    added = member.form(_url(world, f"/{a.id}/links"), {"relation": "manages", "other_id": str(b.id)})
    assert added.status_code == 302
    link = db.session.query(StakeholderLink).one()
    assert (link.source_id, link.target_id, link.kind) == (b.id, a.id, "reports_to")  # "is reported to by"
    page = _text(member.get(_url(world, f"/{a.id}")))
    assert re.search(r"Ward managers</a>\s+reports to\s+Chief nurse", page)
    again = member.form(_url(world, f"/{a.id}/links"), {"relation": "manages", "other_id": str(b.id)})
    assert again.status_code == 400 and "already linked" in _text(again)
    itself = member.form(_url(world, f"/{a.id}/links"), {"relation": "works_with", "other_id": str(a.id)})
    assert "cannot be linked to themselves" in _text(itself)
    confirm = _text(member.get(_url(world, f"/{a.id}/links/{link.id}/remove")))
    assert "Remove this relationship?" in confirm and "Ward managers reports to Chief nurse" in confirm
    assert member.form(_url(world, f"/{a.id}/links/{link.id}/remove")).status_code == 302
    assert db.session.query(StakeholderLink).count() == 0

    host = make_client(world.host)
    commented = host.form(f"/teams/{world.team.id}/comments/on/stakeholder/{a.id}", {"body": "@Mo Member who leads?"})
    assert commented.status_code == 302 and commented.headers["Location"].startswith(_url(world, f"/{a.id}#comment-"))
    assert "who leads?" in _text(member.get(_url(world, f"/{a.id}")))
    empty = host.form(f"/teams/{world.team.id}/comments/on/stakeholder/{a.id}", {"body": "   "})
    assert empty.status_code == 400 and "Enter a comment" in _text(empty)
    assert host.form(f"/teams/{world.team.id}/comments/on/stakeholder/999999", {"body": "Hi"}).status_code == 404
    assert host.form(f"/teams/{world.team.id}/comments/on/planet/{a.id}", {"body": "Hi"}).status_code == 404


def test_delete_asks_first(make_client, world):
    a, b = _add(world, "Chief nurse"), _add(world, "Ward managers")
    ops.add_link(world.team, world.member, a.id, b.id, "influences")
    member = make_client(world.member)
    confirm = _text(member.get(_url(world, f"/{a.id}/delete")))
    assert "Delete Chief nurse?" in confirm and "Chief nurse influences Ward managers" in confirm
    assert db.session.get(Stakeholder, a.id).deleted_at is None
    assert member.form(_url(world, f"/{a.id}/delete")).headers["Location"] == _url(world)
    assert member.get(_url(world, f"/{a.id}")).status_code == 404


def test_the_import_form_reports_each_rejected_row(make_client, world):
    member = make_client(world.member)
    bad = b"name,category,power,interest\nGood,ICB,1,1\nBad,ICB,7,1\n,Nowhere,1,1\n"
    answer = member.form(_url(world, "/import"), {"file": (io.BytesIO(bad), "register.csv")},
                         content_type="multipart/form-data")
    page = _text(answer)
    assert answer.status_code == 422 and "Rows that could not be imported" in page
    assert "Power must be a whole number from 1 to 5" in page and "Enter the stakeholder&#39;s name" in page
    assert "Nothing was imported: 2 rows have problems" in page
    assert db.session.query(Stakeholder).count() == 0
    wrong = member.form(_url(world, "/import"), {"file": (io.BytesIO("name;x".encode("utf-16")), "r.csv")},
                        content_type="multipart/form-data")
    assert wrong.status_code == 422 and "UTF-16" in _text(wrong)
    nothing = member.form(_url(world, "/import"), {}, content_type="multipart/form-data")
    assert nothing.status_code == 400 and "Choose a CSV file" in _text(nothing)
    good = member.form(_url(world, "/import"), {"file": (io.BytesIO(b"name,category,power,interest\nA,ICB,1,1\n"), "r.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "Imported the file: 1 new stakeholder" in _text(good)


def test_a_submitted_review_shows_the_map_to_read(make_client, world):
    person = _add(world, "Chief nurse")
    member = make_client(world.member)
    form = {"name": "Changed", "category": "icb", "power": "1", "interest": "1"}
    world.submit()
    page = _text(member.get(_url(world)))
    assert "cannot be changed unless a facilitator reopens it" in page and "Add a stakeholder" not in page
    assert f"/{person.id}/edit" not in _text(member.get(_url(world, f"/{person.id}")))
    refused = member.form(_url(world, f"/{person.id}/edit"), form)
    assert refused.status_code == 409 and "submitted this report" in _text(refused)
    assert 'value="Changed"' in _text(refused)  # what was typed is still there
    assert member.form(_url(world, "/new"), form).status_code == 409
    assert member.form(_url(world, f"/{person.id}/delete")).status_code == 409
    db.session.expire_all()
    assert db.session.get(Stakeholder, person.id).name == "Chief nurse"


def test_the_team_page_lists_a_members_overdue_contacts(make_client, world):
    late = _add(world, "Helen Achebe", owner_id=world.member.id,
                next_contact_on=(queries.today() - timedelta(days=3)).isoformat())
    _add(world, "Not yet due", owner_id=world.member.id, next_contact_on=(queries.today() + timedelta(days=3)).isoformat())
    _add(world, "Nobody's", next_contact_on=(queries.today() - timedelta(days=3)).isoformat())
    page = _text(make_client(world.member).get(f"/teams/{world.team.id}"))
    assert "1 contact overdue" in page and "Helen Achebe" in page and "Nobody" not in page and "Not yet due" not in page
    assert f"/stakeholders/{late.id}" in page
    assert "Your stakeholder contacts" not in _text(make_client(world.host).get(f"/teams/{world.team.id}"))
    tabs = _text(make_client(world.host).get(f"/teams/{world.team.id}"))
    assert f'href="/teams/{world.team.id}/stakeholders"' in tabs


def test_then_and_now_takes_a_date(make_client, world):
    _add(world, "Chief nurse")
    member = make_client(world.member)
    assert "The grid on" in _text(member.get(_url(world, "/then-and-now?on=2026-10-01")))
    bad = member.get(_url(world, "/then-and-now?on=yesterday"))
    assert bad.status_code == 400 and "Enter a real date" in _text(bad)
    assert member.get(_url(world, "/then-and-now?on=9999-01-01")).status_code == 400


def test_comment_pages_lead_back_to_the_stakeholder(make_client, world):
    person = _add(world, "Chief nurse")
    secret = _add(world, "Senior partner", confidential=True)
    member = make_client(world.member)
    member.form(f"/teams/{world.team.id}/comments/on/stakeholder/{person.id}", {"body": "First"})
    member.form(f"/teams/{world.team.id}/comments/on/stakeholder/{secret.id}", {"body": "Hidden"})
    from workspace.report.models import Comment

    mine, hidden = (db.session.query(Comment).filter_by(body=body).one() for body in ("First", "Hidden"))
    edited = member.form(f"/teams/{world.team.id}/comments/{mine.id}/edit", {"body": "First, edited"})
    assert edited.headers["Location"] == _url(world, f"/{person.id}#comment-{mine.id}")
    confirm = _text(member.get(f"/teams/{world.team.id}/comments/{mine.id}/delete"))
    assert f'href="{_url(world, f"/{person.id}#comment-{mine.id}")}"' in confirm
    reply = member.form(f"/teams/{world.team.id}/comments/on/stakeholder/{person.id}",
                        {"body": "A reply", "parent_id": str(mine.id)})
    assert reply.headers["Location"] == _url(world, f"/{person.id}#comment-{mine.id}")
    # A reply naming a thread on another stakeholder is not accepted under this one.
    assert member.form(f"/teams/{world.team.id}/comments/on/stakeholder/{person.id}",
                       {"body": "Wrong place", "parent_id": str(hidden.id)}).status_code == 404
    host = make_client(world.host)
    for path in (f"/comments/{hidden.id}/resolve", f"/comments/{hidden.id}/reopen"):
        assert host.form(f"/teams/{world.team.id}{path}").status_code == 404
    assert host.get(f"/teams/{world.team.id}/comments/{hidden.id}/delete").status_code == 404
