"""The change-project workspace: `create_app(config=None)` builds the whole application."""

from __future__ import annotations

from flask import Flask, g, jsonify, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    FileSystemLoader,
    MemcachedBytecodeCache,
    PackageLoader,
    select_autoescape,
)
from sqlalchemy import event, text
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .cleaning import INT_MAX
from .config import PROJECT_ROOT, load_settings
from .extensions import csrf, db, login_manager, mail, migrate
from .http_errors import (
    answer_http_error,
    answer_unexpected_error,
    error_page,
    error_response,
    is_api_request,
)

#: endpoints anyone may reach without signing in; everything else needs a session (deny by default)
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "healthz",
        "auth.login",
        "auth.accept_invitation",
        "auth.sign_out_for_invitation",
        "auth.forgot_password",
        "auth.reset_password",
        "framework.calendar_feed",  # a calendar app has no session: the secret in the address is the key
    }
)

class BoundedIntegerConverter(IntegerConverter):
    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(url_map, fixed_digits, min, INT_MAX if max is None else max, signed)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.update(load_settings(config))
    # Ids in URLs must fit the database's integers: a larger number is a 404, not an overflow.
    app.url_map.converters["int"] = BoundedIntegerConverter
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)

    _configure_templates(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_request_hooks(app)
    _register_error_handlers(app)

    from .cli import register_cli

    register_cli(app)

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any database failure means unhealthy, whatever the driver raised
            app.logger.exception("health check failed")
            return jsonify(status="unavailable", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    return app


class _ProcessBytecodeStore(dict):
    """The client side of Jinja's bytecode cache, kept in this process's memory."""

    def set(self, key, value, timeout=None):  # noqa: ARG002 - the memcached client's signature
        self[key] = value


# Compiled templates are shared by every app this process creates (tests build hundreds),
# keyed by each template's source checksum, so a changed template is compiled again.
_TEMPLATE_BYTECODE = MemcachedBytecodeCache(_ProcessBytecodeStore(), prefix="jinja/")


def _configure_templates(app: Flask) -> None:
    # The NHS.UK macros are .jinja files, which Flask would not escape: escape them all.
    app.jinja_env.autoescape = select_autoescape(["html", "htm", "xml", "jinja"], default_for_string=True)
    app.jinja_env.bytecode_cache = _TEMPLATE_BYTECODE
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PackageLoader("nhsuk_frontend_jinja"),
        ]
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from . import permissions
    from .fragments import fragment
    from .security import csp_nonce, csrf_input, post_button
    from .timefmt import date_filter, datetime_filter
    from .urls import link_for

    app.jinja_env.globals.update(csp_nonce=csp_nonce, can=permissions.can, fragment=fragment, url_for=link_for,
                                  csrf_input=csrf_input, post_button=post_button)
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    # Our own per-user session token does the job of revocation; Flask-Login's "strong"
    # protection would also drop sessions when a user's network changes.
    login_manager.session_protection = "basic"
    if not app.config.get("MAIL_SERVER") and app.config["MAIL_BACKEND"] == "smtp":
        app.config["MAIL_BACKEND"] = "dummy"
    mail.init_app(app)

    from . import ratelimit

    ratelimit.init_app(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .api import bp as api_bp
    from .assessment.views import bp as assessment_bp
    from .auth.views import bp as auth_bp
    from .exports.views import bp as exports_bp
    from .framework.views import bp as framework_bp
    from .marking.views import bp as marking_bp
    from .presentation.outline_views import bp as presentation_admin_bp
    from .presentation.views import bp as presentation_bp
    from .processes.views import bp as processes_bp
    from .qi.views import bp as qi_bp
    from .report.comment_views import bp as comments_bp
    from .report.template_views import bp as report_template_bp
    from .report.views import bp as report_bp
    from .stakeholders.views import bp as stakeholders_bp
    from .teams.views import bp as teams_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(teams_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(report_template_bp)
    app.register_blueprint(assessment_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(stakeholders_bp)
    app.register_blueprint(processes_bp)
    app.register_blueprint(qi_bp)
    app.register_blueprint(presentation_bp)
    app.register_blueprint(presentation_admin_bp)  # a cohort's presentation set-up, under /admin
    app.register_blueprint(marking_bp)
    app.register_blueprint(framework_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def _register_request_hooks(app: Flask) -> None:
    from .auth.sessions import load_user_from_session
    from .security import enforce_session_timeouts, set_security_headers

    login_manager.user_loader(load_user_from_session)

    @login_manager.unauthorized_handler
    def unauthorized():
        if is_api_request():
            return error_response(401, "unauthorized", "Sign in or send a valid API token.")
        target = request.full_path if request.query_string else request.path
        return redirect(url_for("auth.login", next=target))

    @app.before_request
    def deny_by_default():
        enforce_session_timeouts()
        if is_api_request() or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if request.endpoint is None:
            return None  # unknown URL: let the 404 handler answer
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    app.after_request(set_security_headers)


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if is_api_request():
            return error_response(400, "csrf", "The CSRF token is missing or invalid: send it in X-CSRFToken.")
        return error_page(
            400,
            title="Your form could not be sent",
            message="The page was open too long or was opened in another window. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError):
        # A Host outside TRUSTED_HOSTS: Flask builds no URL adapter for it, so no page that
        # links anywhere can render. A short plain answer, never a 500.
        return "Bad request: this site is not served under that host name.", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return answer_http_error(error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return answer_unexpected_error()

    @app.teardown_request
    def _forget_request_state(_exc):
        # Request state (the signed-in user, the CSP nonce, cached memberships) must never
        # outlive its request, even where one app context serves several requests.
        for name in list(g):
            g.pop(name, None)
