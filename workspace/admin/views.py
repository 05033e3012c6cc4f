"""Facilitator pages: cohorts, host organisations, teams, people and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..auth import resets
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..forms import choices
from ..loading import get_team_or_404
from ..models import AuditEvent, Cohort, Membership, Organisation, Team, User
from ..permissions import require
from ..teams.queries import team_people
from . import operations as ops
from .forms import (
    AddPersonForm,
    AuditFilterForm,
    ChangeRoleForm,
    CohortForm,
    CohortSettingsForm,
    OrganisationForm,
    TeamForm,
)

bp = Blueprint("admin", __name__)

PAGE_SIZE = 50


@bp.before_request
def facilitators_only():
    # Every page here is for facilitators; the check lives once, in the permissions module.
    require(current_user, "administer")


def _actor() -> User:
    return current_user._get_current_object()


def _page_number() -> int:
    return bounded_int(request.args.get("page", "1"), 1) or 1


# --- cohorts ---------------------------------------------------------------------------------


@bp.route("/cohorts", methods=["GET", "POST"])
def cohorts():
    form = CohortForm()
    if form.validate_on_submit():
        try:
            cohort = ops.save_cohort(None, form.name.data, form.starts_on.data, form.ends_on.data)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Cohort '{cohort.name}' created.", "success")
            return redirect(url_for("admin.cohorts"))
    rows = db.session.execute(
        select(Cohort, func.count(Team.id))
        .outerjoin(Team, (Team.cohort_id == Cohort.id) & Team.deleted_at.is_(None))
        .group_by(Cohort.id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    ).all()
    status = 400 if form.errors else 200
    return render_template("admin/cohorts.html", form=form, rows=rows), status


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
def edit_cohort(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = CohortSettingsForm(obj=cohort)
    if form.validate_on_submit():
        try:
            ops.save_cohort(cohort, form.name.data, form.starts_on.data, form.ends_on.data,
                            report_due_on=form.report_due_on.data, declaration_text=form.declaration_text.data)
        except ValidationProblem as problem:
            db.session.rollback()
            problem.apply_to(form)
        else:
            flash("Cohort saved.", "success")
            return redirect(url_for("admin.cohorts"))
    status = 400 if form.errors else 200
    return render_template("admin/edit_cohort.html", form=form, cohort=cohort), status


# --- organisations ---------------------------------------------------------------------------


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = ops.save_organisation(None, form.name.data, form.kind.data)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Organisation '{organisation.name}' added.", "success")
            return redirect(url_for("admin.organisations"))
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    status = 400 if form.errors else 200
    return render_template("admin/organisations.html", form=form, organisations=organisations), status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            ops.save_organisation(organisation, form.name.data, form.kind.data)
        except ValidationProblem as problem:
            db.session.rollback()
            problem.apply_to(form)
        else:
            flash("Organisation saved.", "success")
            return redirect(url_for("admin.organisations"))
    status = 400 if form.errors else 200
    return render_template("admin/edit_organisation.html", form=form, organisation=organisation), status


# --- teams -----------------------------------------------------------------------------------


def _team_form(**kwargs) -> TeamForm:
    form = TeamForm(**kwargs)
    form.set_choices(
        db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all(),
        db.session.scalars(select(Organisation).order_by(Organisation.name)).all(),
    )
    return form


@bp.get("/teams")
def teams():
    teams = db.session.scalars(
        Team.live()
        .options(joinedload(Team.cohort), joinedload(Team.host_organisation))
        .order_by(Team.name)
    ).all()
    counts = dict(
        db.session.execute(select(Membership.team_id, func.count()).group_by(Membership.team_id)).all()
    )
    return render_template("admin/teams.html", teams=teams, counts=counts)


@bp.route("/teams/new", methods=["GET", "POST"])
def new_team():
    form = _team_form()
    if form.validate_on_submit():
        try:
            team = ops.save_team(
                None, form.name.data, form.cohort_id.data, form.host_organisation_id.data, form.review_title.data
            )
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Team '{team.name}' created. Now add its people.", "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    status = 400 if form.errors else 200
    return render_template("admin/new_team.html", form=form), status


def _team_detail_page(team: Team, status: int = 200, **context):
    context.setdefault("team_form", _team_form(obj=team, formdata=None))
    context.setdefault("person_form", AddPersonForm(formdata=None))
    people = db.session.scalars(team_people(team)).all()
    role_forms = {m.id: ChangeRoleForm(formdata=None, role=m.role, prefix=f"m{m.id}") for m in people}
    return (
        render_template("admin/team_detail.html", team=team, people=people, role_forms=role_forms, **context),
        status,
    )


@bp.get("/teams/<int:team_id>")
def team_detail(team_id: int):
    return _team_detail_page(get_team_or_404(team_id))


@bp.post("/teams/<int:team_id>/edit")
def edit_team(team_id: int):
    team = get_team_or_404(team_id)
    form = _team_form()
    if form.validate_on_submit():
        try:
            ops.save_team(team, form.name.data, form.cohort_id.data, form.host_organisation_id.data, form.review_title.data)
        except ValidationProblem as problem:
            db.session.rollback()
            problem.apply_to(form)
        else:
            flash("Team details saved.", "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    return _team_detail_page(team, 400, team_form=form)


@bp.route("/teams/<int:team_id>/delete", methods=["GET", "POST"])
def delete_team(team_id: int):
    team = get_team_or_404(team_id)
    if request.method == "POST":
        ops.delete_team(team)
        flash(f"Team '{team.name}' deleted.", "success")
        return redirect(url_for("admin.teams"))
    return render_template("admin/confirm_delete_team.html", team=team)


@bp.post("/teams/<int:team_id>/members")
def add_member(team_id: int):
    team = get_team_or_404(team_id)
    form = AddPersonForm()
    if form.validate_on_submit():
        try:
            added = ops.add_person(team, form.email.data, form.name.data, form.role.data, _actor())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            if added.invite_url is None:
                flash(f"{added.user.name} added as {added.membership.role_label.lower()}.", "success")
                return redirect(url_for("admin.team_detail", team_id=team.id))
            # The link is shown on this response only: it is a password-setting secret.
            return _team_detail_page(team, 201, added=added)
    return _team_detail_page(team, 400, person_form=form)


def _membership_or_404(team: Team, user_id: int) -> Membership:
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == user_id)
    )
    if membership is None:
        abort(404)
    return membership


@bp.post("/teams/<int:team_id>/members/<int:user_id>/role")
def change_role(team_id: int, user_id: int):
    team = get_team_or_404(team_id)
    membership = _membership_or_404(team, user_id)
    form = ChangeRoleForm(prefix=f"m{membership.id}")
    if form.validate_on_submit():
        ops.change_role(membership, form.role.data)
        flash(f"{membership.user.name} is now {membership.role_label.lower()}.", "success")
        return redirect(url_for("admin.team_detail", team_id=team.id))
    flash("Select a role from the list.", "error")
    return redirect(url_for("admin.team_detail", team_id=team.id))


@bp.route("/teams/<int:team_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
def remove_member(team_id: int, user_id: int):
    team = get_team_or_404(team_id)
    membership = _membership_or_404(team, user_id)
    if request.method == "POST":
        name = membership.user.name
        ops.remove_member(membership)
        flash(f"{name} removed from {team.name}.", "success")
        return redirect(url_for("admin.team_detail", team_id=team.id))
    return render_template("admin/confirm_remove_member.html", team=team, membership=membership)


# --- people ----------------------------------------------------------------------------------


@bp.get("/people")
def people():
    page = db.paginate(
        select(User).options(joinedload(User.memberships).joinedload(Membership.team)).order_by(User.name, User.id),
        page=_page_number(),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template("admin/people.html", page=page)


@bp.get("/people/<int:user_id>")
def person(user_id: int):
    user = db.get_or_404(User, user_id)
    return render_template("admin/person.html", person=user, invite_url=None)


@bp.post("/people/<int:user_id>/invitation")
def reissue_invitation(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        link, emailed = ops.reissue_invitation(user, _actor())
    except ValidationProblem as problem:
        flash(problem.message, "error")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template(
        "admin/person.html", person=user, invite_url=link.url, emailed=emailed, link_trusted=link.trusted
    ), 201


@bp.post("/people/<int:user_id>/password-reset")
def issue_password_reset(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        link = resets.issue_by_facilitator(user, _actor())
    except ValidationProblem as problem:
        flash(problem.message, "error")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/person.html", person=user, reset_link=link), 201


@bp.route("/people/<int:user_id>/close", methods=["GET", "POST"])
def close_account(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.method == "POST":
        try:
            ops.set_account_open(user, False, _actor())
        except ValidationProblem as problem:
            flash(problem.message, "error")
        else:
            flash(f"{user.name}'s account is closed. They are signed out everywhere.", "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/confirm_close_account.html", person=user)


@bp.post("/people/<int:user_id>/reopen")
def reopen_account(user_id: int):
    user = db.get_or_404(User, user_id)
    ops.set_account_open(user, True, _actor())
    flash(f"{user.name}'s account is open again.", "success")
    return redirect(url_for("admin.person", user_id=user.id))


# --- audit log -------------------------------------------------------------------------------


@bp.get("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    form.team_id.choices = choices(
        [(0, "All teams")] + [(t.id, t.name) for t in db.session.scalars(select(Team).order_by(Team.name))]
    )
    form.user_id.choices = choices(
        [(0, "Everyone")]
        + [(u.id, f"{u.name} ({u.email})") for u in db.session.scalars(select(User).order_by(User.name))]
    )
    if not form.validate():
        # An unknown team or person in the address filters nothing rather than failing.
        for field in (form.team_id, form.user_id):
            if field.errors:
                field.data = 0
    stmt = select(AuditEvent).options(joinedload(AuditEvent.actor), joinedload(AuditEvent.team))
    if form.team_id.data:
        stmt = stmt.where(AuditEvent.team_id == form.team_id.data)
    if form.user_id.data:
        stmt = stmt.where(AuditEvent.actor_id == form.user_id.data)
    page = db.paginate(stmt.order_by(AuditEvent.id.desc()), page=_page_number(), per_page=PAGE_SIZE, error_out=False)
    filters = {k: v for k, v in (("team_id", form.team_id.data), ("user_id", form.user_id.data)) if v}
    return render_template("admin/audit.html", form=form, page=page, filters=filters)
