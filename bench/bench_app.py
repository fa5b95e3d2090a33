"""The app as gunicorn serves it, plus a bare route measured in the same server setup."""
from study.web import create_app
from study.web.snapshot import current_question

app = create_app()


@app.route("/bench/bare")
def bare():
    """A route that does nothing: the baseline."""
    return "ok"


@app.route("/bench/page-query/<dbint:session_id>")
def page_query(session_id: int):
    """The question page's one query and nothing else: what reading from the database costs."""
    current_question(session_id)
    return "ok"
