"""Pages of the aim, the driver diagram and the change ideas, and the way in from a process
map's pain point. Thin: load through the team, authorize, call the operations, render.

Every edit of the tree is a plain form (keyboard and no-script users included): add, rename,
move up or down, move under another parent, delete after a confirmation page.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from ..errors import ValidationProblem
from ..extensions import db
from ..http_errors import error_page
from ..loading import get_for_team, get_team_for, get_team_to_change
from ..markdown import render as render_markdown
from ..permissions import page_capabilities
from . import chain as chains
from . import figures, queries, spc
from . import plan_operations as ops
from .blueprint import bp
from .messages import say
from .models import ChangeIdea, Driver
from .operations import ReportSubmitted, Stale
from .plan_fields import statement_from
from .plan_forms import AimForm, IdeaForm


def me():
    return current_user._get_current_object()


@bp.errorhandler(ReportSubmitted)
def _submitted(refused: ReportSubmitted):
    return error_page(409, title="The review has been submitted", message=str(refused))


def step_of() -> int:
    """The form's direction as a step: up -1, down +1; anything else is a 400, never a guess."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, description="Say which way to move it: up or down.")
    return -1 if direction == "up" else 1


@bp.app_template_global("qi_change_idea_titles")
def change_idea_titles(team) -> dict[int, str]:
    """For the process-map step page (which may not import this feature): the team's change
    ideas by id, to link a pain point to its idea and offer the existing ones."""
    return chains.idea_titles(team)


# --- the aim ---------------------------------------------------------------------------------


def _aim_page(team, form: AimForm, aim, status: int = 200, problem: str | None = None):
    suggestion = ""
    if aim is not None and not aim.statement:
        suggestion = statement_from(aim.what, aim.how_much, aim.by_when, aim.for_whom)
    return render_template("qi/aim.html", team=team, form=form, aim=aim, suggestion=suggestion, problem=problem,
                           capabilities=page_capabilities(current_user, team)), status


@bp.route("/aim", methods=["GET", "POST"])
def aim(team_id: int):
    if request.method == "GET":
        team = get_team_for(team_id, "view")
        found = queries.aim_of(team)
        data = {}
        if found is not None:
            data = {name: getattr(found, name) for name in ("what", "how_much", "for_whom", "statement")}
            data["by_when"] = found.by_when.isoformat() if found.by_when else ""
        return _aim_page(team, AimForm(formdata=None, **data, version=str(found.version) if found else ""), found)
    team = get_team_to_change(team_id)
    form = AimForm()
    if not form.validate_on_submit():
        return _aim_page(team, form, queries.aim_of(team), 400)
    try:
        ops.save_aim(team, me(), form.values(), version=form.version.data or "0")
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _aim_page(team, form, queries.aim_of(team), 422)
    except Stale as stale:
        return _aim_page(team, form, queries.aim_of(team), 409, problem=str(stale))
    flash("Aim saved.", "success")
    return redirect(url_for("qi.aim", team_id=team.id))


# --- the driver diagram ----------------------------------------------------------------------


def _drivers_page(team, status: int = 200, problem: str | None = None, typed: dict | None = None):
    tree = queries.driver_tree(team)
    secondaries = [(primary, secondary) for primary in tree.primaries for secondary in primary.children]
    # Every idea's "place it under" list holds every secondary driver: built once, not once an idea
    # (144 ideas x 48 drivers were most of a large page's time).
    place_options = Markup("".join(  # noqa: S704 - every title escaped
        f'<option value="{s.id}">{escape(_short(p.title))} › {escape(_short(s.title))}</option>'
        for p, s in secondaries))
    return render_template("qi/drivers.html", team=team, tree=tree, has_aim=bool(tree.aim),
                           diagram=figures.driver_svg(tree),
                           secondaries=secondaries, place_options=place_options, problem=problem, typed=typed or {},
                           capabilities=page_capabilities(current_user, team), limits=ops), status


@bp.get("/drivers")
def drivers(team_id: int):
    return _drivers_page(get_team_for(team_id, "view"))


def _short(title: str, length: int = 40) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def _driver_or_404(team, driver_id: int) -> Driver:
    return get_for_team(Driver, team, driver_id)


def _idea_or_404(team, idea_id: int) -> ChangeIdea:
    return get_for_team(ChangeIdea, team, idea_id)


def _still_there(model, team, record_id: int):
    """The team's record, None when no such record is left (deleted, perhaps in another tab);
    another team's record is 404 as ever."""
    if db.session.get(model, record_id) is None:
        return None
    return get_for_team(model, team, record_id)


def _gone_page(team, what: str, typed: str | None = None):
    """A change to a driver or idea deleted since the page was read: 409, with what was typed."""
    message = f"That {what} has been deleted (perhaps in another tab)"
    message += f", so “{typed}” was not saved." if typed else ", so nothing was changed."
    return _drivers_page(team, 409, message)


