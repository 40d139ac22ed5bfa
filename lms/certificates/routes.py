"""Certificate pages for trainees, trainers, coordinators and admins."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
