"""PDSA cycle pages: the list (grouped by change idea as ramps, filtered by status), a cycle
(Plan, Do, Study, Act, its ramp neighbours, measures, actions and comments), new (also "start
the next cycle", pre-filled), edit and delete. Thin: load, authorize, call operations, render.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import load_only

from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..loading import get_team_for, get_team_to_change
from ..markdown import render as render_markdown
from ..names import first_name
from ..permissions import page_capabilities
from ..report.comments import threads_on
from . import pdsa_operations as ops
from .blueprint import bp
from .chain import RampStep, ramp
from .driver_views import me
from .messages import say
from .models import Action, ChangeIdea, Measure, PdsaCycle, PdsaMeasure
from .pdsa_fields import LONG_FIELDS, STATUS_LABELS
from .plan_forms import PdsaForm
from .queries import cycle_label, cycle_numbers, live_actions, live_cycles, live_measures
from .targets import pdsa_target

IDEAS_PER_PAGE = 20


def _page_number() -> int:
    return bounded_int(request.args.get("page", "1"), 1) or 1


def _cycle_or_404(team, cycle_id: int) -> PdsaCycle:
    cycle = db.session.scalar(select(PdsaCycle).where(PdsaCycle.id == cycle_id, live_cycles(team)))
    if cycle is None:
        abort(404)
    return cycle


# --- the list --------------------------------------------------------------------------------


@dataclass
class Group:
    idea: ChangeIdea | None
    steps: list[RampStep]


class _Page:
    """A page of groups, shaped as the pager macro reads a Flask-SQLAlchemy page."""

    def __init__(self, items: list, page: int, per_page: int):
        self.total = len(items)
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(page, self.pages)
        self.items = items[(self.page - 1) * per_page: self.page * per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1


@bp.get("/pdsa")
def pdsa_list(team_id: int):
    team = get_team_for(team_id, "view")
    status = request.args.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    cycles = list(db.session.scalars(select(PdsaCycle).where(live_cycles(team)).order_by(PdsaCycle.id).options(
        load_only(PdsaCycle.id, PdsaCycle.change_idea_id, PdsaCycle.follows_id, PdsaCycle.title, PdsaCycle.status,
                  PdsaCycle.started_on, PdsaCycle.ended_on, PdsaCycle.decision, raiseload=True))))
    numbers = {cycle.id: n for n, cycle in enumerate(cycles, start=1)}  # as queries.cycle_numbers
    ideas = {idea.id: idea for idea in db.session.scalars(
        select(ChangeIdea).where(ChangeIdea.team_id == team.id,
                                 ChangeIdea.id.in_({c.change_idea_id for c in cycles if c.change_idea_id})))} \
        if cycles else {}
    by_idea: dict[int | None, list[PdsaCycle]] = {}
    for cycle in cycles:
        by_idea.setdefault(cycle.change_idea_id if cycle.change_idea_id in ideas else None, []).append(cycle)
    groups = []
    for idea_id, members in sorted(by_idea.items(), key=lambda item: (item[0] is None,
                                                                       (ideas[item[0]].title.casefold()
                                                                        if item[0] else ""))):
        steps = ramp(members, numbers)
        if status:
            steps = [step for step in steps if step.cycle.status == status]
        if steps:
            groups.append(Group(ideas.get(idea_id), steps))
    counts = {value: sum(1 for c in cycles if c.status == value) for value in STATUS_LABELS}
    page = _Page(groups, _page_number(), IDEAS_PER_PAGE)
    return render_template("qi/pdsa_list.html", team=team, page=page, groups=page.items, status_filter=status,
                           statuses=STATUS_LABELS, counts=counts, total=len(cycles),
                           capabilities=page_capabilities(current_user, team))


# --- one cycle -------------------------------------------------------------------------------


@bp.get("/pdsa/<int:cycle_id>")
def pdsa(team_id: int, cycle_id: int):
    team = get_team_for(team_id, "view")
    cycle = _cycle_or_404(team, cycle_id)
    numbers = cycle_numbers(team)
    related = list(db.session.scalars(select(PdsaCycle).where(
        live_cycles(team), (PdsaCycle.id == cycle.follows_id) | (PdsaCycle.follows_id == cycle.id))
        .order_by(PdsaCycle.id)))
    follows = next((c for c in related if c.id == cycle.follows_id), None)
    followers = [c for c in related if c.follows_id == cycle.id]
    idea = db.session.get(ChangeIdea, cycle.change_idea_id) if cycle.change_idea_id else None
    measures = list(db.session.scalars(select(Measure).where(
        live_measures(team), Measure.id.in_(select(PdsaMeasure.measure_id).where(
            PdsaMeasure.pdsa_id == cycle.id))).order_by(Measure.position, Measure.id)))
    actions = list(db.session.scalars(select(Action).where(live_actions(team), Action.pdsa_id == cycle.id)
                                      .order_by(Action.id).limit(100)))
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = pdsa_target(team, cycle, numbers.get(cycle.id, 0))
    threads, mentionable = threads_on(team, target, state=state, page=_page_number())
    rendered = {name: render_markdown(getattr(cycle, name)) for name in LONG_FIELDS if getattr(cycle, name)}
    return render_template(
        "qi/pdsa.html", team=team, cycle=cycle, number=numbers.get(cycle.id, 0), numbers=numbers, idea=idea,
        follows=follows, followers=followers, measures=measures, actions=actions, rendered=rendered,
        label=cycle_label(numbers.get(cycle.id, 0), cycle.decision), capabilities=page_capabilities(current_user, team),
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        mention_example=first_name(mentionable[0].name) if mentionable else "Aisha")


# --- new, edit, delete -----------------------------------------------------------------------


def _options(pairs, chosen: str) -> Markup:
    return Markup("".join(  # noqa: S704 - every value escaped
        f'<option value="{value}"{" selected" if str(value) == chosen else ""}>{escape(text)}</option>'
        for value, text in pairs))


def _form_page(team, form: PdsaForm, cycle: PdsaCycle | None = None, status: int = 200,
               problem: str | None = None):
    """The cycle's form. Its two long lists (the ideas, and the cycles it may follow, grouped by
    idea) are built here as options once: through the select macro a large team's form took
    five times as long."""
    ideas = list(db.session.execute(select(ChangeIdea.id, ChangeIdea.title).where(ChangeIdea.team_id == team.id)
                                    .order_by(ChangeIdea.title, ChangeIdea.id)))
    others = list(db.session.execute(select(PdsaCycle.id, PdsaCycle.title, PdsaCycle.change_idea_id).where(
        live_cycles(team)).order_by(PdsaCycle.id)))
    numbers = {row.id: n for n, row in enumerate(others, start=1)}  # as queries.cycle_numbers
    idea_chosen = str(form.change_idea_id.data or "")
    follows_chosen = str(form.follows_id.data or "")
    idea_options = _options([("", "Choose a change idea"), *((i.id, i.title) for i in ideas)], idea_chosen)
    by_idea: dict[int | None, list] = {}
    for row in others:
        if cycle is None or row.id != cycle.id:
            by_idea.setdefault(row.change_idea_id, []).append(row)
    groups = []
    for idea in ideas:
        if idea.id in by_idea:
            groups.append(Markup('<optgroup label="{}">{}</optgroup>').format(idea.title, _options(
                ((c.id, f"PDSA {numbers[c.id]}: {c.title}") for c in by_idea[idea.id]), follows_chosen)))
    follows_options = _options([("", "None: it starts a ramp")], follows_chosen) + Markup("").join(groups)
    measures = list(db.session.execute(select(Measure.id, Measure.name).where(live_measures(team))
                                       .order_by(Measure.position, Measure.id)))
    chosen = {str(value) for value in (form.measure_ids.data or [])}
    return render_template("qi/pdsa_form.html", team=team, form=form, cycle=cycle, ideas=ideas, measures=measures,
                           chosen=chosen, problem=problem, idea_options=idea_options,
                           follows_options=follows_options, number=numbers.get(cycle.id) if cycle else None), status


def _typed(form: PdsaForm) -> tuple[dict, list]:
    return form.values(), request.form.getlist("measure_ids")[:50]


@bp.route("/pdsa/new", methods=["GET", "POST"])
def new_pdsa(team_id: int):
    team = get_team_to_change(team_id)
    if request.method == "GET":
        idea = bounded_int(request.args.get("idea", ""), 1)
        follows = bounded_int(request.args.get("follows", ""), 1)
        prefill = {"change_idea_id": str(idea or ""), "follows_id": str(follows or ""), "status": "planned"}
        measure_ids = []
        if follows:
            before = db.session.scalar(select(PdsaCycle).where(PdsaCycle.id == follows, live_cycles(team)))
            if before is not None:
                prefill["change_idea_id"] = str(before.change_idea_id or "")
                prefill["title"] = f"{before.title} (next cycle)"[:200]
                prefill["objective"] = before.next_step
                measure_ids = [str(m) for m in ops.measure_ids_of(before)]
        return _form_page(team, PdsaForm(formdata=None, **prefill, measure_ids=measure_ids))
    form = PdsaForm()
    if not form.validate_on_submit():
        return _form_page(team, form, status=400)
    data, measure_ids = _typed(form)
    try:
        cycle = ops.create_cycle(team, me(), data, measure_ids)
    except ValidationProblem as problem:
        db.session.rollback()
        problem.apply_to(form)
        return _form_page(team, form, status=422)
    say(f"PDSA cycle “{cycle.title}” created.", "success")
    return redirect(url_for("qi.pdsa", team_id=team.id, cycle_id=cycle.id))


@bp.route("/pdsa/<int:cycle_id>/edit", methods=["GET", "POST"])
def edit_pdsa(team_id: int, cycle_id: int):
    team = get_team_to_change(team_id)
    cycle = _cycle_or_404(team, cycle_id)
    if request.method == "GET":
        data = {name: getattr(cycle, name) for name in ("title", "status", *LONG_FIELDS)}
        form = PdsaForm(formdata=None, **data, change_idea_id=str(cycle.change_idea_id or ""),
                        follows_id=str(cycle.follows_id or ""), decision=cycle.decision or "",
                        started_on=cycle.started_on.isoformat() if cycle.started_on else "",
                        ended_on=cycle.ended_on.isoformat() if cycle.ended_on else "",
                        measure_ids=[str(m) for m in ops.measure_ids_of(cycle)], version=str(cycle.version))
        return _form_page(team, form, cycle)
    form = PdsaForm()
    if not form.validate_on_submit():
        return _form_page(team, form, cycle, 400)
    data, measure_ids = _typed(form)
    try:
        ops.update_cycle(team, me(), cycle, data, measure_ids, version=form.version.data)
    except ValidationProblem as problem:
        db.session.rollback()
        problem.apply_to(form)
        return _form_page(team, form, _cycle_or_404(team, cycle_id), 422)
    except ops.Stale as stale:
        return _form_page(team, form, _cycle_or_404(team, cycle_id), 409, problem=str(stale))
    flash("PDSA cycle saved.", "success")
    return redirect(url_for("qi.pdsa", team_id=team.id, cycle_id=cycle.id))


@bp.route("/pdsa/<int:cycle_id>/delete", methods=["GET", "POST"])
def delete_pdsa(team_id: int, cycle_id: int):
    team = get_team_to_change(team_id)
    cycle = _cycle_or_404(team, cycle_id)
    if request.method == "POST":
        ops.delete_cycle(team, me(), cycle)
        say(f"PDSA cycle “{cycle.title}” deleted.", "success")
        return redirect(url_for("qi.pdsa_list", team_id=team.id))
    followers = list(db.session.scalars(select(PdsaCycle).where(live_cycles(team), PdsaCycle.follows_id == cycle.id)))
    return render_template("qi/pdsa_confirm_delete.html", team=team, cycle=cycle, followers=followers,
                           number=cycle_numbers(team).get(cycle.id, 0))
