"""Comments: threads on a report section (or quoted text in it) and on any other registered
target (a stakeholder, ...), @mentions that notify.

What a comment may be about is registered in the core (`workspace/comment_targets.py`): the
report registers sections, other features their own targets, so this module never imports
them. Every change goes through here: validate, change, audit, commit once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import bindparam, delete, func, literal, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit, comment_targets, ratelimit, reads
from ..cleaning import bounded_int, clean_multiline
from ..comment_targets import TARGET_TYPES, Target
from ..errors import ValidationProblem
from ..extensions import db
from ..markdown import plain_text
from ..models import Membership, Role, Team, User, utcnow
from ..names import first_name
from ..paging import CountedPagination, counted_page, paged
from ..permissions import may_change_comment
from .models import Comment, Notification, Presence, Section

COMMENT_MAX = 5000
QUOTE_MAX = 1000
COMMENTING_TOO_FAST = "You have added a lot of comments in a short time. Wait {wait}, then add this one"
__all__ = ["TARGET_TYPES", "Target"]


def _clean_body(body) -> str:
    body = clean_multiline(body).strip() if isinstance(body, str) else ""
    if not body:
        raise ValidationProblem({"body": "Enter a comment"})
    if len(body) > COMMENT_MAX:
        raise ValidationProblem({"body": f"A comment must be {COMMENT_MAX:,} characters or fewer"})
    return body


def section_target(team: Team, section: Section) -> Target:
    """A report section as a comment target (the report's own registration, see __init__)."""
    return Target(type="section", id=section.id, title=section.title, quotable=True,
                  url=url_for("report.section", team_id=team.id, key=section.key))


def load_section_target(team: Team, target_id: int, _viewer) -> Target | None:
    # Everyone who may read the report may read every live section: the viewer changes nothing.
    section = db.session.scalar(
        select(Section).where(Section.id == target_id, Section.team_id == team.id, Section.deleted_at.is_(None))
    )
    return None if section is None else section_target(team, section)


def load_section_targets(team: Team, ids, _viewer) -> dict[int, Target]:
    """Many live sections as targets in one query (lists that link many sections: a
    recommendation's findings, issue 13)."""
    sections = db.session.scalars(
        select(Section).where(Section.id.in_(list(ids)), Section.team_id == team.id, Section.deleted_at.is_(None))
    )
    return {section.id: section_target(team, section) for section in sections}


def visible_section_ids(team: Team, _viewer):
    return select(Section.id).where(Section.team_id == team.id, Section.deleted_at.is_(None))


def target_for(team: Team, target_type, target_id, viewer: User) -> Target:
    """The target a new thread names, checked: a known, available type, a whole-number id, and
    a live target of this team that the viewer may see (otherwise it does not exist for them)."""
    if not isinstance(target_type, str) or target_type not in TARGET_TYPES:
        raise ValidationProblem({"target": f"target.type must be one of: {', '.join(TARGET_TYPES)}"})
    kind = comment_targets.get(target_type)
    if kind is None:
        raise ValidationProblem({"target": f"Comments on {target_type} are not available yet"})
    if isinstance(target_id, str) or bounded_int(target_id) is None:
        raise ValidationProblem({"target": "target.id must be a whole number"})
    target = kind.load(team, target_id, viewer)
    if target is None:
        raise ValidationProblem({"target": f"That {kind.label} does not exist in this team"})
    return target


def section_for_target(team: Team, target_type, target_id) -> Section:
    """The section a thread names (the report's callers, which know it is a section)."""
    target = target_for(team, target_type, target_id, None)
    if target.type != "section":
        raise ValidationProblem({"target": "target.type must be section"})
    return db.session.get(Section, target.id)


def target_of(team: Team, comment: Comment, viewer) -> Target | None:
    """The target `comment` is on, if it is live and the viewer may see it."""
    return comment_targets.load(team, comment.target_type, comment.target_id, viewer)


def _thread_of(comment: Comment) -> Comment:
    """The top-level comment of `comment`'s thread (itself when it starts one)."""
    return comment if comment.parent_id is None else db.session.get(Comment, comment.parent_id)


def add_comment(team: Team, author: User, target: Target | Section, body, quote=None,
                parent: Comment | None = None) -> Comment:
    """A new thread on `target`, or a reply to `parent`'s thread (which then decides the target)."""
    if isinstance(target, Section):
        target = section_target(team, target)
    body = _clean_body(body)
    config = current_app.config
    ratelimit.enforce(f"comment:user:{author.id}", config["COMMENT_RATE_LIMIT"], config["COMMENT_RATE_WINDOW_SECONDS"],
                      field="body", message=COMMENTING_TOO_FAST)
    if parent is not None:
        if parent.team_id != team.id or parent.deleted_at is not None:
            raise ValidationProblem({"parent_id": "You can only reply to a comment in this team"})
        parent = _thread_of(parent)
        quote = None  # replies belong to their thread's quote
        if (parent.target_type, parent.target_id) != (target.type, target.id):
            target = target_of(team, parent, author)
            if target is None:
                raise ValidationProblem({"parent_id": "You can only reply to a comment in this team"})
    elif target.quotable:
        quote = " ".join(clean_multiline(quote).split()) if isinstance(quote, str) else None
        if quote and len(quote) > QUOTE_MAX:
            raise ValidationProblem({"quote": f"Select at most {QUOTE_MAX:,} characters to comment on"})
    else:
        quote = None  # a stakeholder has no text to quote: the thread is on the whole of it
    comment = Comment(
        team_id=team.id, target_type=target.type, target_id=target.id,
        parent_id=parent.id if parent else None, quote=quote or None, body=body, author_id=author.id,
    )
    db.session.add(comment)
    db.session.flush()
    _notify_mentions(team, author, comment, target)
    if parent is not None and parent.is_resolved:
        parent.resolved_at = None  # a reply reopens a resolved thread
        parent.resolved_by_id = None
    detail = {"section_id": target.id} if target.type == "section" else {"target": {"type": target.type, "id": target.id}}
    audit.record("comment.added", team=team, target=comment, actor=author,
                 detail={**detail, "reply_to": parent.id if parent else None})
    db.session.commit()
    return comment


def mentionable(team: Team, target: Target | None = None) -> list[User]:
    """Members and host partners can be @mentioned (assessors read, they do not take part),
    except those whose role may not see the target (a host, on a confidential stakeholder)."""
    roles = [role for role in (Role.MEMBER, Role.HOST) if target is None or role.value not in target.hidden_from]
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role.in_(roles))
        .order_by(User.name)
    ))


