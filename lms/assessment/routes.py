"""Scenario answers: trainees write and submit them; trainers claim, mark and second-mark."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/assessment")
