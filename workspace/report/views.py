"""Report pages: the overview, writing a section, and its history.

Every page works without JavaScript (a plain form saves through the same merging operation);
static/js/editor.js adds autosave, live preview, presence and live updates on top.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..http_errors import error_page
from ..loading import get_team_for
from ..markdown import render
from ..permissions import capabilities_for, page_capabilities, require
from . import comments as comment_ops
from . import history
from . import operations as ops
from .forms import CommentForm, NewSectionForm, SectionForm, StatusForm
from .models import Revision, Section
from .queries import (
    contributions,
    progress_percent,
    revisions_of,
    section_summaries,
    summaries_with_text,
    was_removed,
    word_total,
)

bp = Blueprint("report", __name__, url_prefix="/teams/<int:team_id>/report")

REVISIONS_PER_PAGE = 50


def _me():
    return current_user._get_current_object()


@bp.errorhandler(ops.ReportSubmitted)
def _submitted(refused: ops.ReportSubmitted):
    return error_page(409, title="This report has been submitted", message=str(refused))


def _section_or_404(team, key: str, sections: list[Section] | None = None) -> Section:
    section = ops.get_section(team, key, sections)
    if section is None:
        abort(404)
    return section


def _overview_page(team, status: int = 200, new_section_form=None):
    sections = section_summaries(team)
    return render_template(
        "report/overview.html", team=team, sections=sections,
        total=word_total(sections, ops.rules_for(team.cohort)), progress=progress_percent(sections),
        new_section_form=new_section_form or NewSectionForm(formdata=None),
        capabilities=page_capabilities(current_user, team),
    ), status


@bp.get("")
def overview(team_id: int):
    return _overview_page(get_team_for(team_id, "view"))


@bp.post("")
def add_section(team_id: int):
    team = get_team_for(team_id, "edit")
    form = NewSectionForm()
    if form.validate_on_submit():
        try:
            section = ops.add_team_section(team, form.title.data, _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Section '{section.title}' added.", "success")
            return redirect(url_for("report.section", team_id=team.id, key=section.key))
    # The page again, with the title as typed and what to change.
    return _overview_page(team, 400, new_section_form=form)


def section_page(team, section, status=200, form=None, comment_form=None, conflict=None, sections=None):
    if form is not None and form.base_version.errors:
        # The version travels in a hidden field: show its problem where the person can see it.
        form.body.errors = [*(form.body.errors or []), *form.base_version.errors]
        form.base_version.errors = []
    capabilities = page_capabilities(current_user, team)
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    if form is None:
        form = SectionForm(formdata=None, body=section.body, base_version=section.version)
    if sections is None:
        sections = section_summaries(team)
    open_here = next((s.open_threads for s in sections if s.id == section.id), None)
    threads = comment_ops.thread_page(team, section_id=section.id, state=state, open_total=open_here,
                                      page=bounded_int(request.args.get("page", "1"), 1) or 1)
    mentionable, present = comment_ops.people_on_section(team, section, _me())
    return render_template(
        "report/section.html", team=team, section=section, form=form, conflict=conflict,
        preview=render(section.body), capabilities=capabilities, sections=sections,
        status_form=StatusForm(formdata=None, status=section.status),
        comment_form=comment_form or CommentForm(formdata=None), threads=threads.items, threads_page=threads,
        comment_state=state, quote_ok=comment_ops.QuoteCheck([section]).of(threads.items),
        total=word_total(sections, ops.rules_for(team.cohort)),
        present=present,
        open_comments=open_here or 0,
        mentionable=mentionable,
    ), status


@bp.get("/<key>")
def section(team_id: int, key: str):
    team = get_team_for(team_id, "view")
    sections, opened = summaries_with_text(team, key)
    if opened is None:
        abort(404)
    return section_page(team, opened, sections=sections)


@bp.post("/<key>")
def save(team_id: int, key: str):
    """The no-JavaScript save: the same merge rules as the API's PUT."""
    team = get_team_for(team_id, "edit")
    section = ops.get_section(team, key)
    form = SectionForm()
    if section is None:
        if not was_removed(team, key):
            abort(404)  # never a section of this team's (another team's key is no different)
        return render_template("report/section_gone.html", team=team, body=form.body.data or ""), 410
    if not form.validate_on_submit():
        return section_page(team, section, 400, form=form)
    try:
        base_version = int(form.base_version.data)
    except (TypeError, ValueError):
        form.base_version.errors = ["The page's version number is not valid. Copy your text, reload and try again."]
        return section_page(team, section, 400, form=form)
    try:
        outcome = ops.save_section(team, key, form.body.data or "", base_version, _me())
    except ops.BodyTooLarge as too_large:
        form.body.errors = [str(too_large)]
        return section_page(team, section, 413, form=form)
    except ops.SectionMissing:
        abort(404)
    except ops.ReportSubmitted as refused:
        # The editor is gone from a submitted report's page: show the typed text to copy.
        return render_template("report/save_refused.html", team=team, section=section,
                               message=str(refused), body=form.body.data or ""), 409
    except ops.SectionGone:
        return render_template("report/section_gone.html", team=team, body=form.body.data or ""), 410
    except ops.SaveBusy:
        form.body.errors = ["Several people saved this section at the same moment. Your text is below: save again."]
        return section_page(team, section, 409, form=form)
    except ops.SaveConflict as conflict:
        db.session.expire_all()
        section = _section_or_404(team, key)
        resolve = SectionForm(formdata=None, body=conflict.merged_with_markers, base_version=conflict.current_version)
        return section_page(team, section, 409, form=resolve, conflict={"mine": form.body.data, "theirs": conflict.current_body})
    except ValidationProblem as problem:
        problem.apply_to(form)
        return section_page(team, section, 400, form=form)
    if outcome.merged:
        flash("Saved. Someone else saved this section meanwhile; both sets of changes are kept.", "success")
    else:
        flash("Saved.", "success")
    return redirect(url_for("report.section", team_id=team.id, key=key))