def mentioned_users(team: Team, text: str, target: Target | None = None) -> list[User]:
    """People named after an @: by full name, or by first name when only one person has it."""
    lowered = text.lower()
    people = mentionable(team, target)
    first_names: dict[str, list[User]] = {}
    for person in people:
        first_names.setdefault(first_name(person.name).lower(), []).append(person)
    found = []
    for person in people:
        full = re.search(r"(?<![\w@])@" + re.escape(person.name.lower()) + r"(?!\w)", lowered)
        first = first_name(person.name).lower()
        by_first = len(first_names[first]) == 1 and re.search(r"(?<![\w@])@" + re.escape(first) + r"(?!\w)", lowered)
        if full or by_first:
            found.append(person)
    return found


def _notify_mentions(team: Team, author: User, comment: Comment, target: Target) -> None:
    link = f"{target.url}#comment-{comment.id}"
    for person in mentioned_users(team, comment.body, target):
        if person.id == author.id:
            continue
        db.session.add(Notification(
            user_id=person.id, team_id=team.id, comment_id=comment.id, kind="mention",
            text=f"{author.name} mentioned you on “{target.title}”"[:300], link=link,
        ))


def forget_hidden_notifications(team: Team, type_name: str, target_id: int, roles: frozenset[str]) -> None:
    """Notifications about comments on a target that people with `roles` may no longer see are
    deleted for them: a mention's text names the target ("… mentioned you on “Dr Avery”")."""
    db.session.execute(
        delete(Notification)
        .where(Notification.team_id == team.id,
               Notification.comment_id.in_(select(Comment.id).where(
                   Comment.team_id == team.id, Comment.target_type == type_name, Comment.target_id == target_id)),
               Notification.user_id.in_(select(Membership.user_id).where(
                   Membership.team_id == team.id, Membership.role.in_(sorted(roles)))))
        .execution_options(synchronize_session=False)
    )