def _refused(team, problem: ValidationProblem, typed: dict):
    """A tree form refused: the page again with what was typed and the message next to that
    form; 409 when a driver it names has gone, 422 otherwise."""
    status = 409 if isinstance(problem, ops.Gone) else 422
    return _drivers_page(team, status, problem.message, typed)


def _back(anchor: str = ""):
    return redirect(url_for("qi.drivers", team_id=request.view_args["team_id"]) + anchor)


@bp.post("/drivers")
def add_driver(team_id: int):
    team = get_team_to_change(team_id)
    parent_id = request.form.get("parent_id") or None
    try:
        driver = ops.add_driver(team, me(), request.form.get("title", ""), parent_id)
    except ValidationProblem as problem:
        form = "retry-driver" if isinstance(problem, ops.Gone) else f"driver-{parent_id or 'primary'}"
        return _refused(team, problem, {"form": form, "title": request.form.get("title", "")})
    say(f"{'Secondary' if driver.parent_id else 'Primary'} driver “{driver.title}” added.", "success")
    return _back(f"#driver-{driver.id}")


@bp.post("/drivers/<int:driver_id>/rename")
def rename_driver(team_id: int, driver_id: int):
    team = get_team_to_change(team_id)
    driver = _still_there(Driver, team, driver_id)
    if driver is None:
        return _gone_page(team, "driver", request.form.get("title", "").strip()[:200])
    try:
        ops.rename_driver(team, me(), driver, request.form.get("title", ""))
    except ValidationProblem as problem:
        return _refused(team, problem, {"form": f"rename-{driver.id}", "title": request.form.get("title", "")})
    flash("Driver renamed.", "success")
    return _back(f"#driver-{driver.id}")


@bp.post("/drivers/<int:driver_id>/move")
def move_driver(team_id: int, driver_id: int):
    team = get_team_to_change(team_id)
    driver = _still_there(Driver, team, driver_id)
    if driver is None:
        return _gone_page(team, "driver")
    step = step_of()
    moved = ops.move_driver(team, me(), driver, step)
    say(f"“{driver.title}” moved {'up' if step < 0 else 'down'}." if moved
          else f"“{driver.title}” is already at that end.", "success")
    return _back(f"#driver-{driver.id}")


@bp.post("/drivers/<int:driver_id>/parent")
def reparent_driver(team_id: int, driver_id: int):
    team = get_team_to_change(team_id)
    driver = _still_there(Driver, team, driver_id)
    if driver is None:
        return _gone_page(team, "driver")
    try:
        ops.reparent_driver(team, me(), driver, request.form.get("parent_id"))
    except ValidationProblem as problem:
        db.session.rollback()
        return _refused(team, problem, {"form": f"parent-{driver_id}"})
    say(f"“{driver.title}” moved.", "success")
    return _back(f"#driver-{driver.id}")


@bp.route("/drivers/<int:driver_id>/delete", methods=["GET", "POST"])
def delete_driver(team_id: int, driver_id: int):
    team = get_team_to_change(team_id)
    driver = _driver_or_404(team, driver_id)
    if request.method == "POST":
        unplaced = ops.delete_driver(team, me(), driver)
        say(f"“{driver.title}” deleted." + (f" {unplaced} change idea{'s' if unplaced != 1 else ''} "
                                             "now wait to be placed." if unplaced else ""), "success")
        return _back("#drivers-tree")
    children = list(db.session.scalars(select(Driver).where(Driver.team_id == team.id,
                                                            Driver.parent_id == driver.id)))
    ids = [driver.id, *(child.id for child in children)]
    ideas = list(db.session.scalars(select(ChangeIdea).where(ChangeIdea.team_id == team.id,
                                                             ChangeIdea.driver_id.in_(ids))))
    return render_template("qi/drivers_confirm_delete.html", team=team, driver=driver, children=children,
                           ideas=ideas)


# --- change ideas ----------------------------------------------------------------------------


@bp.post("/change-ideas")
def add_idea(team_id: int):
    team = get_team_to_change(team_id)
    data = {"title": request.form.get("title", ""), "description": request.form.get("description", ""),
            "driver_id": request.form.get("driver_id", "")}
    try:
        idea = ops.add_idea(team, me(), data)
    except ValidationProblem as problem:
        form = "retry-idea" if isinstance(problem, ops.Gone) else f"idea-{data['driver_id'] or 'unplaced'}"
        return _refused(team, problem, {"form": form, "title": data["title"]})
    say(f"Change idea “{idea.title}” added.", "success")
    return _back(f"#idea-{idea.id}")


def _driver_choices(team) -> list[tuple[str, str]]:
    tree = queries.driver_tree(team)
    return [("", "Not placed yet")] + [(str(s.id), f"{p.title} › {s.title}") for p in tree.primaries
                                       for s in p.children]


