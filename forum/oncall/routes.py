"""The service worker that shows alerts, and removing a device from the
preferences page (turning one on needs the browser, so it goes through the
API from the page's script)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, flash, redirect, url_for
from flask_login import current_user, login_required

from forum.extensions import limiter
from forum.forms import ConfirmForm
from forum.oncall import devices

bp = Blueprint("oncall", __name__)


@bp.get("/service-worker.js")
@limiter.exempt
def service_worker():
    """Served from the site's root so its scope is the whole site ("/"), which
    lets an alert open the moderation queue in a window it controls."""
    script = Path(current_app.static_folder, "js", "service-worker.js").read_text()
    # Browsers check for a new worker on navigation; never serve them a stale one.
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@bp.post("/account/alert-devices/<int:device_id>/remove")
@login_required
def remove_device(device_id: int):
    if ConfirmForm().validate_on_submit():
        devices.remove(current_user, device_id)
        flash("That device won't get alerts any more.", "success")
    return redirect(url_for("accounts.preferences_page") + "#alert-devices")
