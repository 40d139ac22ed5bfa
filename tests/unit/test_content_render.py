"""Curriculum Markdown rendering (lessons and the content_markdown filters): raw HTML is
escaped, GOV.UK Frontend classes are set, glossary links point at the glossary page."""

from __future__ import annotations

from markupsafe import Markup

from lms.content.render import content_markdown, content_markdown_inline, render_markdown


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


def test_the_filter_gives_paragraphs_and_real_lists():
    """A wrapped paragraph stays one paragraph, a blank line starts another, '- ' makes a list."""
    html = content_markdown("Dean is 27. He lives\nin a shared house.\n\nWrite:\n- who\n- when\n")
    assert html == (
        '<p class="govuk-body">Dean is 27. He lives\nin a shared house.</p>\n'
        '<p class="govuk-body">Write:</p>\n'
        '<ul class="govuk-list govuk-list--bullet">\n<li>who</li>\n<li>when</li>\n</ul>\n'
    )
    assert isinstance(html, Markup)


def test_the_filters_escape_raw_html():
    """Raw HTML in curriculum text is shown as text by both filters, never as markup."""
    block = content_markdown('Hi <script>alert("x")</script>\n\n<img src=x onerror=y>')
    inline = content_markdown_inline("Hi <b onclick='x()'>there</b>")
    assert "<script" not in block and "<img" not in block and "&lt;img" in block
    assert str(inline) == "Hi &lt;b onclick=\u2018x()\u2019&gt;there&lt;/b&gt;"


def test_glossary_links_work_in_both_filters():
    """[word](glossary:ID) points at the term on the glossary page, inline or in a block."""
    link = '<a href="/training/glossary#licence" class="govuk-link app-glossary-link">licence</a>'
    assert link in content_markdown("On [licence](glossary:licence) now.")
    assert str(content_markdown_inline("On [licence](glossary:licence) now.")) == (
        f"On {link} now."
    )


def test_the_inline_filter_makes_no_blocks_and_can_drop_links():
    """Inline text never becomes a paragraph, list or heading; an option's label keeps a link's
    words but not the link (a tap on the label chooses the option)."""
    html = str(content_markdown_inline("## Not a heading\n- not a list **but bold**"))
    assert "<p" not in html and "<ul" not in html and "<h2" not in html
    assert "<strong>but bold</strong>" in html
    label = content_markdown_inline("Tell the [lead](glossary:safeguarding-lead).", links=False)
    assert str(label) == "Tell the lead."
    assert content_markdown(None) == "" and content_markdown_inline("  ") == ""
