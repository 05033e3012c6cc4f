"""Settings from the environment, gathered into one typed object.

`create_app(config)` accepts a mapping of overrides (tests pass their own); everything else
comes from environment variables documented in the README.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_dir: Path, development: bool) -> str:
    """SECRET_KEY from the environment; in development, generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not development:
        raise RuntimeError(
            "SECRET_KEY must be set in the environment outside development "
            "(set WORKSPACE_ENV=development to generate one locally)."
        )
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the driver-less scheme; we use psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    instance_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_dir / 'workspace.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Every setting the app reads. Flask config keys are the upper-case field names."""

    SECRET_KEY: str
    SQLALCHEMY_DATABASE_URI: str
    ENV_NAME: str = "production"
    DEBUG: bool = False
    TESTING: bool = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = field(default_factory=dict)
    # 2 MB covers a 200 kB report section with room to spare; uploads come later with their own limit.
    MAX_CONTENT_LENGTH: int = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    SESSION_COOKIE_SECURE: bool = True
    SESSION_COOKIE_NAME: str = "workspace_session"
    PERMANENT_SESSION_LIFETIME: timedelta = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT: timedelta = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT: timedelta = timedelta(hours=12)
    # The CSRF token lives as long as the session, so a long edit is never lost to an expiry.
    WTF_CSRF_TIME_LIMIT: int | None = None
    WTF_CSRF_SSL_STRICT: bool = True
    WTF_CSRF_ENABLED: bool = True
    # Password guesses (sign-in and the current-password check) per window: per account, and
    # per IP address, which is much higher because a whole trust can sit behind one NAT.
    LOGIN_MAX_FAILURES: int = 10
    LOGIN_MAX_PER_IP: int = 300
    LOGIN_WINDOW_SECONDS: int = 300
    COMMENT_RATE_LIMIT: int = 30
    COMMENT_RATE_WINDOW_SECONDS: int = 600
    # Word documents one person may build per window: a build can take a second of CPU.
    EXPORT_RATE_LIMIT: int = 20
    EXPORT_RATE_WINDOW_SECONDS: int = 300
    REDIS_URL: str | None = None
    PROXY_FIX_HOPS: int = 0
    INVITATION_DAYS: int = 14
    PASSWORD_RESET_MINUTES: int = 60
    MAIL_SERVER: str | None = None
    MAIL_PORT: int = 587
    MAIL_USE_TLS: bool = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER: str = "workspace@localhost"
    MAIL_BACKEND: str = "smtp"
    PUBLIC_BASE_URL: str | None = None
    # Host names this site answers to (Flask refuses other Host headers); links in emails may
    # use them when PUBLIC_BASE_URL is not set.
    TRUSTED_HOSTS: list[str] | None = None
    API_PAGE_SIZE: int = 50
    # A new API token expires after this many days unless its owner picks otherwise.
    API_TOKEN_DAYS: int = 90

    def as_flask_config(self) -> dict:
        return asdict(self)


def load_settings(overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment, then apply explicit overrides."""
    overrides = dict(overrides or {})
    env_name = overrides.get("ENV_NAME") or os.environ.get("WORKSPACE_ENV", "production")
    development = env_name in {"development", "test"}
    instance_dir = Path(overrides.pop("INSTANCE_DIR", None) or os.environ.get("INSTANCE_DIR") or INSTANCE_DIR)

    database_url = overrides.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_dir)
    engine_options: dict = {"pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        # Writers wait up to 15 s for the lock instead of failing with "database is locked".
        engine_options = {"connect_args": {"timeout": 15, "check_same_thread": False}}

    settings = Settings(
        SECRET_KEY=overrides.get("SECRET_KEY") or _secret_key(instance_dir, development),
        SQLALCHEMY_DATABASE_URI=database_url,
        ENV_NAME=env_name,
        # Debug is only ever on for the development server, never in production or tests.
        DEBUG=env_name == "development" and _env_bool("FLASK_DEBUG"),
        SQLALCHEMY_ENGINE_OPTIONS=engine_options,
        # Secure cookies need HTTPS; the local development server is plain HTTP on 127.0.0.1.
        SESSION_COOKIE_SECURE=_env_bool("SESSION_COOKIE_SECURE", default=not development),
        WTF_CSRF_SSL_STRICT=_env_bool("SESSION_COOKIE_SECURE", default=not development),
        REDIS_URL=os.environ.get("REDIS_URL") or None,
        PROXY_FIX_HOPS=int(os.environ.get("PROXY_FIX_HOPS", "0")),
        LOGIN_MAX_PER_IP=int(os.environ.get("LOGIN_MAX_PER_IP", "300")),
        API_TOKEN_DAYS=int(os.environ.get("API_TOKEN_DAYS", "90")),
        PASSWORD_RESET_MINUTES=int(os.environ.get("PASSWORD_RESET_MINUTES", "60")),
        COMMENT_RATE_LIMIT=int(os.environ.get("COMMENT_RATE_LIMIT", "30")),
        COMMENT_RATE_WINDOW_SECONDS=int(os.environ.get("COMMENT_RATE_WINDOW_SECONDS", "600")),
        EXPORT_RATE_LIMIT=int(os.environ.get("EXPORT_RATE_LIMIT", "20")),
        EXPORT_RATE_WINDOW_SECONDS=int(os.environ.get("EXPORT_RATE_WINDOW_SECONDS", "300")),
        MAIL_SERVER=os.environ.get("MAIL_SERVER") or None,
        MAIL_PORT=int(os.environ.get("MAIL_PORT", "587")),
        MAIL_USE_TLS=_env_bool("MAIL_USE_TLS", default=True),
        MAIL_USERNAME=os.environ.get("MAIL_USERNAME") or None,
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD") or None,
        MAIL_DEFAULT_SENDER=os.environ.get("MAIL_DEFAULT_SENDER", "workspace@localhost"),
        PUBLIC_BASE_URL=os.environ.get("PUBLIC_BASE_URL") or None,
        TRUSTED_HOSTS=[h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
    ).as_flask_config()
    settings["INSTANCE_DIR"] = str(instance_dir)
    settings.update(overrides)
    return settings
