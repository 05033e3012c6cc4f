"""Report routes of the JSON API: sections, saves, revisions, comments, presence, preview."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user
from sqlalchemy import select

from .. import comment_targets
from ..api import (
    ApiError,
    bp,
    error_response,
    json_body,
    list_response,
    paginate_by_id,
    team_for,
)
from ..cleaning import bounded_int
from ..conditional import fingerprint, not_modified, tagged
from ..extensions import db
from ..markdown import count_words
from ..models import Team
from ..permissions import may_change_comment
from . import comments as comment_ops
from . import operations as ops
from .models import Comment, Revision, Section
from .preview import render_preview, text_as_yours
from .queries import word_total


def _me():
    return current_user._get_current_object()


def _iso(value):
    return value.isoformat() if value else None


def section_summary(section: Section) -> dict:
    return {
        "id": section.id, "key": section.key, "title": section.title, "version": section.version,
        "word_count": section.word_count, "word_budget": section.word_budget, "status": section.status,
        "excluded_from_count": section.excluded_from_count, "updated_at": _iso(section.updated_at),
    }


def section_json(section: Section) -> dict:
    # Who saved last is shown to everyone who may view, as in a shared document; the
    # per-person history (revisions, authorship) is behind "see_history".
    return {
        **section_summary(section), "body": section.body, "guidance": section.guidance,
        "updated_by": {"id": section.updated_by.id, "name": section.updated_by.name} if section.updated_by else None,
    }


def _section(team: Team, key: str) -> Section:
    section = ops.get_section(team, key)
    if section is None:
        raise ApiError(404, "not_found", "There is no such section in this report (it may have been removed).")
    return section


def _etag(section: Section) -> str:
    return f'"section-{section.id}-v{section.version}"'


@bp.get("/teams/<int:team_id>/sections")
def list_sections(team_id: int):
    team = team_for(team_id, "view")
    summaries = [section_summary(s) for s in ops.sections_for(team, bodies=False)]
    etag = fingerprint("sections", _me().id, team.id, summaries)
    return not_modified(etag) or tagged(list_response(summaries), etag)


@bp.get("/teams/<int:team_id>/sections/<key>")
def get_section(team_id: int, key: str):
    team = team_for(team_id, "view")
    section = _section(team, key)
    etag = _etag(section)
    # Pages poll this every few seconds; an unchanged section costs one small query and a 304.
    return not_modified(etag) or tagged(jsonify(section_json(section)), etag)


@bp.put("/teams/<int:team_id>/sections/<key>")
def put_section(team_id: int, key: str):
    team = team_for(team_id, "edit")
    data = json_body()
    if "base_version" not in data:
        raise ApiError(428, "base_version_required",
                       "Send base_version: the version your text started from, so no one's edit is lost.")
    base_version = data["base_version"]
    if isinstance(base_version, bool) or not isinstance(base_version, int):
        raise ApiError(400, "bad_request", "base_version must be a whole number.", {"base_version": "must be a whole number"})
    body = data.get("body")
    if not isinstance(body, str):
        raise ApiError(400, "bad_request", "body must be a string of markdown.", {"body": "must be a string"})
    try:
        outcome = ops.save_section(team, key, body, base_version, _me())
    except ops.BodyTooLarge as too_large:
        raise ApiError(413, "too_large", str(too_large)) from None
    except ops.SectionMissing:
        raise ApiError(404, "not_found", "There is no such section in this report.") from None
    except ops.ReportSubmitted as refused:
        raise ApiError(409, "submitted", str(refused)) from None
    except ops.SectionGone:
        raise ApiError(410, "section_deleted",
                       "This section has been removed from the report. Your text was not saved; copy it before leaving.") from None
    except ops.SaveBusy:
        raise ApiError(409, "busy", "Several people saved this section at the same moment. Nothing was lost: send the save again.") from None
    except ops.SaveConflict as conflict:
        raise ApiError(409, "conflict", "Someone else changed the same words. Choose what to keep, then save again.",
                       extra={"current_version": conflict.current_version, "current_body": conflict.current_body,
                              "merged_with_markers": conflict.merged_with_markers}) from None
    section = _section(team, key)
    total = word_total(ops.sections_for(team), ops.rules_for(team.cohort))
    return jsonify({"version": outcome.version, "body": outcome.body, "merged": outcome.merged,
                    "word_count": section.word_count, "updated_at": _iso(section.updated_at),
                    "word_total": total.as_json()})


def revision_json(revision: Revision, with_body: bool = False) -> dict:
    data = {
        "version": revision.version, "created_at": _iso(revision.created_at), "kind": revision.kind,
        "author": {"id": revision.author.id, "name": revision.author.name} if revision.author else None,
        "word_count": revision.word_count, "words_added": revision.words_added,
        "words_removed": revision.words_removed, "summary": revision.summary,
    }
    if with_body:
        data["body"] = revision.body
    return data


@bp.get("/teams/<int:team_id>/sections/<key>/revisions")
def list_revisions(team_id: int, key: str):
    team = team_for(team_id, "see_history")
    section = _section(team, key)
    stmt = select(Revision).where(Revision.section_id == section.id)
    before = bounded_int(request.args.get("cursor")) if request.args.get("cursor") else None
    if before is not None:
        stmt = stmt.where(Revision.version < before)
    rows = list(db.session.scalars(stmt.order_by(Revision.version.desc()).limit(51)))
    more = len(rows) > 50
    rows = rows[:50]
    return list_response([revision_json(r) for r in rows], rows[-1].version if more else None)


@bp.get("/teams/<int:team_id>/sections/<key>/revisions/<int:version>")
def get_revision(team_id: int, key: str, version: int):
    team = team_for(team_id, "see_history")
    section = _section(team, key)
    revision = db.session.scalar(select(Revision).where(Revision.section_id == section.id, Revision.version == version))
    if revision is None:
        raise ApiError(404, "not_found", "There is no such revision.")
    return jsonify(revision_json(revision, with_body=True))


@bp.post("/teams/<int:team_id>/sections/<key>/presence")
def presence(team_id: int, key: str):
    team = team_for(team_id, "view")
    section = _section(team, key)
    others = comment_ops.heartbeat(section, _me())
    return jsonify({"present": [{"id": u.id, "name": u.name} for u in others], "version": section.version})


@bp.post("/teams/<int:team_id>/preview")
def preview(team_id: int):
    team = team_for(team_id, "view")
    data = json_body()
    body = data.get("body")
    if not isinstance(body, str):
        raise ApiError(400, "bad_request", "body must be a string of markdown.")
    try:
        body = ops.clean_body(body)
    except ops.BodyTooLarge as too_large:
        raise ApiError(413, "too_large", str(too_large)) from None
    rules = ops.rules_for(team.cohort)
    # The writer's text may hold clash markers while they resolve a conflict: count their
    # own version of each clash, and show both versions in the preview.
    words = count_words(text_as_yours(body), count_tables=rules.count_tables)
    answer = {"html": str(render_preview(body)), "word_count": words}
    key = data.get("section")
    if key is not None:
        # The editor's live total: the report as it would be with this unsaved text.
        if not isinstance(key, str):
            raise ApiError(400, "bad_request", "section must be a section's key.", {"section": "must be a string"})
        section = _section(team, key)
        answer["word_total"] = word_total(ops.sections_for(team), rules, replacing=(section, words)).as_json()
    return jsonify(answer)


# --- comments --------------------------------------------------------------------------------


def comment_json(comment: Comment, quote_check: comment_ops.QuoteCheck | None = None) -> dict:
    data = {
        "id": comment.id, "target": {"type": comment.target_type, "id": comment.target_id},
        "parent_id": comment.parent_id, "quote": comment.quote, "body": comment.body,
        "author": {"id": comment.author.id, "name": comment.author.name} if comment.author else None,
        "created_at": _iso(comment.created_at), "edited_at": _iso(comment.edited_at),
        "resolved_at": _iso(comment.resolved_at),
    }
    if quote_check is not None and (found := quote_check(comment)) is not None:
        data["quote_found"] = found
    if comment.parent_id is None:
        data["replies"] = [comment_json(r) for r in comment.replies if r.deleted_at is None]
    return data


@bp.get("/teams/<int:team_id>/comments")
def list_comments(team_id: int):
    """The threads on every target the caller may see (sections, stakeholders, ...), or on one:
    `target_type` and `target_id`, or the older `section_id`."""
    team = team_for(team_id, "view")
    state = request.args.get("state", "all")
    if state not in ("open", "resolved", "all"):
        raise ApiError(400, "bad_request", "state must be open, resolved or all.")
    section_id = bounded_int(request.args.get("section_id")) if request.args.get("section_id") else None
    target = None
    if request.args.get("target_type") or request.args.get("target_id"):
        kind, target_id = request.args.get("target_type"), bounded_int(request.args.get("target_id", ""))
        if kind not in comment_targets.available() or target_id is None:
            raise ApiError(400, "bad_request", "Give target_type (one of: " + ", ".join(comment_targets.available())
                           + ") and target_id, a whole number.")
        target = comment_targets.load(team, kind, target_id, _me())
        if target is None:
            raise ApiError(404, "not_found", f"There is no such {kind} in this team.")
    # Whether a quote still matches depends on the section's text, so its version is in the tag.
    etag = fingerprint("comments", _me().id, team.id, request.full_path, comment_ops.comments_fingerprint(team),
                       [(s.id, s.version) for s in ops.sections_for(team, bodies=False)])
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    quote_check = comment_ops.QuoteCheck(ops.sections_for(team))
    if target is not None:
        stmt = comment_ops.threads_statement(team, target=target, state=state)
    elif section_id is not None:
        stmt = comment_ops.threads_statement(team, section_id=section_id, state=state)
    else:
        stmt = comment_ops.threads_statement(team, every_target=True, viewer=_me(), state=state)
    return tagged(paginate_by_id(stmt, Comment, lambda thread: comment_json(thread, quote_check)), etag)


@bp.post("/teams/<int:team_id>/comments")
def create_comment(team_id: int):
    team = team_for(team_id, "comment")
    data = json_body()
    target = data.get("target") or {}
    parent = None
    if data.get("parent_id") is not None:
        parent = _comment(team, data["parent_id"])
        found = comment_ops.target_of(team, parent, _me())
    else:
        if not isinstance(target, dict):
            raise ApiError(422, "validation_failed", "target must be an object {type, id}.", {"target": "must be an object"})
        found = comment_ops.target_for(team, target.get("type"), target.get("id"), _me())
    comment = comment_ops.add_comment(team, _me(), found, data.get("body"), data.get("quote"), parent)
    sections = [db.session.get(Section, found.id)] if found.type == "section" else []
    return jsonify(comment_json(comment, comment_ops.QuoteCheck(sections))), 201


def _comment(team: Team, comment_id) -> Comment:
    if isinstance(comment_id, str) or bounded_int(comment_id) is None:
        raise ApiError(422, "validation_failed", "parent_id must be a whole number.", {"parent_id": "must be a whole number"})
    comment = db.session.scalar(select(Comment).where(Comment.id == comment_id, Comment.team_id == team.id))
    # A comment on something the caller may not see (a host, on a confidential stakeholder) does not exist for them.
    if comment is None or comment.deleted_at is not None or comment_ops.target_of(team, comment, _me()) is None:
        raise ApiError(404, "not_found", "There is no such comment.")
    return comment


def _set_resolved(team_id: int, comment_id: int, resolved: bool):
    team = team_for(team_id, "comment")
    comment = _comment(team, comment_id)
    thread = comment_ops.resolve_comment(team, comment, _me(), resolved=resolved)
    return jsonify(comment_json(thread))


@bp.post("/teams/<int:team_id>/comments/<int:comment_id>/resolve")
def resolve_comment(team_id: int, comment_id: int):
    return _set_resolved(team_id, comment_id, True)


@bp.post("/teams/<int:team_id>/comments/<int:comment_id>/reopen")
def reopen_comment(team_id: int, comment_id: int):
    return _set_resolved(team_id, comment_id, False)


def _may_change(comment: Comment, change: str) -> None:
    if not may_change_comment(current_user, comment, change):
        raise ApiError(403, "forbidden", comment_ops.NOT_YOUR_COMMENT[change])


@bp.errorhandler(comment_ops.NotYourComment)
def _not_your_comment(refused: comment_ops.NotYourComment):
    return error_response(403, "forbidden", str(refused))


@bp.patch("/teams/<int:team_id>/comments/<int:comment_id>")
def edit_comment(team_id: int, comment_id: int):
    team = team_for(team_id, "comment")
    comment = _comment(team, comment_id)
    _may_change(comment, "edit")
    comment_ops.edit_comment(team, comment, _me(), json_body().get("body"))
    return jsonify(comment_json(comment))


@bp.delete("/teams/<int:team_id>/comments/<int:comment_id>")
def delete_comment(team_id: int, comment_id: int):
    team = team_for(team_id, "comment")
    comment = _comment(team, comment_id)
    _may_change(comment, "delete")
    comment_ops.delete_comment(team, comment, _me())
    return "", 204


# --- notifications ---------------------------------------------------------------------------


@bp.get("/notifications")
def list_notifications():
    etag = fingerprint("notifications", _me().id, comment_ops.notifications_fingerprint(_me()))
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    items = comment_ops.notifications_of(_me())
    return tagged(list_response([
        {"id": n.id, "team_id": n.team_id, "text": n.text, "link": n.link, "created_at": _iso(n.created_at),
         "read": n.read_at is not None}
        for n in items
    ]), etag)


@bp.post("/notifications/read")
def read_notifications():
    data = json_body()
    ids = data.get("ids")
    if ids is not None and (not isinstance(ids, list) or not all(not isinstance(i, str) and bounded_int(i) is not None for i in ids)):
        raise ApiError(422, "validation_failed", "ids must be a list of whole numbers.", {"ids": "must be a list of whole numbers"})
    return jsonify({"marked": comment_ops.mark_read(_me(), ids), "unread": comment_ops.unread_count(_me())})
