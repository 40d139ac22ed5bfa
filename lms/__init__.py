"""Peer mentor training and accreditation platform: the application factory."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; ``config`` overrides settings read from the environment.

    Flask is imported here, not when ``lms`` is: the certificate printer's own process
    (``lms.certificates.print_worker``) imports a few ``lms`` modules and never the app.
    """
    from flask import Flask

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    from lms.config import load_config

    app.config.update(load_config(config))

    from lms.setup import (
        register_blueprints,
        register_commands,
        register_errorhandlers,
        register_extensions,
        register_proxy_fix,
        register_request_hooks,
        register_template_helpers,
    )

    register_proxy_fix(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    if not app.testing:
        # Everything built so far (modules, the app, its routes) lives as long as the process:
        # keep it out of the garbage collector's full passes, which pages that build thousands
        # of rows would otherwise pay for in pauses. Tests build many apps, so they skip it.
        gc.freeze()
    return app