@bp.post("/<key>/status")
def set_status(team_id: int, key: str):
    team = get_team_for(team_id, "edit")
    section = _section_or_404(team, key)
    form = StatusForm()
    if form.validate_on_submit():
        ops.set_status(team, section, form.status.data, _me())
        flash(f"Status set to {section.status_enum.label.lower()}.", "success")
    return redirect(url_for("report.section", team_id=team.id, key=key))


@bp.route("/<key>/remove", methods=["GET", "POST"])
def remove_section(team_id: int, key: str):
    team = get_team_for(team_id, "edit")
    section = _section_or_404(team, key)
    if not section.is_team_section:
        abort(403, "Template sections are set by the programme and cannot be removed.")
    if request.method == "POST":
        ops.remove_team_section(team, section, _me())
        flash(f"Section '{section.title}' removed.", "success")
        return redirect(url_for("report.overview", team_id=team.id))
    return render_template("report/confirm_remove_section.html", team=team, section=section)


@bp.get("/<key>/history")
def section_history(team_id: int, key: str):
    team = get_team_for(team_id, "see_history")
    section = _section_or_404(team, key)
    page = db.paginate(revisions_of(section), page=bounded_int(request.args.get("page", "1"), 1) or 1,
                       per_page=REVISIONS_PER_PAGE, error_out=False)
    latest = db.session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.version == section.version)
    )
    people = contributions(section, ops.rules_for(team.cohort))
    return render_template(
        "report/history.html", team=team, section=section, page=page, revisions=page.items,
        contributions=people, authors={c.user.id: c.user for c in people if c.user},
        spans=history.authored_spans(section.body, latest.authorship) if latest else [],
        capabilities=capabilities_for(current_user, team),
    )


def _revision_or_404(section: Section, version: int) -> Revision:
    revision = db.session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.version == version)
    )
    if revision is None:
        abort(404)
    return revision


@bp.get("/<key>/history/compare")
def compare(team_id: int, key: str):
    team = get_team_for(team_id, "see_history")
    section = _section_or_404(team, key)
    older = bounded_int(request.args.get("from"), 0)
    newer = bounded_int(request.args.get("to"), 0)
    if older is None or newer is None:
        abort(400, "Choose two revisions to compare.")
    if older > newer:
        older, newer = newer, older
    old_body = "" if older == 0 else _revision_or_404(section, older).body
    new_revision = _revision_or_404(section, newer)
    return render_template(
        "report/compare.html", team=team, section=section, older=older, newer=new_revision,
        diff=history.diff_html(old_body, new_revision.body),
    )


@bp.post("/<key>/history/<int:version>/restore")
def restore(team_id: int, key: str, version: int):
    team = get_team_for(team_id, "edit")
    require(current_user, "see_history", team)  # choosing a revision to restore is reading history
    section = _section_or_404(team, key)
    revision = _revision_or_404(section, version)
    outcome = ops.restore_revision(team, section, revision, _me())
    if outcome.changed:
        flash(f"Version {version} restored as version {outcome.version}.", "success")
    else:
        flash("That version is the same as the current text; nothing changed.", "info")
    return redirect(url_for("report.section_history", team_id=team.id, key=key))
