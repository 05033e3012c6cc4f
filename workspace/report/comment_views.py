"""Comment pages (threads, replies, resolve) and the notifications list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import comment_targets
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..loading import get_for_team, get_team_or_404
from ..permissions import capabilities_for, may_change_comment, require
from . import comments as ops
from . import operations as report_ops
from .forms import CommentForm, EditCommentForm
from .models import Comment
from .views import section_page

bp = Blueprint("comments", __name__)


@bp.app_context_processor
def _notification_bell():
    """The header's bell on every page: a function, so only signed-in pages run the count."""
    return {"unread_notifications": ops.unread_count}


def _me():
    return current_user._get_current_object()


def _back(team, comment: Comment) -> str:
    """The page that shows the comment's thread (its target's page), at the thread."""
    target = ops.target_of(team, comment, _me())
    if target is None:
        return url_for("comments.all_comments", team_id=team.id)
    return f"{target.url}#comment-{comment.parent_id or comment.id}"


def _replied_to(team, form: CommentForm) -> Comment | None:
    """The comment a reply form answers (404 when it is not this team's; 400 when the form's
    id is not a whole number); None for a new thread."""
    if not form.parent_id.data:
        return None
    parent_id = bounded_int(form.parent_id.data, 1)
    if parent_id is None:
        abort(400, "The comment you are replying to is not valid.")
    return get_for_team(Comment, team, parent_id)


@bp.post("/teams/<int:team_id>/report/<key>/comments")
def add(team_id: int, key: str):
    team = get_team_or_404(team_id)
    require(current_user, "comment", team)
    section = report_ops.get_section(team, key)
    if section is None:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        parent = _replied_to(team, form)
        try:
            comment = ops.add_comment(team, _me(), section, form.body.data, form.quote.data, parent)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash("Comment added.", "success")
            return redirect(_back(team, comment))
    return section_page(team, section, 400, comment_form=form)


@bp.post("/teams/<int:team_id>/comments/on/<target_type>/<int:target_id>")
def add_on(team_id: int, target_type: str, target_id: int):
    """A new thread, or a reply, on any registered target (a stakeholder, ...): the page that
    shows the target links its forms here. On a problem the comment is shown again on a page
    of its own, as typed, with what to change."""
    team = get_team_or_404(team_id)
    require(current_user, "comment", team)
    target = comment_targets.load(team, target_type, target_id, _me())
    if target is None:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        parent = _replied_to(team, form)
        if parent is not None and ((parent.target_type, parent.target_id) != (target.type, target.id)
                                   or parent.deleted_at is not None):
            abort(404)
        try:
            comment = ops.add_comment(team, _me(), target, form.body.data, None, parent)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash("Comment added.", "success")
            return redirect(f"{target.url}#comment-{comment.parent_id or comment.id}")
    return render_template("report/add_comment.html", team=team, target=target, form=form), 400


def _comment(team_id: int, comment_id: int):
    """The comment, if the viewer may see it: on a target they may not see (a host, on a
    confidential stakeholder), it does not exist for them."""
    team = get_team_or_404(team_id)
    require(current_user, "comment", team)
    comment = get_for_team(Comment, team, comment_id)
    if comment.deleted_at is not None or ops.target_of(team, comment, _me()) is None:
        abort(404)
    return team, comment


def _may_change(comment: Comment, change: str) -> None:
    if not may_change_comment(current_user, comment, change):
        abort(403, ops.NOT_YOUR_COMMENT[change])


@bp.route("/teams/<int:team_id>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
def edit(team_id: int, comment_id: int):
    team, comment = _comment(team_id, comment_id)
    _may_change(comment, "edit")
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            ops.edit_comment(team, comment, _me(), form.body.data)
        except ops.NotYourComment as refused:
            abort(403, str(refused))
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash("Comment changed.", "success")
            return redirect(_back(team, comment))
    return render_template("report/edit_comment.html", team=team, comment=comment, form=form), 400 if form.errors else 200


@bp.route("/teams/<int:team_id>/comments/<int:comment_id>/delete", methods=["GET", "POST"])
def delete(team_id: int, comment_id: int):
    team, comment = _comment(team_id, comment_id)
    _may_change(comment, "delete")
    if request.method == "POST":
        back = _back(team, comment)
        try:
            ops.delete_comment(team, comment, _me())
        except ops.NotYourComment as refused:
            abort(403, str(refused))
        flash("Comment deleted.", "success")
        return redirect(back)
    return render_template("report/confirm_delete_comment.html", team=team, comment=comment, back=_back(team, comment))


def _set_resolved(team_id: int, comment_id: int, resolved: bool):
    team, comment = _comment(team_id, comment_id)
    ops.resolve_comment(team, comment, _me(), resolved=resolved)
    flash("Comment resolved." if resolved else "Comment reopened.", "success")
    return redirect(_back(team, comment))


@bp.post("/teams/<int:team_id>/comments/<int:comment_id>/resolve")
def resolve(team_id: int, comment_id: int):
    return _set_resolved(team_id, comment_id, True)


@bp.post("/teams/<int:team_id>/comments/<int:comment_id>/reopen")
def reopen(team_id: int, comment_id: int):
    return _set_resolved(team_id, comment_id, False)


@bp.get("/teams/<int:team_id>/comments")
def all_comments(team_id: int):
    """Every thread the viewer may see: on the report's sections and on every other registered
    comment target (stakeholders, process maps, QI actions, PDSA cycles, measures...), filtered
    by state, or on one section."""
    team = get_team_or_404(team_id)
    require(current_user, "view", team)
    sections = report_ops.sections_for(team)
    state = request.args.get("state", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    section_id = bounded_int(request.args.get("section"))
    if section_id is not None and section_id not in {s.id for s in sections}:
        section_id = None
    number = bounded_int(request.args.get("page", "1"), 1) or 1
    if section_id is None:
        page = ops.every_thread_page(team, _me(), state=state, page=number)
        targets = ops.other_targets(team, page.items, _me())
    else:
        page, targets = ops.thread_page(team, section_id=section_id, state=state, page=number), {}
    # a target gone between the two reads leaves its thread out rather than unnamed
    threads = [t for t in page.items if t.target_type == "section" or f"{t.target_type}:{t.target_id}" in targets]
    return render_template(
        "report/comments.html", team=team, threads=threads, threads_page=page, sections=sections, targets=targets,
        target_labels={name: comment_targets.get(name).label for name in comment_targets.available()},
        by_id={s.id: s for s in sections}, state=state, section_id=section_id,
        capabilities=capabilities_for(current_user, team), quote_ok=ops.QuoteCheck(sections).of(threads),
        mentionable=ops.mentionable(team),
    )


@bp.get("/notifications")
def notifications():
    items = ops.notifications_of(_me())
    return render_template("report/notifications.html", items=items)


@bp.post("/notifications/read")
def mark_read():
    ops.mark_read(_me())
    flash("All notifications marked as read.", "success")
    return redirect(url_for("comments.notifications"))
