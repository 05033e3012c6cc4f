"""Page parts kept per shape (workspace/fragments.py) never carry one person's values to another."""

from __future__ import annotations

import re

from workspace.extensions import db
from workspace.models import Team
from workspace.report import operations as ops
from workspace.report.models import Notification

from . import factories

NONCE_RE = re.compile(r'<script nonce="([^"]+)"')
CSRF_IN_HEADER_RE = re.compile(r'id="sign-out-form"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"')


def _header(html: str) -> str:
    return html[html.index("<header"):html.index("</header>")]


def test_each_person_sees_their_own_name_count_and_token_in_the_header(make_client, world):
    db.session.add(Notification(user_id=world.member.id, team_id=world.team.id, kind="mention",
                                text="Someone mentioned you", link="/"))
    db.session.commit()
    member, host = make_client(world.member), make_client(world.host)
    first, second = member.get("/").get_data(as_text=True), host.get("/").get_data(as_text=True)
    assert "Mo Member" in _header(first) and "Hana Host" not in _header(first)
    assert "Hana Host" in _header(second) and "Mo Member" not in _header(second)
    assert 'app-bell__count">1<' in _header(first) and "app-bell__count" not in _header(second)
    assert f'data-signs-out="{world.member.id}"' in first and f'data-signs-out="{world.host.id}"' in second
    assert CSRF_IN_HEADER_RE.search(first).group(1) != CSRF_IN_HEADER_RE.search(second).group(1)
    # A nonce per response, never one kept with the page's parts.
    assert NONCE_RE.search(first).group(1) != NONCE_RE.search(member.get("/").get_data(as_text=True)).group(1)


def test_only_a_facilitator_gets_the_admin_menu_and_the_current_tab_follows_the_page(make_client, world):
    member, facilitator = make_client(world.member), make_client(world.facilitator)
    assert "Audit log" not in member.get("/").get_data(as_text=True)
    assert "Audit log" in facilitator.get("/").get_data(as_text=True)
    assert "Audit log" not in member.get("/").get_data(as_text=True)
    on_dashboard = _header(member.get("/").get_data(as_text=True))
    on_team = _header(member.get(f"/teams/{world.team.id}").get_data(as_text=True))
    assert 'aria-current="page"' in on_dashboard and 'aria-current="page"' not in on_team
    signed_out = make_client().get("/sign-in").get_data(as_text=True)
    assert "Sign out" not in _header(signed_out) and "Mo Member" not in signed_out


def test_names_and_texts_are_escaped_when_filled_in(make_client, world):
    from workspace import fragments

    world.member.name = "Mo <b>Member</b>"
    db.session.commit()
    forged = f"{fragments._SLOT_MARK}-name@"  # even a known placeholder in the text stays text
    body = f"</textarea><script>alert(1)</script> {forged}\n\nSecond paragraph."
    ops.save_section(world.team, "introduction", body, 0, world.member)
    html = make_client(world.member).get(f"/teams/{world.team.id}/report/introduction").get_data(as_text=True)
    assert "Mo &lt;b&gt;Member&lt;/b&gt;" in _header(html) and "<b>Member" not in html
    textarea = html[html.index('id="body"'):]
    textarea = textarea[:textarea.index("</textarea>")]
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in textarea
    assert forged in textarea and "Mo &lt;b&gt;" not in textarea


def test_two_teams_pages_share_no_values(make_client, world):
    other = db.session.get(Team, world.other_team.id)
    factories.add_member(other, world.member)
    db.session.commit()
    ops.save_section(world.team, "introduction", "Harbour text.", 0, world.member)
    ops.save_section(other, "introduction", "Compass text.", 0, world.member)
    member = make_client(world.member)
    harbour = member.get(f"/teams/{world.team.id}/report/introduction").get_data(as_text=True)
    compass = member.get(f"/teams/{other.id}/report/introduction").get_data(as_text=True)
    assert "Harbour text." in harbour and "Compass text." not in harbour
    assert "Compass text." in compass and "Harbour text." not in compass


def test_template_links_are_the_links_url_for_builds(app):
    """The template's cached `url_for` gives exactly what Flask's gives, per blueprint, per
    mount prefix and per argument type, and never caches an absolute link."""
    from flask import url_for

    from workspace.urls import link_for

    with app.test_request_context("/teams/3/report"):
        for args in [("report.section", {"team_id": 3, "key": "findings"}),
                     ("report.section", {"team_id": 3, "key": "findings", "comments": "all", "_anchor": "comments"}),
                     ("report.section", {"team_id": 4, "key": "scope"}),
                     ("static", {"filename": "js/editor.js"})]:
            assert link_for(args[0], **args[1]) == url_for(args[0], **args[1])
        assert link_for("report.section", team_id=3, key="x", page=True) != link_for("report.section", team_id=3, key="x", page=1)
        assert link_for("report.section", team_id=3, key="x", tags=["a", "b"]) == url_for("report.section", team_id=3, key="x", tags=["a", "b"])
    with app.test_request_context("/teams/3/report", base_url="http://proxy.example/workspace"):
        assert link_for("report.section", team_id=3, key="findings") == "/workspace/teams/3/report/findings"
    with app.test_request_context("/", base_url="http://other.example/"):
        assert link_for("report.section", team_id=3, key="findings", _external=True).startswith("http://other.example/")
    assert app.jinja_env.globals["url_for"] is link_for, "templates do not use the cached link builder"


def test_post_button_escapes_everything_and_carries_the_requests_csrf_token(app):
    from flask_wtf.csrf import generate_csrf

    from workspace.security import csrf_input, post_button

    with app.test_request_context("/"):
        html = str(post_button('/x?a=1&b="2"', '<b>Resolve</b>', {
            "aria_label": 'Resolve "quoted" <thread>', "fields": {"direction": 'up"><script>'},
            "attributes": {"data-signs-out": '7" onclick="x'}, "classes": "nhsuk-button--small"}))
        assert 'action="/x?a=1&amp;b=&#34;2&#34;"' in html
        assert "&lt;b&gt;Resolve&lt;/b&gt;</button>" in html
        assert 'aria-label="Resolve &#34;quoted&#34; &lt;thread&gt;"' in html
        assert 'value="up&#34;&gt;&lt;script&gt;"' in html and "<script>" not in html
        assert 'data-signs-out="7&#34; onclick=&#34;x"' in html
        assert f'name="csrf_token" value="{generate_csrf()}"' in html
        assert html.count("<form") == 1 and 'class="nhsuk-button nhsuk-button--small"' in html
        assert csrf_input() is csrf_input()  # built once per request
        plain = str(post_button("/y", "Go"))
        assert 'class="nhsuk-button nhsuk-button--secondary nhsuk-button--small"' in plain and "aria-label" not in plain


def test_template_links_outside_a_request_are_built_as_flask_builds_them(app):
    """A template rendered for a mail or a job has no request: its links come from the app's
    settings, as Flask's own url_for gives them, and nothing is cached."""
    from flask import url_for

    from workspace.urls import link_for

    app.config.update(SERVER_NAME="workspace.example", PREFERRED_URL_SCHEME="https")
    with app.app_context():
        assert link_for("report.section", team_id=3, key="findings") == url_for("report.section", team_id=3, key="findings")
