"""Comments: who may change them, @mentions by first name, and lists that stay bounded."""

from __future__ import annotations

import pytest
from flask import current_app

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.permissions import may_change_comment
from workspace.report import comments as comment_ops
from workspace.report import operations as ops
from workspace.report.models import Comment


def section_url(world, key="introduction", suffix=""):
    return f"/teams/{world.team.id}/report/{key}{suffix}"


def _thread_by(world, author):
    section = ops.get_section(world.team, "introduction")
    with current_app.test_request_context():  # the mention links are built with url_for
        return comment_ops.add_comment(world.team, author, section, "Which ward?")


# --- who may change a comment (one rule, in permissions.py) -----------------------------------


def test_the_rule_is_author_edits_author_or_facilitator_deletes(world):
    comment = _thread_by(world, world.host)
    assert may_change_comment(world.host, comment, "edit") and may_change_comment(world.host, comment, "delete")
    assert not may_change_comment(world.member, comment, "edit")
    assert not may_change_comment(world.member, comment, "delete")
    assert not may_change_comment(world.facilitator, comment, "edit")
    assert may_change_comment(world.facilitator, comment, "delete")
    with pytest.raises(ValueError):
        may_change_comment(world.host, comment, "rewrite")


def test_operations_refuse_with_their_own_error_not_permission_error(world):
    comment = _thread_by(world, world.host)
    with pytest.raises(comment_ops.NotYourComment):
        comment_ops.edit_comment(world.team, comment, world.member, "changed")
    with pytest.raises(comment_ops.NotYourComment):
        comment_ops.delete_comment(world.team, comment, world.member)
    db.session.expire_all()
    again = db.session.get(Comment, comment.id)
    assert again.body == "Which ward?" and again.deleted_at is None