@bp.get("/change-ideas/<int:idea_id>")
def change_idea(team_id: int, idea_id: int):
    team = get_team_for(team_id, "view")
    idea = _idea_or_404(team, idea_id)
    found = chains.chain_of(team, idea)
    charts = []
    for series in queries.measure_series(team, found.measure_ids) if found.measure_ids else []:
        analysis = spc.analyse(series)
        # the figure is built from escaped text (whether the facade hands back Markup or str)
        charts.append((series, analysis, Markup(figures.chart_svg(series, analysis))))  # noqa: S704
    return render_template("qi/change_idea.html", team=team, idea=idea, chain=found, charts=charts,
                           description_html=render_markdown(idea.description),
                           capabilities=page_capabilities(current_user, team))


def _idea_form_page(team, idea, form: IdeaForm, status: int = 200):
    form.driver_id.choices = _driver_choices(team)
    return render_template("qi/change_idea_form.html", team=team, idea=idea, form=form), status


@bp.route("/change-ideas/<int:idea_id>/edit", methods=["GET", "POST"])
def edit_change_idea(team_id: int, idea_id: int):
    team = get_team_to_change(team_id)
    idea = _idea_or_404(team, idea_id)
    if request.method == "GET":
        form = IdeaForm(formdata=None, title=idea.title, description=idea.description,
                        driver_id=str(idea.driver_id or ""))
        return _idea_form_page(team, idea, form)
    form = IdeaForm()
    if not form.validate_on_submit():
        return _idea_form_page(team, idea, form, 400)
    try:
        ops.update_idea(team, me(), idea, form.values())
    except ValidationProblem as problem:
        db.session.rollback()
        problem.apply_to(form)
        return _idea_form_page(team, db.session.get(ChangeIdea, idea_id), form, 422)
    flash("Change idea saved.", "success")
    return redirect(url_for("qi.change_idea", team_id=team.id, idea_id=idea.id))


@bp.post("/change-ideas/<int:idea_id>/move")
def move_idea(team_id: int, idea_id: int):
    team = get_team_to_change(team_id)
    idea = _still_there(ChangeIdea, team, idea_id)
    if idea is None:
        return _gone_page(team, "change idea")
    step = step_of()
    moved = ops.move_idea(team, me(), idea, step)
    say(f"“{idea.title}” moved {'up' if step < 0 else 'down'}." if moved
          else f"“{idea.title}” is already at that end.", "success")
    return _back(f"#idea-{idea.id}")


@bp.post("/change-ideas/<int:idea_id>/place")
def place_idea(team_id: int, idea_id: int):
    team = get_team_to_change(team_id)
    idea = _still_there(ChangeIdea, team, idea_id)
    if idea is None:
        return _gone_page(team, "change idea")
    try:
        ops.place_idea(team, me(), idea, request.form.get("driver_id", ""))
    except ValidationProblem as problem:
        db.session.rollback()
        return _refused(team, problem, {"form": f"place-{idea_id}"})
    say(f"“{idea.title}” moved.", "success")
    return _back(f"#idea-{idea.id}")


@bp.route("/change-ideas/<int:idea_id>/delete", methods=["GET", "POST"])
def delete_change_idea(team_id: int, idea_id: int):
    team = get_team_to_change(team_id)
    idea = _idea_or_404(team, idea_id)
    if request.method == "POST":
        ops.delete_idea(team, me(), idea)
        say(f"Change idea “{idea.title}” deleted.", "success")
        return _back("#drivers-tree")
    found = chains.chain_of(team, idea)
    return render_template("qi/change_idea_confirm_delete.html", team=team, idea=idea, chain=found)


@bp.post("/pain-points/<int:note_id>/change-idea")
def idea_from_pain_point(team_id: int, note_id: int):
    """A process map's pain point made into a new change idea (or linked to an existing one,
    `change_idea_id`); back to the idea, whose page links back to the step."""
    team = get_team_to_change(team_id)
    point = chains.pain_point(team, note_id)
    if point is None:
        abort(404)
    try:
        idea = chains.idea_from_pain_point(team, me(), point, request.form.get("change_idea_id") or None)
    except chains.AlreadyAnIdea as already:
        flash(str(already), "info")
        return redirect(url_for("qi.change_idea", team_id=team.id, idea_id=already.idea.id))
    except ValidationProblem as problem:
        db.session.rollback()
        flash(problem.message, "error")
        return redirect(url_for("processes.step", team_id=team.id, map_id=point.process_map.id,
                                step_id=point.step_id) + "#notes")
    say(f"The pain point is now linked to the change idea “{idea.title}”.", "success")
    return redirect(url_for("qi.change_idea", team_id=team.id, idea_id=idea.id))

