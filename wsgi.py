"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (run `study serve` once first to migrate)."""
from study.web import create_app

app = create_app()