def test_pages_answer_403_with_a_clear_message_for_someone_elses_comment(make_client, world):
    comment = _thread_by(world, world.host)
    member = make_client(world.member)
    for url in (f"/teams/{world.team.id}/comments/{comment.id}/edit", f"/teams/{world.team.id}/comments/{comment.id}/delete"):
        assert member.get(url).status_code == 403
        refused = member.form(url, {"body": "changed"})
        assert refused.status_code == 403
        assert "Only the person who wrote a comment" in refused.get_data(as_text=True)
    assert make_client(world.facilitator).form(f"/teams/{world.team.id}/comments/{comment.id}/edit",
                                               {"body": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Which ward?"


def test_api_answers_403_in_the_error_format_for_someone_elses_comment(client, world):
    comment = _thread_by(world, world.host)
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    url = f"/api/v1/teams/{world.team.id}/comments/{comment.id}"
    for response in (client.patch(url, json={"body": "changed"}, headers=headers), client.delete(url, headers=headers)):
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
        assert "Only the person who wrote a comment" in response.get_json()["error"]["message"]
    facilitator = {"Authorization": f"Bearer {create_api_token(world.facilitator, 't').secret}"}
    assert client.patch(url, json={"body": "x"}, headers=facilitator).status_code == 403
    assert client.delete(url, headers=facilitator).status_code == 204


def test_a_refusal_deep_in_the_operation_is_403_not_500(client, world, monkeypatch):
    """Even if a route's own check were skipped, the operation's refusal is a 403."""
    comment = _thread_by(world, world.host)
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    from workspace.report import api as report_api

    monkeypatch.setattr(report_api, "_may_change", lambda comment, change: None)
    response = client.patch(f"/api/v1/teams/{world.team.id}/comments/{comment.id}", json={"body": "x"}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


# --- @mentions by first name ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "first"), [
    ("Dr Ravi Patel", "Ravi"), ("Prof. Elaine Hart", "Elaine"), ("Dr Samuel Reid", "Samuel"),
    ("Mr Tom Jones", "Tom"), ("mrs. Ann Lee", "Ann"), ("Ms Jo Bell", "Jo"), ("Miss Kay Dunn", "Kay"),
    ("Mx Sam Ray", "Sam"), ("Sir Ian Gray", "Ian"), ("Dame Sue Black", "Sue"), ("Prof Dame Sue Black", "Sue"),
    ("Aisha Khan", "Aisha"), ("Drew Barry", "Drew"), ("Dr", "Dr"), ("", ""),
])
def test_first_name_skips_titles(name, first):
    from workspace.names import first_name

    assert first_name(name) == first


def test_at_first_name_reaches_people_with_titles(world):
    from tests import factories

    ravi = factories.make_user("Dr Ravi Patel", "ravi@example.org")
    elaine = factories.make_user("Prof. Elaine Hart", "elaine@example.org")
    samuel = factories.make_user("Dr Samuel Reid", "samuel@example.org")
    for person in (ravi, elaine, samuel):
        factories.add_member(world.team, person, "member")
    db.session.commit()
    found = comment_ops.mentioned_users(world.team, "@Ravi and @elaine, and @Samuel: please check.")
    assert {p.id for p in found} == {ravi.id, elaine.id, samuel.id}
    assert comment_ops.mentioned_users(world.team, "@Dr please check") == []
    assert comment_ops.mentioned_users(world.team, "@Dr Ravi Patel please check") == [ravi]


# --- comment lists are paged, and each section's plain text is built once ---------------------


def _many_threads(world, n: int, *, quoted: bool = True, resolved_every: int = 0, replies: bool = False,
                  distinct_people: bool = False) -> list[Comment]:
    """n threads straight into the database (the add_comment path is tested elsewhere).
    With distinct_people, every thread, reply and resolution has its own person, so a
    per-thread lazy load of any of them would show in a query count."""
    from tests import factories
    from workspace.models import utcnow

    section = ops.get_section(world.team, "introduction")
    made = []
    for i in range(n):
        def person(role: str, i=i):
            return factories.make_user(f"{role} {i} {len(made)}").id if distinct_people else world.host.id

        thread = Comment(team_id=world.team.id, target_type="section", target_id=section.id, body=f"Thread {i:03}",
                         quote="long waits" if quoted else None, author_id=person("Author"))
        if resolved_every and i % resolved_every == 0:
            thread.resolved_at, thread.resolved_by_id = utcnow(), person("Resolver")
        db.session.add(thread)
        db.session.flush()
        if replies:
            db.session.add(Comment(team_id=world.team.id, target_type="section", target_id=section.id,
                                   parent_id=thread.id, body=f"Reply {i:03}", author_id=person("Replier")))
        made.append(thread)
    db.session.commit()
    return made


@pytest.fixture
def plain_text_calls(monkeypatch):
    from workspace.report import comments as module

    calls = []
    real = module.plain_text

    def counting(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(module, "plain_text", counting)
    return calls


def _api_headers(user):
    return {"Authorization": f"Bearer {create_api_token(user, 't').secret}"}


def test_each_request_builds_the_sections_plain_text_once(make_client, client, world, plain_text_calls):
    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    _many_threads(world, 8)
    member = make_client(world.member)
    for url in (section_url(world), f"/teams/{world.team.id}/comments"):
        plain_text_calls.clear()
        assert member.get(url).status_code == 200
        assert len(plain_text_calls) == 1, url
    plain_text_calls.clear()
    items = client.get(f"/api/v1/teams/{world.team.id}/comments", headers=_api_headers(world.member)).get_json()["items"]
    assert len(items) == 8 and all(item["quote_found"] for item in items)
    assert len(plain_text_calls) == 1


def test_section_page_and_comments_page_show_threads_a_page_at_a_time(make_client, world):
    _many_threads(world, 25)
    member = make_client(world.member)
    for url, next_url in ((section_url(world), section_url(world) + "?comments=open&page=2"),
                          (f"/teams/{world.team.id}/comments", f"/teams/{world.team.id}/comments?state=open&section=&page=2")):
        first = member.get(url).get_data(as_text=True)
        assert first.count('class="app-thread ') == 20
        assert "Thread 000" in first and "Thread 019" in first and "Thread 020" not in first
        assert "Page 2 of 2" in first
        second = member.get(next_url).get_data(as_text=True)
        assert second.count('class="app-thread ') == 5
        assert "Thread 020" in second and "Thread 024" in second and "Thread 019" not in second


def test_api_comment_list_pages_with_a_cursor(client, world):
    _many_threads(world, 25)
    headers = _api_headers(world.member)
    url = f"/api/v1/teams/{world.team.id}/comments"
    seen, cursor = [], None
    while True:
        page = client.get(url, query_string={"limit": 10, **({"cursor": cursor} if cursor else {})}, headers=headers).get_json()
        assert len(page["items"]) <= 10
        seen.extend(item["body"] for item in page["items"])
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [f"Thread {i:03}" for i in range(25)]
    default = client.get(url, headers=headers).get_json()
    assert len(default["items"]) == 25 and default["next"] is None
    for bad in ({"limit": 0}, {"limit": 201}, {"cursor": "x"}):
        refused = client.get(url, query_string=bad, headers=headers)
        assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"


def test_comment_lists_do_not_grow_queries_with_threads(make_client, client, world):
    from .querycount import counting_queries

    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    member = make_client(world.member)
    headers = _api_headers(world.member)

    def queries(url: str, **kwargs) -> int:
        db.session.expire_all()
        with counting_queries(db.engine) as seen:
            assert (client.get(url, **kwargs) if kwargs else member.get(url)).status_code == 200
        return len(seen)

    urls = [(section_url(world) + "?comments=all", {}), (f"/teams/{world.team.id}/comments?state=all", {}),
            (f"/api/v1/teams/{world.team.id}/comments", {"headers": headers})]
    _many_threads(world, 2, resolved_every=2, replies=True, distinct_people=True)
    for url, kwargs in urls:
        queries(url, **kwargs)  # a token's first use is recorded once: count from the second request
    before = [queries(url, **kwargs) for url, kwargs in urls]
    _many_threads(world, 15, resolved_every=2, replies=True, distinct_people=True)
    assert [queries(url, **kwargs) for url, kwargs in urls] == before


# --- the team's Comments page lists threads on every registered target type ------------------


def test_the_comments_page_lists_threads_on_every_target_type(make_client, world):
    """Not only the report's sections: QI actions, PDSA cycles and measures, stakeholders and
    process maps too (each named and linked), a host does not see a confidential stakeholder's
    thread, the section filter keeps to its section, and more targets cost no more queries."""
    from workspace.comment_targets import load
    from workspace.processes.models import ProcessMap
    from workspace.qi.models import Action, Measure, PdsaCycle
    from workspace.stakeholders import operations as stakeholder_ops

    from .querycount import counting_queries

    team = world.team

    def qi_records(n: int):
        records = []
        for k in range(n):
            records += [Action(team_id=team.id, title=f"Action {n}-{k}", status="open"),
                        PdsaCycle(team_id=team.id, title=f"Cycle {n}-{k}", status="running"),
                        Measure(team_id=team.id, name=f"Measure {n}-{k}", kind="outcome", better="up", position=k)]
        db.session.add_all(records)
        db.session.commit()
        return records

    def thread_on(kind: str, target_id: int, body: str):
        with current_app.test_request_context():
            comment_ops.add_comment(team, world.member, load(team, kind, target_id, world.member), body)

    action, cycle, measure = qi_records(1)
    process_map = ProcessMap(team_id=team.id, title="Discharge pathway")
    db.session.add(process_map)
    db.session.commit()
    secret = stakeholder_ops.create(team, world.member, {"name": "Secret Sam", "category": "icb", "power": 5,
                                                        "interest": 1, "confidential": True}).stakeholder
    for kind, record, body in (("action", action, "On the action"), ("pdsa", cycle, "On the cycle"),
                               ("measure", measure, "On the measure"), ("process_map", process_map, "On the map"),
                               ("stakeholder", secret, "On the secret one")):
        thread_on(kind, record.id, body)
    _thread_by(world, world.member)

    url = f"/teams/{team.id}/comments"
    page = make_client(world.member).get(url).get_data(as_text=True)
    for body in ("On the action", "On the cycle", "On the measure", "On the map", "On the secret one", "Which ward?"):
        assert body in page, body
    assert f'On the action <a href="/teams/{team.id}/qi/actions/{action.id}#comment-' in page
    assert f'On the PDSA cycle <a href="/teams/{team.id}/qi/pdsa/{cycle.id}#comment-' in page
    assert f'On the measure <a href="/teams/{team.id}/qi/measures/{measure.id}#comment-' in page
    # a reply goes to the thread's own target, not to a section with the same id
    assert f'action="/teams/{team.id}/comments/on/measure/{measure.id}"' in page
    host_page = make_client(world.host).get(url).get_data(as_text=True)
    assert "On the measure" in host_page and "On the secret one" not in host_page
    section = ops.get_section(team, "introduction")
    one_section = make_client(world.member).get(f"{url}?section={section.id}").get_data(as_text=True)
    assert "Which ward?" in one_section and "On the measure" not in one_section

    def queries() -> int:
        db.session.expire_all()
        with counting_queries(db.engine) as seen:
            assert make_client(world.member).get(url).status_code == 200
        return len(seen)

    before = queries()
    for record in qi_records(4):
        thread_on({"Action": "action", "PdsaCycle": "pdsa", "Measure": "measure"}[type(record).__name__], record.id,
                  f"More on {record.id}")
    assert queries() == before
