"""The staff Insights page and each chart's figures as CSV."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from forum import policy
from forum.web import whole_number
from forum.errors import NotFound, invalid
from forum.insights import charts, service
from forum.insights.periods import DEFAULT_PERIOD, PERIODS

bp = Blueprint("insights", __name__, url_prefix="/staff/insights")


@bp.before_request
def staff_only():
    policy.require(policy.view_insights(current_user))


def _days() -> int:
    value = request.args.get("days", str(DEFAULT_PERIOD))
    days = whole_number(value)
    if days not in PERIODS:
        raise invalid({"days": "Choose a period of 7, 30 or 90 days."})
    return days


@bp.route("")
def page():
    days = _days()
    sections = service.report(current_user, days)
    return render_template("insights/page.html", sections=sections, days=days, periods=PERIODS,
                           drawings={chart.key: charts.draw(chart) for section in sections
                                     for chart in section.charts})


@bp.route("/<key>.csv")
def chart_csv(key: str):
    found = service.chart(current_user, _days(), key)
    if found is None:
        raise NotFound("No such chart.")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(found.columns)
    writer.writerows([[_safe_cell(cell) for cell in row] for row in found.rows])
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=hearth-{key}-{request.args.get('days', DEFAULT_PERIOD)}d.csv"})


def _safe_cell(value):
    """Spreadsheets run cells that start like a formula; such text gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
