"""The app as gunicorn serves it, plus a bare route measured in the same server setup."""
from study.web import create_app

app = create_app()


@app.route("/bench/bare")
def bare():
    """A route that does nothing: the baseline."""
    return "ok"

