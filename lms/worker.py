"""The job worker's entry point: ``huey_consumer lms.worker.huey`` runs queued jobs in the app."""

from __future__ import annotations

from flask.cli import load_dotenv

from lms import create_app
from lms.jobs import huey, use_app

# As `flask` commands do: settings from a .env file (never overriding the environment's own).
load_dotenv()
# Building the app configures ``huey`` from JOBS_URL and imports every module declaring jobs.
app = create_app()
use_app(app)

__all__ = ["app", "huey"]
