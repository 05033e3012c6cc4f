"""The WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app` or `flask --app wsgi ...`."""

from workspace import create_app

app = create_app()
