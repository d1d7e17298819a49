"""The WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""
from exhibitions import create_app

app = create_app()
