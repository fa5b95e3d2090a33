"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""