#: what pages and the API say when someone tries to change another person's comment
NOT_YOUR_COMMENT = {
    "edit": "Only the person who wrote a comment can change it.",
    "delete": "Only the person who wrote a comment (or a facilitator) can delete it.",
}


class NotYourComment(Exception):
    """The rule in permissions.may_change_comment refused; pages and the API answer 403."""

    def __init__(self, change: str):
        self.change = change
        super().__init__(NOT_YOUR_COMMENT[change])


def _require_change(comment: Comment, user: User, change: str) -> None:
    if not may_change_comment(user, comment, change):
        raise NotYourComment(change)


def edit_comment(team: Team, comment: Comment, user: User, body) -> None:
    _require_change(comment, user, "edit")
    comment.body = _clean_body(body)
    comment.edited_at = utcnow()
    audit.record("comment.edited", team=team, target=comment, actor=user)
    db.session.commit()


def delete_comment(team: Team, comment: Comment, user: User) -> None:
    _require_change(comment, user, "delete")
    comment.deleted_at = utcnow()
    audit.record("comment.deleted", team=team, target=comment, actor=user)
    db.session.commit()


def resolve_comment(team: Team, comment: Comment, user: User, resolved: bool = True) -> Comment:
    """Resolve or reopen the thread `comment` belongs to; returns the thread."""
    thread = _thread_of(comment)
    if resolved and thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by_id = utcnow(), user.id
        audit.record("comment.resolved", team=team, target=thread, actor=user)
    elif not resolved and thread.resolved_at is not None:
        thread.resolved_at, thread.resolved_by_id = None, None
        audit.record("comment.reopened", team=team, target=thread, actor=user)
    db.session.commit()
    return thread


#: threads shown on one page (the section page and the team's comments page)
THREADS_PER_PAGE = 20


# One query whatever the page holds: replies, authors and resolvers are joined to it (SQLAlchemy
# applies a page's LIMIT to the threads, in a subquery, not to the joined rows). Loader options
# never change, so they are built once here rather than on every request.
_THREAD_LOADING = (joinedload(Comment.replies).joinedload(Comment.author), joinedload(Comment.author),
                   joinedload(Comment.resolved_by))


def _with_state(stmt, state: str):
    if state == "open":
        return stmt.where(Comment.resolved_at.is_(None))
    if state == "resolved":
        return stmt.where(Comment.resolved_at.is_not(None))
    return stmt


def _section_threads(on_one_section: bool, state: str):
    stmt = (
        select(Comment)
        .join(Section, (Section.id == Comment.target_id) & (Comment.target_type == "section"))
        .where(Comment.team_id == bindparam("team_id"), Comment.parent_id.is_(None), Comment.deleted_at.is_(None),
               Section.deleted_at.is_(None))
        .options(*_THREAD_LOADING)
        .order_by(Comment.id)
    )
    if on_one_section:
        stmt = stmt.where(Comment.target_id == bindparam("section_id"))
    return _with_state(stmt, state)


THREAD_STATES = ("open", "resolved", "all")
# The report's variants, built once and bound per request: building this statement, and
# SQLAlchemy's cache key for a new one, cost the section page more than running it (issue 7).
_THREADS = {(one, state): _section_threads(one, state) for one in (False, True) for state in THREAD_STATES}
_THREAD_PAGES = {variant: paged(stmt) for variant, stmt in _THREADS.items()}


def _thread_params(team: Team, section_id: int | None) -> dict:
    return {"team_id": team.id} if section_id is None else {"team_id": team.id, "section_id": section_id}


def threads_statement(team: Team, *, section_id: int | None = None, state: str = "open",
                      target: Target | None = None, viewer: User | None = None, every_target: bool = False):
    """Top-level comments with their replies, authors and resolvers loaded in a fixed number
    of queries, oldest first. Pages and the API page through it; never load it whole.

    By default the report's threads (on live sections, one of them with `section_id`); on one
    `target` the caller has loaded (so may see); or with `every_target`, the threads on every
    registered target the viewer may see."""
    if target is None and not every_target:
        return _THREADS[(section_id is not None, state)].params(_thread_params(team, section_id))
    stmt = (
        select(Comment)
        .where(Comment.team_id == team.id, Comment.parent_id.is_(None), Comment.deleted_at.is_(None))
        .options(*_THREAD_LOADING)
        .order_by(Comment.id)
    )
    if target is not None:
        stmt = stmt.where(Comment.target_type == target.type, Comment.target_id == target.id)
    else:
        kinds = [comment_targets.get(name) for name in comment_targets.available()]
        stmt = stmt.where(or_(*(
            (Comment.target_type == kind.name) & Comment.target_id.in_(kind.visible_ids(team, viewer)) for kind in kinds
        )))
    return _with_state(stmt, state)


