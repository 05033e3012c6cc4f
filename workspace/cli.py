"""Command-line tasks: `flask --app wsgi create-admin | create-token | seed-demo`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from . import audit
from .extensions import db
from .models import User


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(create_token)
    app.cli.add_command(seed_demo)


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


@click.command("create-admin")
@click.argument("email")
@click.option("--name", required=True, help="The facilitator's full name.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the password from this file instead of asking.")
def create_admin(email: str, name: str, password_file: Path | None) -> None:
    """Create a facilitator (or make an existing person one) with a password."""
    from email_validator import EmailNotValidError, validate_email

    from .auth.passwords import hash_password, password_problem
    from .auth.sessions import new_session_token
    from .cleaning import clean_line

    email, name = email.strip().lower(), clean_line(name)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.UsageError(f"That email address is not valid: {error}") from None
    if not name or len(name) > 120:
        raise click.UsageError("Give a name of 1 to 120 characters with --name.")
    if password_file:
        password = password_file.read_text().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.UsageError(problem)
    user = _user_by_email(email)
    if user is None:
        user = User(email=email, name=name, session_token=new_session_token())
        db.session.add(user)
    user.name, user.is_facilitator, user.is_active = name, True, True
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    audit.record("facilitator.created", target=user, actor=None, detail={"email": email, "via": "cli"})
    db.session.commit()
    click.echo(f"Facilitator {name} <{email}> is ready to sign in.")


@click.command("create-token")
@click.argument("email")
@click.option("--name", "token_name", default="Command-line token", show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=None, help="Expire after this many days (default: API_TOKEN_DAYS).")
@click.option("--no-expiry", is_flag=True, help="The token never expires (until revoked or the password changes).")
def create_token(email: str, token_name: str, days: int | None, no_expiry: bool) -> None:
    """Print a new personal API token for EMAIL (shown once)."""
    from .auth.operations import create_api_token

    user = _user_by_email(email)
    if user is None or not user.is_active:
        raise click.UsageError(f"No active person with the email {email!r}.")
    click.echo(create_api_token(user, token_name, None if no_expiry else (days or "default")).secret)


#: where `flask run` serves when nothing says otherwise
DEFAULT_DEVELOPMENT_URL = "http://127.0.0.1:5000"


def _sign_in_url() -> str:
    """The sign-in page at the configured public address (`make run PORT=...` sets it)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or DEFAULT_DEVELOPMENT_URL
    return base.rstrip("/") + "/sign-in"


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has people in it.")
def seed_demo(if_empty: bool) -> None:
    """Load a demo cohort with three teams reviewing three host partners."""
    from .demo import DEMO_PASSWORD, DOMAIN, logins, seed

    demo_loaded = db.session.scalar(select(User.id).where(User.email.like(f"%@{DOMAIN}")).limit(1))
    if demo_loaded:
        click.echo("The demo cohort is already loaded.")
    elif db.session.scalar(select(func.count()).select_from(User)):
        if if_empty:
            click.echo("The database already has people in it; the demo was not loaded.")
            return
        seed()
    else:
        seed()
        click.echo("Demo cohort loaded.")
    click.echo(f"Sign in at {_sign_in_url()} with any of these demo logins")
    click.echo(f"(every demo password is: {DEMO_PASSWORD}):")
    for email, description in logins():
        click.echo(f"  {email:<34} {description}")
