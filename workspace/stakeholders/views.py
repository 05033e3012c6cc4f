"""Stakeholder pages: the register, a stakeholder, the grid, the network, "then vs now" and
the 9 Cs. Thin: load through the team, authorize, call the operations, render.

What a viewer may see comes from queries.py (`full`: the viewer holds
"see_confidential_stakeholders"); the pages never decide it themselves. Comment threads come
through the one function the report exposes for showing threads on another feature's page
(`report.comments.threads_on`); the target itself is registered with the core (targets.py).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from threading import Lock

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..http_errors import error_page
from ..loading import get_team_for
from ..names import first_name
from ..paging import counted_page
from ..permissions import can, page_capabilities
from ..report.comments import threads_on
from ..timefmt import date_filter
from . import csvfile, figures, queries, targets
from . import operations as ops
from .fields import attitude_label
from .forms import RELATIONS, ImportForm, LinkForm, StakeholderForm
from .models import CATEGORY_LABELS, NINE_CS, Stakeholder

bp = Blueprint("stakeholders", __name__, url_prefix="/teams/<int:team_id>/stakeholders")


def _me():
    return current_user._get_current_object()


@bp.errorhandler(ops.ReportSubmitted)
def _submitted(refused: ops.ReportSubmitted):
    # A change that has no form to show again (delete, remove a link): the reason, as a page.
    return error_page(409, title="The review has been submitted", message=str(refused))


def _full(team) -> bool:
    return can(current_user, "see_confidential_stakeholders", team)


def _page_number() -> int:
    return bounded_int(request.args.get("page", "1"), 1) or 1


def _stakeholder_or_404(team, stakeholder_id: int) -> Stakeholder:
    stakeholder = queries.get_seen(team, stakeholder_id, _full(team))
    if stakeholder is None:
        abort(404)
    return stakeholder


def _common(team) -> dict:
    return {"team": team, "capabilities": page_capabilities(current_user, team), "full": _full(team),
            "categories": CATEGORY_LABELS, "attitude_label": attitude_label}


# --- the register -------------------------------------------------------------------------------


def _register_page(team, status: int = 200, import_form=None, import_problem: str | None = None,
                   import_rows=None):
    full = _full(team)
    members = ops.members_of(team)
    filters = queries.filters_from(request.args, set(members))
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "name"
    descending = request.args.get("dir") == "desc"
    page = _register_rows(team, full, filters, sort, descending)
    today = queries.today()
    return render_template(
        "stakeholders/register.html", **_common(team), rows=[queries.seen(s, full, today) for s in page.items],
        page=page, filters=filters, members=members, sort=sort, descending=descending,
        quadrants=figures.QUADRANTS, import_form=import_form or ImportForm(formdata=None),
        import_problem=import_problem, import_rows=import_rows,
    ), status


def _register_rows(team, full, filters, sort, descending):
    return counted_page(queries.register_statement(team, full, filters, sort, descending), page=_page_number(),
                        per_page=queries.PER_PAGE)


@bp.get("")
def register(team_id: int):
    return _register_page(get_team_for(team_id, "view"))


@bp.post("/import")
def import_csv(team_id: int):
    """The CSV import form: all or nothing, with a row-by-row report of what was rejected."""
    team = get_team_for(team_id, "edit")
    form = ImportForm()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _register_page(team, 413, import_problem=f"The file is too large. Import at most "
                              f"{csvfile.MAX_BYTES // (1024 * 1024)} MB ({csvfile.MAX_ROWS:,} stakeholders) at a time.")
    if not form.validate_on_submit():
        return _register_page(team, 400, form, "Your form could not be sent. Reload the page and try again.")
    if upload is None or not upload.filename:
        return _register_page(team, 400, form, "Choose a CSV file to import.")
    try:
        outcome = ops.import_csv(team, _me(), csvfile.parse(upload.read(csvfile.MAX_BYTES + 1)))
    except csvfile.CsvProblem as problem:
        return _register_page(team, 422, form, str(problem))
    except ops.ImportRejected as rejected:
        return _register_page(team, 422, form, str(rejected), rejected.rows)
    except ops.SaveBusy:
        return _register_page(team, 409, form, "Someone changed the register while the file was importing. "
                                               "Nothing was imported: import it again.")
    except ops.ReportSubmitted as refused:
        return _register_page(team, 409, form, str(refused))
    flash(outcome.sentence(), "success")
    for warning in outcome.warnings:
        flash(warning, "info")
    return redirect(url_for("stakeholders.register", team_id=team.id))


# --- adding, changing and deleting ------------------------------------------------------------


def _form_page(team, form: StakeholderForm, stakeholder: Stakeholder | None, status: int = 200, *,
               problem: str | None = None, conflict: dict | None = None):
    members = ops.members_of(team)
    form.owner_id.choices = [("", "No owner yet")] + [(str(uid), user.name) for uid, user in members.items()]
    return render_template("stakeholders/form.html", **_common(team), form=form, stakeholder=stakeholder,
                           problem=problem, conflict=conflict, nine_cs=NINE_CS), status


def _form_from(stakeholder: Stakeholder) -> StakeholderForm:
    data = queries.as_form_data(stakeholder)
    for name in ("power", "interest", "attitude", "desired_attitude", "owner_id"):
        data[name] = "" if data[name] is None else str(data[name])
    for name in ("last_contact_on", "next_contact_on"):
        data[name] = data[name].isoformat() if data[name] else ""
    data["tags"] = ", ".join(data["tags"] or [])
    data["frequency"] = data["frequency"] or ""
    return StakeholderForm(formdata=None, data={**data, "version": str(stakeholder.version)})


def _saved(team, saved: ops.Saved, verb: str):
    flash(f"{saved.stakeholder.name} {verb}.", "success")
    for warning in saved.warnings:
        flash(warning, "info")
    return redirect(url_for("stakeholders.detail", team_id=team.id, stakeholder_id=saved.stakeholder.id))


@bp.route("/new", methods=["GET", "POST"])
def new(team_id: int):
    team = get_team_for(team_id, "edit")
    form = StakeholderForm()
    if request.method == "GET":
        return _form_page(team, StakeholderForm(formdata=None), None)
    if not form.validate_on_submit():
        return _form_page(team, form, None, 400)
    try:
        saved = ops.create(team, _me(), form.values())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, None, 400)
    except ops.ReportSubmitted as refused:
        return _form_page(team, form, None, 409, problem=str(refused))
    return _saved(team, saved, "added to the register")


@bp.route("/<int:stakeholder_id>/edit", methods=["GET", "POST"])
def edit(team_id: int, stakeholder_id: int):
    team = get_team_for(team_id, "edit")
    stakeholder = _stakeholder_or_404(team, stakeholder_id)
    if request.method == "GET":
        return _form_page(team, _form_from(stakeholder), stakeholder)
    form = StakeholderForm()
    if not form.validate_on_submit():
        return _form_page(team, form, stakeholder, 400)
    version = bounded_int(form.version.data, 1) if form.version.data else None
    try:
        saved = ops.update(team, stakeholder, _me(), form.values(), version=version)
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, stakeholder, 400)
    except ops.StaleWrite as stale:
        # The page keeps what was typed, says what changed meanwhile, and takes the current
        # version: saving again keeps this person's values.
        for name, message in stale.fields.items():
            getattr(form, name).errors = [message]
        form.version.data = str(stale.stakeholder.version)
        return _form_page(team, form, stale.stakeholder, 409, problem=str(stale),
                          conflict=queries.seen(stale.stakeholder, True))
    except ops.SaveBusy:
        return _form_page(team, form, stakeholder, 409,
                          problem="Several people changed this stakeholder at the same moment. Save again.")
    except ops.ReportSubmitted as refused:
        return _form_page(team, form, stakeholder, 409, problem=str(refused))
    if not saved.changed:
        flash("Nothing changed.", "info")
        return redirect(url_for("stakeholders.detail", team_id=team.id, stakeholder_id=stakeholder.id))
    return _saved(team, saved, "saved")


@bp.route("/<int:stakeholder_id>/delete", methods=["GET", "POST"])
def delete(team_id: int, stakeholder_id: int):
    team = get_team_for(team_id, "edit")
    stakeholder = _stakeholder_or_404(team, stakeholder_id)
    if request.method == "POST":
        name = stakeholder.name
        ops.delete(team, stakeholder, _me())
        flash(f"{name} deleted from the register.", "success")
        return redirect(url_for("stakeholders.register", team_id=team.id))
    links = queries.seen_links(team, True, stakeholder.id)
    return render_template("stakeholders/confirm_delete.html", **_common(team), stakeholder=stakeholder, links=links)


# --- one stakeholder ------------------------------------------------------------------------------


def _detail_page(team, stakeholder: Stakeholder, status: int = 200, link_form: LinkForm | None = None):
    full = _full(team)
    capabilities = page_capabilities(current_user, team)
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = targets.target(team, stakeholder)
    threads, mentionable = threads_on(team, target, state=state, page=_page_number())
    others = []
    if "edit" in capabilities:
        others = [o for o in queries.seen_all(team, full) if o.id != stakeholder.id]
        link_form = link_form or LinkForm(formdata=None)
        link_form.other_id.choices = [("", "Choose a stakeholder")] + [
            (str(o.id), f"{o.name}{f' ({o.organisation})' if o.organisation else ''}") for o in others]
    points = queries.trend(stakeholder, full)
    return render_template(
        "stakeholders/detail.html", team=team, capabilities=capabilities, full=full,
        person=queries.seen(stakeholder, full), links=queries.seen_links(team, full, stakeholder.id),
        trend=figures.trend_svg(points) if len(points) > 1 else None, points=points, link_form=link_form,
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable,
        target=target, quote_ok={}, nine_cs=NINE_CS, attitude_label=attitude_label,
        mention_example=first_name(mentionable[0].name) if mentionable else "Aisha",
    ), status


@bp.get("/<int:stakeholder_id>")
def detail(team_id: int, stakeholder_id: int):
    team = get_team_for(team_id, "view")
    return _detail_page(team, _stakeholder_or_404(team, stakeholder_id))


@bp.post("/<int:stakeholder_id>/links")
def add_link(team_id: int, stakeholder_id: int):
    team = get_team_for(team_id, "edit")
    stakeholder = _stakeholder_or_404(team, stakeholder_id)
    form = LinkForm()
    if form.validate_on_submit():
        relation = RELATIONS.get(form.relation.data)
        if relation is None:
            form.relation.errors = ["Choose how they are related"]
        else:
            kind, outgoing = relation
            other = form.other_id.data
            source, target = (stakeholder.id, other) if outgoing else (other, stakeholder.id)
            try:
                ops.add_link(team, _me(), source, target, kind)
            except ValidationProblem as problem:
                form.other_id.errors = [next(iter(problem.fields.values()))]
            except ops.ReportSubmitted as refused:
                form.other_id.errors = [str(refused)]
            else:
                flash("Relationship added.", "success")
                return redirect(url_for("stakeholders.detail", team_id=team.id, stakeholder_id=stakeholder.id) + "#links")
    return _detail_page(team, stakeholder, 400, link_form=form)


@bp.route("/<int:stakeholder_id>/links/<int:link_id>/remove", methods=["GET", "POST"])
def remove_link(team_id: int, stakeholder_id: int, link_id: int):
    team = get_team_for(team_id, "edit")
    stakeholder = _stakeholder_or_404(team, stakeholder_id)
    link = queries.link_of(team, link_id, True)
    if link is None or stakeholder.id not in (link.source_id, link.target_id):
        abort(404)
    back = url_for("stakeholders.detail", team_id=team.id, stakeholder_id=stakeholder.id) + "#links"
    if request.method == "POST":
        ops.remove_link(team, link, _me())
        flash("Relationship removed.", "success")
        return redirect(back)
    seen_link = next(s for s in queries.seen_links(team, True, stakeholder.id) if s.id == link.id)
    return render_template("stakeholders/confirm_remove_link.html", **_common(team), stakeholder=stakeholder,
                           link=seen_link, back=back)


# --- the figures --------------------------------------------------------------------------------


def _grid_filters(team, members):
    """The grid and the network narrow by category and owner only."""
    found = queries.filters_from(request.args, set(members))
    return queries.Filters(category=found.category, owner=found.owner)


@bp.get("/grid")
def grid(team_id: int):
    team = get_team_for(team_id, "view")
    full, capabilities = _full(team), page_capabilities(current_user, team)
    members = ops.members_of(team)
    filters = _grid_filters(team, members)
    people = queries.seen_all(team, full, filters)
    caption = f"Power/interest grid: {len(people)} stakeholder{'' if len(people) == 1 else 's'}"
    by_quadrant = {name: [p for p in people if p.quadrant == name] for name in figures.QUADRANTS}
    editable = "edit" in capabilities
    markers = [p.marker() for p in people]
    svg = None
    if markers:
        # The grid script PATCHes each move to this address, "{id}" being the stakeholder's.
        patch_url = url_for("api.list_stakeholders", team_id=team.id) + "/{id}" if editable else None
        svg = figures.grid_svg(markers, editable=editable, caption=caption, api_url_template=patch_url)
    return render_template(
        "stakeholders/grid.html", **_common(team), people=people, by_quadrant=by_quadrant, members=members,
        filters=filters, svg=svg, caption=caption, summary=figures.grid_summary(markers),
    )


@bp.get("/network")
def network(team_id: int):
    team = get_team_for(team_id, "view")
    full = _full(team)
    members = ops.members_of(team)
    filters = _grid_filters(team, members)
    people = queries.seen_all(team, full, filters)
    shown = {p.id for p in people}
    links = [link for link in queries.seen_links(team, full) if link.source_id in shown and link.target_id in shown]
    svg = _network_svg([p.marker() for p in people], [link.figure_link() for link in links]) if links else None
    return render_template(
        "stakeholders/network.html", **_common(team), people=people, links=links, members=members, filters=filters,
        svg=svg,
    )


#: network SVGs by what they draw: a layout and its drawing take 0.2-0.5 s at 150 people, and
#: the page is read far more often than the map changes
_NETWORK_SVGS: OrderedDict[str, Markup] = OrderedDict()
_NETWORK_SVGS_KEPT = 32
_NETWORK_LOCK = Lock()


def _network_svg(markers, links) -> Markup:
    key = figures.network_content_hash(markers, links, kind="network-svg")  # not scores: a move redraws nothing
    with _NETWORK_LOCK:
        if key in _NETWORK_SVGS:
            _NETWORK_SVGS.move_to_end(key)
            return _NETWORK_SVGS[key]
    svg = figures.network_svg(markers, links)
    with _NETWORK_LOCK:
        _NETWORK_SVGS[key] = svg
        while len(_NETWORK_SVGS) > _NETWORK_SVGS_KEPT:
            _NETWORK_SVGS.popitem(last=False)
    return svg


def _chosen_day(team, full) -> tuple[date, str | None]:
    """The date asked for, or the earliest history date (else the cohort's start)."""
    default = queries.first_change_on(team, full) or team.cohort.starts_on
    asked = request.args.get("on")
    if not asked:
        return default, None
    try:
        day = date.fromisoformat(asked.strip())
    except ValueError:
        return default, "Enter a real date, like 2027-01-31"
    if not date(1990, 1, 1) <= day <= date(2100, 12, 31):
        return default, "Enter a date between 1990 and 2100"
    return day, None


@bp.get("/then-and-now")
def then_and_now(team_id: int):
    team = get_team_for(team_id, "view")
    full = _full(team)
    day, problem = _chosen_day(team, full)
    then = queries.markers_on(team, full, day)
    now = [p.marker() for p in queries.seen_all(team, full)]
    then_label = date_filter(day)
    moved = _moves(then, now)
    return render_template(
        "stakeholders/then_and_now.html", **_common(team), day=day, problem=problem, then=then, now=now,
        moved=moved, then_label=then_label,
        svg=figures.then_now_svg(then, now, then_label=then_label) if now else None,
    ), 400 if problem else 200


def _moves(then, now) -> list[dict]:
    """Each stakeholder on both grids whose scores or attitude changed, for the table."""
    before = {m.id: m for m in then}
    rows = []
    for marker in now:
        old = before.get(marker.id)
        if old is None:
            rows.append({"now": marker, "then": None})
        elif (old.power, old.interest, old.attitude) != (marker.power, marker.interest, marker.attitude):
            rows.append({"now": marker, "then": old})
    return rows


@bp.get("/nine-cs")
def nine_cs(team_id: int):
    team = get_team_for(team_id, "view")
    coverage = queries.nine_cs_coverage(team, _full(team))
    return render_template("stakeholders/nine_cs.html", **_common(team), coverage=coverage, nine_cs=NINE_CS,
                           missing=[NINE_CS[key][0] for key, found in coverage.items() if not found])
