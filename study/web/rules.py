"""The model's rules as pages: what each one checks, the AWS page behind it, and questions that practise it."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from study.ecs.rules import RULES
from study.web.app_catalog import catalog

bp = Blueprint("rules", __name__, url_prefix="/rules")
RULES_BY_ID = {rule.id: rule for rule in RULES}


@bp.route("/")
def index():
    """Every rule, in the registry's order."""
    return render_template("rules/index.html", rules=RULES)


@bp.route("/<rule_id>")
def show(rule_id: str):
    """One rule: title, description, source, date checked, the note section and its questions."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        abort(404, description=f"There is no rule {rule_id!r}; see the list of rules.")
    loaded = catalog()
    questions = [loaded.entry(gid) for gid in loaded.rule_index.get(rule.id, [])]
    return render_template("rules/show.html", rule=rule, questions=questions, catalog=loaded)
