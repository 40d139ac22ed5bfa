"""What the accessibility statement says about the site: the standard it aims for, what is
tested, and the problems known today. Change the lists here when a problem is fixed."""

from __future__ import annotations

from datetime import date

STANDARD = "WCAG 2.2 at level AA"
# When the statement was last checked against the site.
REVIEWED_ON = date(2026, 12, 2)

# What the project tests on every change, in words a reader can follow.
TESTED = [
    "A robot checker (axe) looks at every page in a real web browser.",
    "We check that every page fits a small phone screen, 320 pixels wide.",
    "We check that you can take a quiz with a keyboard only, with no mouse.",
    "We check that you can always see where you are when you use the Tab key.",
    "We check that the Listen button starts reading a lesson out loud, and can pause and stop.",
    "We check the main pages for trainees at 200% zoom, and on a small phone with the largest "
    "text, more space between lines and each background colour in Reading settings.",
]

NOT_TESTED = [
    "We have not yet tested the site with people who use screen readers.",
    "We have not yet had an expert check the whole site by hand.",
    "We have not yet checked every page for staff with the text made twice as big.",
]

# Problems we know about. Each says what happens and what to do for now.
KNOWN_ISSUES = [
    "The Listen button that reads lessons, questions and scenarios out loud needs JavaScript "
    "and a web browser that can speak. Without them the button does not show. Your phone's "
    "own screen reader can read the page instead.",
]
