"""The co-edited report under load.

1. Save-with-merge latency for a 5,000-word section: every save starts from the version
   before the current one, so each one is three-way merged. Goal: p95 <= 50 ms.
2. Worst-case stale saves of pathological texts: the save time must stay bounded.
3. Pages and the API list with 1,500 quoted comments on a 200 kB section.
4. The 20-client storm through gunicorn with 4 workers: throughput and lost edits (goal 0).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bench.harness import make_app, percentiles, report, time_calls

PARAGRAPHS = 50
WORDS_EACH = 100


def _five_thousand_words() -> list[str]:
    rng = random.Random(7)
    vocabulary = ["discharge", "patient", "ward", "care", "home", "reablement", "social", "worker", "delay", "bed", "flow", "community", "team", "pathway", "assessment", "package", "system", "leadership", "partner"]
    return [" ".join(rng.choice(vocabulary) for _ in range(WORDS_EACH)) + "." for _ in range(PARAGRAPHS)]


def _merge_latency(app) -> None:
    from tests import factories
    from workspace.extensions import db
    from workspace.markdown import count_words
    from workspace.report import operations as ops

    with app.app_context():
        team = factories.make_team("Bench team")
        alice, bob = factories.make_user("Alice"), factories.make_user("Bob")
        factories.add_member(team, alice)
        factories.add_member(team, bob)
        db.session.commit()
        paragraphs = _five_thousand_words()
        body = "\n\n".join(paragraphs) + "\n"
        print(f"section size: {count_words(body):,} words, {len(body.encode()):,} bytes")
        ops.save_section(team, "findings", body, 0, alice)
        ops.save_section(team, "findings", body.replace(paragraphs[0], paragraphs[0] + " Edited."), 1, bob)

        merge_samples, plain_samples = [], []
        for i in range(200):
            section = ops.get_section(team, "findings")
            stale_base = section.version - 1  # the writer has not seen the latest save
            base_body = db.session.scalar(
                db.select(db.text("body")).select_from(db.text("revisions"))
                .where(db.text("section_id = :s AND version = :v")).params(s=section.id, v=stale_base)
            )
            target = paragraphs[1 + (i * 7) % (PARAGRAPHS - 2)]  # never the paragraph the newest save touched
            mine = base_body.replace(target, target + f" Note {i}.", 1)
            start = time.perf_counter()
            outcome = ops.save_section(team, "findings", mine, stale_base, alice if i % 2 else bob)
            merge_samples.append((time.perf_counter() - start) * 1000)
            assert outcome.merged
            section = ops.get_section(team, "findings")
            start = time.perf_counter()
            ops.save_section(team, "findings", section.body + f"\nTail {i}.", section.version, alice)
            plain_samples.append((time.perf_counter() - start) * 1000)
        report("save with three-way merge, 5,000 words", percentiles(merge_samples))
        report("save without merge (fast-forward), 5,000 words", percentiles(plain_samples))


def _storm() -> None:
    from bench.storm import GunicornServer, initial_body, paragraph, run_storm
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.report import operations as ops

    clients, saves_each = 20, 10
    app = make_app()
    with app.app_context():
        team = factories.make_team("Storm team")
        people = [factories.make_user(f"Writer {i}") for i in range(clients)]
        for person in people:
            factories.add_member(team, person)
        db.session.commit()
        ops.save_section(team, "introduction", initial_body(clients), 0, people[0])
        tokens = [create_api_token(p, "storm").secret for p in people]
        team_id, url = team.id, app.config["SQLALCHEMY_DATABASE_URI"]
    with GunicornServer(url, Path(tempfile.mkdtemp()), workers=4) as server:
        result = run_storm(server.base_url, tokens, team_id, "introduction", saves_each)
    with app.app_context():
        db.session.expire_all()
        body = ops.get_section(db.session.get(type(team), team_id), "introduction").body
        lost = sum(1 for owner in range(clients) if paragraph(owner, saves_each) not in body)
    engine = url.split(":", 1)[0]
    print(f"storm on {engine}: {clients} clients x {saves_each} saves, gunicorn 4 workers: "
          f"{result.saves} saves in {result.seconds:.2f} s = {result.saves / result.seconds:.1f} saves/s, "
          f"{result.merged} merged, {result.conflicts} conflicts, {result.busy} busy retries, {len(result.errors)} errors, "
          f"lost edits: {lost}")


def _worst_case_shapes() -> dict[str, tuple[str, str, str]]:
    """(base, mine, theirs) for stale saves built to be costly to merge and diff."""
    short = [f"Line {i:05}\n" for i in range(12_000)]
    alternate = [f"Line {i:05} e\n" if i % 2 else line for i, line in enumerate(short)]  # about 138 kB
    near = short[:1_400]
    near_alternate = alternate[:1_400]
    long_lines = [" ".join(f"w{i}x{j}" for j in range(100)) + "\n" for i in range(250)]
    long_edited = [f"new {line[:-1]} new\n" if i % 2 else line for i, line in enumerate(long_lines)]
    return {
        "12,000 lines, every other edited; top line saved meanwhile": (
            "".join(short), "".join(alternate), "".join(["Line 00000 changed.\n", *short[1:]])),
        "12,000 lines, every other edited; a line added at the end": (
            "".join(short), "".join(alternate), "".join([*short, "Tail.\n"])),
        "1,400 lines, every other edited by each side": (
            "".join(near), "".join(near_alternate),
            "".join(f"Line {i:05} theirs.\n" if i % 2 == 0 else line for i, line in enumerate(near))),
        "250 long lines, ends of every other line edited": (
            "".join(long_lines), "".join(long_edited), "".join(["Top.\n", *long_lines])),
    }


def _worst_case_saves(app) -> None:
    """Stale saves (PUT with an old base_version) of pathological texts, through the API: the
    merge, its retries and the history diff share one bounded budget (workspace/tokens.py)."""
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.report import operations as ops

    with app.app_context():
        team = factories.make_team("Worst-case team")
        alice, bob = factories.make_user("Alice W"), factories.make_user("Bob W")
        factories.add_member(team, alice)
        factories.add_member(team, bob)
        db.session.commit()
        headers = {"Authorization": f"Bearer {create_api_token(alice, 'bench').secret}"}
        client = app.test_client()
        worst = 0.0
        for n, (name, (base, mine, theirs)) in enumerate(_worst_case_shapes().items()):
            key = ops.add_team_section(team, f"Worst case {n}", bob).key
            ops.save_section(team, key, base, 0, bob)
            ops.save_section(team, key, theirs, 1, bob)
            start = time.perf_counter()
            response = client.put(f"/api/v1/teams/{team.id}/sections/{key}", json={"body": mine, "base_version": 1},
                                  headers=headers)
            seconds = time.perf_counter() - start
            worst = max(worst, seconds)
            print(f"stale save, {name} ({len(mine.encode()):,} bytes): {seconds:.2f} s -> {response.status_code}")
            db.session.expire_all()
            current = ops.get_section(team, key).version
            start = time.perf_counter()
            client.put(f"/api/v1/teams/{team.id}/sections/{key}", json={"body": mine + "End.\n", "base_version": current},
                       headers=headers)
            print(f"  fast-forward save of that text: {time.perf_counter() - start:.2f} s")
        print(f"worst-case save time: {worst:.2f} s")


def _comment_heavy_pages(app) -> None:
    """1,500 quoted comments on a 200 kB section: the section page, the team's comments page
    and the API list, each a page of threads with each section's plain text built once."""
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.models import User
    from workspace.report import operations as ops
    from workspace.report.models import Comment

    with app.app_context():
        team = factories.make_team("Comment team")
        member = factories.make_user("Commenting Member")
        factories.add_member(team, member)
        db.session.commit()
        sentence = "The discharge lounge waits were long on ward seven. "
        body = "\n\n".join(sentence * 8 for _ in range(195 * 1024 // (len(sentence) * 8 + 2))) + "\n"
        ops.save_section(team, "findings", body, 0, member)
        section = ops.get_section(team, "findings")
        db.session.add_all(Comment(team_id=team.id, target_type="section", target_id=section.id, quote="waits were long",
                                   body=f"Comment {n}", author_id=member.id) for n in range(1_500))
        db.session.commit()
        secret = create_api_token(member, "bench").secret
        session_token = db.session.get(User, member.id).session_token
        team_id = team.id
        print(f"section: {len(body.encode()):,} bytes, 1,500 quoted comments")

    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": session_token, "_fresh": True, "signed_in_at": now, "last_seen": now})
    headers = {"Authorization": f"Bearer {secret}"}
    report("GET section page (first page of threads)", time_calls(lambda: client.get(f"/teams/{team_id}/report/findings"), 20, 2))
    report("GET /teams/<id>/comments (first page)", time_calls(lambda: client.get(f"/teams/{team_id}/comments"), 20, 2))
    report("GET /api/v1/teams/<id>/comments (50)", time_calls(
        lambda: client.get(f"/api/v1/teams/{team_id}/comments", headers=headers), 20, 2))


def run() -> None:
    _merge_latency(make_app())
    _worst_case_saves(make_app())
    _comment_heavy_pages(make_app())
    _storm()