def thread_page(team: Team, *, section_id: int | None = None, state: str = "open", page: int = 1,
                open_total: int | None = None) -> CountedPagination:
    """One page of the report's threads (THREADS_PER_PAGE), counted in the same query.
    `open_total`: the open threads, when the caller has counted them (0 open and asking for
    the open ones: no query; with its joins, even an empty page cost the editor a tenth)."""
    variant = (section_id is not None, state)
    return counted_page(_THREADS[variant], page=page, per_page=THREADS_PER_PAGE,
                        params=_thread_params(team, section_id), paged_stmt=_THREAD_PAGES[variant],
                        known_total=open_total if state == "open" else None)


def every_thread_page(team: Team, viewer: User, *, state: str = "open", page: int = 1) -> CountedPagination:
    """One page of the threads on everything the viewer may see (sections and every other
    registered target type: stakeholders, process maps, actions, PDSA cycles, measures...), the
    team's Comments page unfiltered, counted in the same query."""
    return counted_page(threads_statement(team, every_target=True, viewer=viewer, state=state), page=page,
                        per_page=THREADS_PER_PAGE)


def other_targets(team: Team, threads, viewer: User) -> dict[str, Target]:
    """The targets, other than sections, that `threads` are on, keyed "<type>:<id>" for the
    template: one query per target type that has threads on the page."""
    pairs = {(t.target_type, t.target_id) for t in threads if t.target_type != "section"}
    return {f"{kind}:{target_id}": target
            for (kind, target_id), target in comment_targets.load_each(team, pairs, viewer).items()}


def threads_on(team: Team, target: Target, *, state: str = "open", page: int = 1):
    """The one function other features call to show threads on their own pages: a page of
    `target`'s threads (its `.items`, `.total`, pager) and who may be @mentioned there, in two
    queries. The caller has loaded `target` through the registry, so the viewer may see it."""
    threads = counted_page(threads_statement(team, target=target, state=state), page=page, per_page=THREADS_PER_PAGE)
    return threads, mentionable(team, target)


class QuoteCheck:
    """Whether a thread's quoted text is still in its section. Each section's plain text is
    built once, however many threads ask (it was once rebuilt per thread: 15 s a page)."""

    def __init__(self, sections):
        self._sections = {section.id: section for section in sections}
        self._texts: dict[int, str] = {}

    def _text(self, section: Section) -> str:
        if section.id not in self._texts:
            self._texts[section.id] = " ".join(plain_text(section.body).split())
        return self._texts[section.id]

    def __call__(self, comment: Comment) -> bool | None:
        """True or False; None when the comment's section is not one of those given."""
        if not comment.quote:
            return True
        section = self._sections.get(comment.target_id)
        if section is None:
            return None
        return " ".join(comment.quote.split()) in self._text(section)

    def of(self, comments) -> dict[int, bool]:
        return {c.id: found for c in comments if (found := self(c)) is not None}


# --- notifications ---------------------------------------------------------------------------


def _still_theirs(user: User):
    """Notifications from live teams the person still belongs to: a removed member's old
    mentions (and their text) are not theirs to read any more."""
    return (
        select(Notification)
        .join(Membership, (Membership.team_id == Notification.team_id) & (Membership.user_id == Notification.user_id))
        .join(Team, Team.id == Notification.team_id)
        .where(Notification.user_id == user.id, Team.deleted_at.is_(None))
    )


# The header asks on every page: built once (see auth/sessions.py), the same rule as _still_theirs.
_UNREAD_COUNT = select(func.count()).select_from(
    select(Notification.id)
    .join(Membership, (Membership.team_id == Notification.team_id) & (Membership.user_id == Notification.user_id))
    .join(Team, Team.id == Notification.team_id)
    .where(Notification.user_id == bindparam("user_id"), Team.deleted_at.is_(None), Notification.read_at.is_(None))
    .subquery()
)


