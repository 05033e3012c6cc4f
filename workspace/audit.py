"""The audit trail: one row per sign-in, failure, invitation, role change, token use and write.

`record` only adds the event to the session; the operation that calls it commits once, so an
event is stored if and only if the change it describes is.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from .extensions import db
from .models import AuditEvent, Team, User


def client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    *,
    team: Team | None = None,
    target: Any = None,
    detail: dict | None = None,
    actor: User | None = None,
) -> AuditEvent:
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if target is not None and getattr(target, "id", None) is None:
        db.session.flush()  # give a new record its id before we point at it
    event = AuditEvent(
        action=action,
        actor=actor,
        team_id=team.id if team is not None else None,
        target_type=type(target).__tablename__ if target is not None else None,
        target_id=getattr(target, "id", None),
        detail=detail or {},
        ip=client_ip(),
    )
    db.session.add(event)
    return event
