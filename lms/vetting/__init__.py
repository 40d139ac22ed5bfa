"""DBS checks recorded by a scheme: level, dates and rechecks; never conviction details."""
