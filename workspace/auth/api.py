"""GET /api/v1/me."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from ..api import bp
from ..extensions import db
from ..models import Membership, Team


@bp.get("/me")
def me():
    user = current_user
    memberships = db.session.execute(
        select(Membership.team_id, Membership.role)
        .join(Team, Team.id == Membership.team_id)
        .where(Membership.user_id == user.id, Team.deleted_at.is_(None))
        .order_by(Membership.team_id)
    ).all()
    return jsonify(
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "is_facilitator": user.is_facilitator,
            "memberships": [{"team_id": team_id, "role": role} for team_id, role in memberships],
        }
    )
