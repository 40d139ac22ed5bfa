"""Practice pages: trainees log sessions; trainers confirm, reject and sign off observations."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")
