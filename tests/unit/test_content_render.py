"""Lesson Markdown rendering: raw HTML is escaped and GOV.UK Frontend classes are set."""

from __future__ import annotations

from lms.content.render import render_markdown


def test_raw_html_is_escaped_not_passed_through():
    """A <script> tag in a lesson comes out as text, never as markup."""
    html = render_markdown('Hello <script>alert("x")</script>\n\n<div onclick="x()">hi</div>\n')
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<div" not in html


def test_unsafe_links_are_not_rendered():
    """A javascript: link is left as plain text."""
    assert "href" not in render_markdown("[click](javascript:alert(1))")


def test_govuk_classes_are_set():
    """Headings, paragraphs, lists and links carry GOV.UK Frontend classes."""
    html = render_markdown(
        "Intro with a [link](https://example.org).\n\n## Section\n\n### Part\n\n"
        "- one\n- two\n\n1. first\n2. second\n"
    )
    assert '<p class="govuk-body">' in html
    assert '<h2 class="govuk-heading-m">Section</h2>' in html
    assert '<h3 class="govuk-heading-s">Part</h3>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<a href="https://example.org" class="govuk-link">link</a>' in html
