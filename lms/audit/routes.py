"""Admin pages for browsing and filtering the audit trail."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
