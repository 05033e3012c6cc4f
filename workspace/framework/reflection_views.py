"""Reflection pages: the list (mine and the team's shared ones), one reflection, write, edit,
share / make private again (confirmed), delete (confirmed), quote in the report (confirmed).

Every read goes through reflections.visible_reflections / get_reflection_for: a reflection the
viewer may not read is 404, whoever they are (a facilitator included), and a host partner meets
404 on every reflection page. Reflections stay writable once the team has submitted: they are
personal, not part of the frozen review (so these pages do not use get_team_to_change).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, StringField, TextAreaField

from ..errors import ValidationProblem
from ..extensions import db
from ..loading import get_team_for
from ..markdown import render as render_markdown
from ..submitted import ReportSubmitted
from . import reflections as ops
from .blueprint import bp
from .models import Reflection
from .tag_queries import tags_of

PAGE_LIMIT = 200  # reflections listed per group on the page (newest first)


class ReflectionForm(FlaskForm):
    written_on = StringField("Date", description="When you are reflecting on, for example 2027-03-31 or 31/03/2027. "
                                                 "Today or earlier.")
    title = StringField("Title (optional)")
    body = TextAreaField("Reflection", description="Markdown: **bold**, lists, links. At most 10,000 characters.")
    version = HiddenField()

    def values(self) -> dict:
        return {"written_on": self.written_on.data, "title": self.title.data, "body": self.body.data}


def _me():
    return current_user._get_current_object()


def _team(team_id: int):
    """The team, if the viewer reads any reflections in it: 404 otherwise (a host partner too)."""
    team = get_team_for(team_id, "see_team")
    if not ops.may_read_shared(_me(), team):
        abort(404)
    return team


def _writer_team(team_id: int):
    team = _team(team_id)
    if not ops.may_keep(_me(), team):
        abort(403)
    return team


def _reflection(team, reflection_id: int) -> Reflection:
    reflection = ops.get_reflection_for(team, reflection_id, _me())
    if reflection is None:
        abort(404)
    return reflection


def _own(team, reflection_id: int) -> Reflection:
    """The viewer's own reflection: 404 when they may not read it, 403 when it is someone else's shared one."""
    reflection = _reflection(team, reflection_id)
    if not ops.is_author(_me(), reflection):
        abort(403)
    return reflection


@bp.get("/teams/<int:team_id>/reflections")
def reflections(team_id: int):
    team = _team(team_id)
    me = _me()
    newest = (Reflection.written_on.desc(), Reflection.id.desc())
    visible = ops.visible_reflections(team, me)
    # Two bounded reads, so neither list crowds the other out: my newest, and the team's newest shared.
    mine = list(db.session.scalars(select(Reflection).where(visible, Reflection.author_id == me.id)
                                   .order_by(*newest).limit(PAGE_LIMIT))) if ops.may_keep(me, team) else []
    shared = list(db.session.scalars(select(Reflection).where(visible, Reflection.author_id != me.id,
                                                              Reflection.shared_at.is_not(None))
                                     .order_by(*newest).limit(PAGE_LIMIT)))
    names = ops.author_names({r.author_id for r in shared})
    tags = tags_of(team, "reflection", [r.id for r in mine + shared])  # all read through the rule above
    return render_template("framework/reflections.html", team=team, mine=mine, shared=shared, names=names,
                           tags=tags, may_keep=ops.may_keep(me, team), page_limit=PAGE_LIMIT)


def _form_page(team, form, reflection=None, status=200, problem=None):
    return render_template("framework/reflection_form.html", team=team, form=form, reflection=reflection,
                           problem=problem), status


@bp.route("/teams/<int:team_id>/reflections/new", methods=["GET", "POST"])
def new_reflection(team_id: int):
    team = _writer_team(team_id)
    if request.method == "GET":
        return _form_page(team, ReflectionForm(formdata=None, written_on=ops.today().isoformat()))
    form = ReflectionForm()
    if not form.validate_on_submit():
        return _form_page(team, form, status=400)
    try:
        reflection = ops.create(team, _me(), form.values())
    except ValidationProblem as problem:
        db.session.rollback()
        problem.apply_to(form)
        return _form_page(team, form, status=422)
    flash("Reflection saved. Only you can see it until you share it with the team.", "success")
    return redirect(url_for("framework.reflection", team_id=team.id, reflection_id=reflection.id))


@bp.get("/teams/<int:team_id>/reflections/<int:reflection_id>")
def reflection(team_id: int, reflection_id: int):
    team = _team(team_id)
    found = _reflection(team, reflection_id)
    me = _me()
    return render_template("framework/reflection.html", team=team, reflection=found,
                           author=ops.author_names([found.author_id]).get(found.author_id, ""),
                           body=render_markdown(found.body), mine=ops.is_author(me, found),
                           may_quote=found.shared_at is not None and ops.may_keep(me, team) and not team.is_submitted)


@bp.route("/teams/<int:team_id>/reflections/<int:reflection_id>/edit", methods=["GET", "POST"])
def edit_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)  # a reflection they may not read is 404 before anything else
    found = _own(team, reflection_id)
    if request.method == "GET":
        form = ReflectionForm(formdata=None, written_on=found.written_on.isoformat(), title=found.title,
                              body=found.body, version=str(found.version))
        return _form_page(team, form, found)
    form = ReflectionForm()
    if not form.validate_on_submit():
        return _form_page(team, form, found, 400)
    try:
        ops.update(team, found, _me(), form.values(), version=form.version.data)
    except ValidationProblem as problem:
        db.session.rollback()
        problem.apply_to(form)
        return _form_page(team, form, _own(team, reflection_id), 422)
    except ops.Stale as stale:
        return _form_page(team, form, _own(team, reflection_id), 409, problem=str(stale))
    flash("Reflection saved.", "success")
    return redirect(url_for("framework.reflection", team_id=team.id, reflection_id=found.id))


def _visibility(team_id: int, reflection_id: int, share: bool):
    team = _team(team_id)  # a reflection they may not read is 404 before anything else
    found = _own(team, reflection_id)
    if request.method == "POST":
        if ops.set_shared(team, found, _me(), share):
            flash("Reflection shared with the team." if share else "Reflection made private again: only you can "
                                                                     "see it.", "success")
        return redirect(url_for("framework.reflection", team_id=team.id, reflection_id=found.id))
    return render_template("framework/reflection_confirm_visibility.html", team=team, reflection=found, share=share)


@bp.route("/teams/<int:team_id>/reflections/<int:reflection_id>/share", methods=["GET", "POST"])
def share_reflection(team_id: int, reflection_id: int):
    return _visibility(team_id, reflection_id, True)


@bp.route("/teams/<int:team_id>/reflections/<int:reflection_id>/make-private", methods=["GET", "POST"])
def unshare_reflection(team_id: int, reflection_id: int):
    return _visibility(team_id, reflection_id, False)


@bp.route("/teams/<int:team_id>/reflections/<int:reflection_id>/delete", methods=["GET", "POST"])
def delete_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)  # a reflection they may not read is 404 before anything else
    found = _own(team, reflection_id)
    if request.method == "POST":
        ops.delete(team, found, _me())
        flash("Reflection deleted.", "success")
        return redirect(url_for("framework.reflections", team_id=team.id))
    return render_template("framework/reflection_confirm_delete.html", team=team, reflection=found)


@bp.route("/teams/<int:team_id>/reflections/<int:reflection_id>/quote", methods=["GET", "POST"])
def quote_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)
    found = _reflection(team, reflection_id)  # 404 before anything else
    if not ops.may_keep(_me(), team):
        abort(403)
    if team.is_submitted:
        raise ReportSubmitted()
    author = ops.author_names([found.author_id]).get(found.author_id, "")
    problem = None if found.shared_at is not None else \
        "Only a reflection shared with the team can be quoted in the report. Share it first."
    if request.method == "POST" and problem is None:
        try:
            ops.quote_in_report(team, found, _me(), author)
        except ops.QuoteRefused as refused:
            problem = str(refused)
        else:
            flash("Reflection quoted in the report's reflections section.", "success")
            return redirect(url_for("report.section", team_id=team.id, key=ops.REPORT_SECTION))
    if problem is None and ops.already_quoted(team, found, author):
        problem = ops.ALREADY_THERE
    quotation = ops.quotation(found, author)
    return render_template("framework/reflection_confirm_quote.html", team=team, reflection=found,
                           quotation=render_markdown(quotation), problem=problem), (409 if problem else 200)
