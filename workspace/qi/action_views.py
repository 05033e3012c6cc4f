"""The action log's pages: the log (filtered by owner, status and due date, soonest due first,
a page at a time, with a quick status change on each row), an action with its comment threads,
adding, changing and deleting an action (after a confirmation page), and the log as CSV.
Thin: load through the team, authorize, call the operations, render.
"""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl, urlencode

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, SelectField, StringField

from ..cleaning import bounded_int
from ..domains import DOMAINS
from ..errors import ValidationProblem
from ..forms import TypedTextAreaField, choices
from ..http_errors import error_page
from ..loading import get_team_for, get_team_to_change
from ..markdown import render as render_markdown
from ..names import first_name
from ..paging import counted_page
from ..permissions import can, page_capabilities
from ..report.comments import threads_on
from ..stakeholders.queries import names_of as stakeholder_names
from . import action_csv, action_queries
from . import action_operations as ops
from .action_fields import STATUS_LABELS
from .blueprint import bp
from .messages import say
from .operations import ReportSubmitted
from .targets import action_target


def _me():
    return current_user._get_current_object()


def _submitted_page(refused: ReportSubmitted | None = None):
    return error_page(409, title="The review has been submitted",
                      message=str(refused or ReportSubmitted()))


def _refusals(view):
    """A change refused because the team submitted meanwhile answers with the reason (409)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ReportSubmitted as refused:
            return _submitted_page(refused)
    return wrapped


def _full(team) -> bool:
    return can(current_user, "see_confidential_stakeholders", team)


def _page_number() -> int:
    return bounded_int(request.args.get("page", "1"), 1) or 1


def _action_or_404(team, action_id: int):
    action = action_queries.get_action(team, action_id)
    if action is None:
        abort(404)
    return action


#: each status's <option> list with that status selected: the log's rows share four strings
#: rather than looping over the statuses once a row
STATUS_OPTIONS = {
    chosen: Markup("".join(  # noqa: S704 - fixed keys, escaped labels
        f'<option value="{key}"{" selected" if key == chosen else ""}>{escape(label)}</option>'
        for key, label in STATUS_LABELS.items()))
    for chosen in STATUS_LABELS
}


def _common(team) -> dict:
    return {"team": team, "capabilities": page_capabilities(current_user, team), "statuses": STATUS_LABELS, "domains": DOMAINS,
            "due_choices": action_queries.DUE_CHOICES, "status_options": STATUS_OPTIONS}


# --- the log ------------------------------------------------------------------------------------


def _log_page(team, args, status: int = 200, problem: str | None = None, problem_id: int | None = None):
    members = action_queries.members_of(team)
    filters = action_queries.read_filters(args, set(members))[0]
    on = action_queries.today()
    page = counted_page(action_queries.log_statement(team, filters, on),
                        page=bounded_int(args.get("page", "1"), 1) or 1, per_page=action_queries.PER_PAGE)
    actions = page.items
    links = action_queries.links_for(team, actions, _full(team))
    owners = action_queries.owner_names(members, actions)
    rows = [{"action": a, "owner": owners.get(a.owner_id) if a.owner_id else None,
             "overdue": action_queries.is_overdue(a, on), "links": links.of(a)} for a in actions]
    return render_template("qi/actions.html", **_common(team), page=page, rows=rows, filters=filters,
                           members=members, problem=problem, problem_id=problem_id,
                           here=urlencode({**filters.args(), **({"page": page.page} if page.page > 1 else {})})), status


@bp.get("/actions")
def actions(team_id: int):
    return _log_page(get_team_for(team_id, "view"), request.args)


@bp.get("/actions.csv")
def actions_csv(team_id: int):
    team = get_team_for(team_id, "view")
    members = action_queries.members_of(team)
    filters = action_queries.read_filters(request.args, set(members))[0]
    body = action_csv.export(action_queries.csv_rows(team, filters, _full(team)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="action-log-team-{team.id}.csv"'})


def _back_to_log(team, back: str, anchor: str = ""):
    """The log as it was filtered and paged when the row's form was sent."""
    args = {key: value for key, value in parse_qsl(back or "")[:10] if key in ("owner", "status", "due", "page")}
    return redirect(url_for("qi.actions", team_id=team.id, **args) + anchor)


@bp.post("/actions/<int:action_id>/status")
@_refusals
def action_status(team_id: int, action_id: int):
    """The quick status change on a row of the log (or on an action's page)."""
    team = get_team_to_change(team_id)
    action = _action_or_404(team, action_id)
    form = FlaskForm()
    back = request.form.get("back", "")
    if not form.validate_on_submit():
        return _log_page(team, MultiDict(parse_qsl(back)), 400,
                         "Your form could not be sent. Reload the page and try again.", action.id)
    try:
        changed = ops.set_status(team, action, _me(), request.form.get("status"),
                                 version=request.form.get("version"))
    except ValidationProblem as problem:
        return _log_page(team, MultiDict(parse_qsl(back)), 422, f"{action.title}: {problem.message}", action.id)
    except ops.Stale as stale:
        return _log_page(team, MultiDict(parse_qsl(back)), 409, str(stale), action.id)
    if changed:
        say(f"“{action.title}” is now {STATUS_LABELS[action.status].lower()}.", "success")
    if request.form.get("from") == "action":
        return redirect(url_for("qi.action", team_id=team.id, action_id=action.id))
    return _back_to_log(team, back, f"#action-{action.id}")