def unread_count(user: User) -> int:
    return reads.scalar(_UNREAD_COUNT, {"user_id": user.id}) or 0


def notifications_fingerprint(user: User, limit: int = 50) -> list[tuple]:
    """What `notifications_of` would list, as (id, read at) pairs: enough to tell a client its
    copy is current without loading the texts."""
    return [tuple(row) for row in db.session.execute(
        _still_theirs(user).with_only_columns(Notification.id, Notification.read_at)
        .order_by(Notification.id.desc()).limit(limit)
    )]


def comments_fingerprint(team: Team) -> list[tuple]:
    """Every comment of the team as the fields a thread's JSON shows that can change (edits,
    resolving, deleting, the author's name): a narrow read, no bodies. Bodies change only
    with edited_at."""
    return [tuple(row) for row in db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.target_id, Comment.edited_at, Comment.resolved_at,
               Comment.resolved_by_id, Comment.deleted_at, User.name)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.team_id == team.id).order_by(Comment.id)
    )]


def notifications_of(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(_still_theirs(user).order_by(Notification.id.desc()).limit(limit)))


def mark_read(user: User, ids: list[int] | None = None) -> int:
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    count = db.session.execute(stmt.values(read_at=utcnow())).rowcount
    db.session.commit()
    return count


# --- presence --------------------------------------------------------------------------------

PRESENCE_TTL = timedelta(seconds=45)


def heartbeat(section: Section, user: User) -> list[User]:
    """Note that `user` has the section open; return the others who do."""
    now = utcnow()
    row = db.session.get(Presence, (section.id, user.id))
    if row is None:
        db.session.add(Presence(section_id=section.id, user_id=user.id, last_seen=now))
    else:
        row.last_seen = now
    try:
        db.session.commit()
    except IntegrityError:  # two tabs of one person racing to insert the same row: either one is fine
        db.session.rollback()
    return present(section, exclude=user)


@dataclass(frozen=True)
class Person:
    """Someone named on the section page: a name is all the page shows."""

    id: int
    name: str


# Built once: who takes part in the team (may be @mentioned), and who else has the section open.
# Two indexed lookups joined to users by UNION, as names only (loading full User rows for a
# list of names was a sixth of the section page's time).
_TAKES_PART = select(Membership.user_id.label("user_id"), literal(1).label("mention"), literal(0).label("here")).where(
    Membership.team_id == bindparam("team_id"),
    # two equalities, not IN: an IN list is expanded into the SQL text on every run, uncached
    (Membership.role == Role.MEMBER.value) | (Membership.role == Role.HOST.value))
_IS_HERE = select(Presence.user_id.label("user_id"), literal(0), literal(1)).where(
    Presence.section_id == bindparam("section_id"), Presence.last_seen > bindparam("since"),
    Presence.user_id != bindparam("viewer_id"))
_ON_SECTION = union_all(_TAKES_PART, _IS_HERE).subquery()
_PEOPLE_ON_SECTION = (
    select(User.id, User.name, func.max(_ON_SECTION.c.mention), func.max(_ON_SECTION.c.here))
    .join(_ON_SECTION, _ON_SECTION.c.user_id == User.id)
    .group_by(User.id, User.name)
    .order_by(User.name, User.id)
)


def people_on_section(team: Team, section: Section, viewer: User) -> tuple[list[Person], list[Person]]:
    """(who can be @mentioned, who else has the section open) for the section editor, in one
    query: the same people as `mentionable` and `present` give, by the same rules. Each side is
    an indexed lookup (the team's memberships, the section's presence), so the cost follows the
    team's size, not the number of users."""
    rows = reads.rows(_PEOPLE_ON_SECTION, {
        "team_id": team.id, "section_id": section.id, "since": utcnow() - PRESENCE_TTL, "viewer_id": viewer.id,
    })
    return ([Person(id_, name) for id_, name, mention, _ in rows if mention],
            [Person(id_, name) for id_, name, _, here in rows if here])


def present(section: Section, exclude: User | None = None) -> list[User]:
    stmt = (
        select(User).join(Presence, Presence.user_id == User.id)
        .where(Presence.section_id == section.id, Presence.last_seen > utcnow() - PRESENCE_TTL)
        .order_by(User.name)
    )
    if exclude is not None:
        stmt = stmt.where(User.id != exclude.id)
    return list(db.session.scalars(stmt))

