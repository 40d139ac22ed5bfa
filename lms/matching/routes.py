"""Coordinator pages: mentees, mentor profiles, conflicts, supervision, candidates and matches."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("matching", __name__, url_prefix="/matching")