# --- adding, changing and deleting -------------------------------------------------------------


def _select(label: str, description: str | None = None) -> SelectField:
    return SelectField(label, choices=[], validate_choice=False, description=description)


class ActionForm(FlaskForm):
    title = StringField("Title", description="What will be done, in a few words.")
    detail = TypedTextAreaField("Detail", description="Optional. You can use markdown: **bold**, lists, links.")
    owner_id = _select("Owner", "The team member who will do it.")
    due_on = StringField("Due date", description="Optional. For example, 31/03/2027 or 2027-03-31.")
    status = _select("Status")
    domain = _select("Framework domain", "The domain of the Systems Leadership Development Framework it builds.")
    pdsa_id = _select("PDSA cycle", "Optional: the test of change it is part of.")
    change_idea_id = _select("Change idea", "Optional: the change idea it works on.")
    stakeholder_id = _select("Stakeholder", "Optional: the stakeholder it involves.")
    version = HiddenField()

    def values(self) -> dict:
        return {field.name: field.data for field in self if field.name not in ("csrf_token", "version")}


def _form_page(team, form: ActionForm, action=None, status: int = 200, problem: str | None = None):
    members = action_queries.members_of(team)
    form.owner_id.choices = choices([("", "No owner yet")] + [(str(uid), user.name) for uid, user in members.items()])
    form.status.choices = choices(STATUS_LABELS.items())
    form.domain.choices = choices([("", "None")] + list(DOMAINS.items()))
    form.pdsa_id.choices = choices([("", "None")] + [(str(k), v) for k, v in action_queries.cycle_choices(team).items()])
    form.change_idea_id.choices = choices([("", "None")] + [(str(k), v)
                                                           for k, v in action_queries.idea_choices(team).items()])
    form.stakeholder_id.choices = choices([("", "None")] + [(str(k), v)
                                                           for k, v in stakeholder_names(team, _full(team)).items()])
    return render_template("qi/action_form.html", **_common(team), form=form, action=action, problem=problem), status


def _form_from(action) -> ActionForm:
    data = {name: getattr(action, name) for name in ("title", "detail", "status", "domain")}
    for name in ("owner_id", "pdsa_id", "change_idea_id", "stakeholder_id"):
        data[name] = str(getattr(action, name) or "")
    data["domain"] = data["domain"] or ""
    data["due_on"] = action.due_on.isoformat() if action.due_on else ""
    return ActionForm(formdata=None, data={**data, "version": str(action.version)})


@bp.route("/actions/new", methods=["GET", "POST"])
@_refusals
def action_new(team_id: int):
    team = get_team_to_change(team_id)
    if request.method == "GET":
        owner = str(current_user.id) if current_user.id in action_queries.members_of(team) else ""
        return _form_page(team, ActionForm(formdata=None, data={"status": "open", "owner_id": owner,
                                                                "pdsa_id": request.args.get("pdsa", ""),
                                                                "change_idea_id": request.args.get("idea", "")}))
    form = ActionForm()
    if not form.validate_on_submit():
        return _form_page(team, form, status=400)
    try:
        action = ops.create(team, _me(), form.values())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, status=422)
    say(f"Action “{action.title}” added.", "success")
    return redirect(url_for("qi.action", team_id=team.id, action_id=action.id))


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@_refusals
def action_edit(team_id: int, action_id: int):
    team = get_team_to_change(team_id)
    action = _action_or_404(team, action_id)
    if request.method == "GET":
        return _form_page(team, _form_from(action), action)
    form = ActionForm()
    if not form.validate_on_submit():
        return _form_page(team, form, action, 400)
    try:
        changed = ops.update(team, action, _me(), form.values(), version=form.version.data or None)
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, action, 422)
    except ops.Stale as stale:
        # What was typed stays; the form now carries the current version, so saving again
        # keeps this person's values over the other change.
        form.version.data = str(ops.stale_version(stale))
        return _form_page(team, form, action, 409, problem=str(stale))
    flash("Action saved." if changed else "Nothing changed.", "success" if changed else "info")
    return redirect(url_for("qi.action", team_id=team.id, action_id=action.id))


@bp.route("/actions/<int:action_id>/delete", methods=["GET", "POST"])
@_refusals
def action_delete(team_id: int, action_id: int):
    team = get_team_to_change(team_id)
    action = _action_or_404(team, action_id)
    if request.method == "POST":
        ops.delete(team, action, _me())
        say(f"Action “{action.title}” deleted.", "success")
        return redirect(url_for("qi.actions", team_id=team.id))
    return render_template("qi/action_confirm_delete.html", **_common(team), action=action)


# --- one action ----------------------------------------------------------------------------------


@bp.get("/actions/<int:action_id>")
def action(team_id: int, action_id: int):
    team = get_team_for(team_id, "view")
    found = _action_or_404(team, action_id)
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = action_target(team, found)
    threads, mentionable = threads_on(team, target, state=state, page=_page_number())
    links = action_queries.links_for(team, [found], _full(team))
    owner = action_queries.owner_names({}, [found]).get(found.owner_id) if found.owner_id else None
    return render_template(
        "qi/action.html", **_common(team), action=found, owner=owner, links=links.of(found),
        overdue=action_queries.is_overdue(found), detail_html=render_markdown(found.detail) if found.detail else "",
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        quote_ok={}, mention_example=first_name(mentionable[0].name) if mentionable else "Aisha",
    )
