"""Lesson Markdown to safe HTML with GOV.UK Frontend classes; raw HTML is escaped, never kept."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

HEADING_CLASSES = {
    "h1": "govuk-heading-l",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
}
BLOCK_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}


def _parser() -> MarkdownIt:
    # "replacements" and "smartquotes" give curly quotes and dashes with no extra dependency.
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
        ["replacements", "smartquotes"]
    )


_MD = _parser()


def _add_classes(tokens: list[Token]) -> None:
    for token in tokens:
        css = HEADING_CLASSES.get(token.tag) if token.type == "heading_open" else None
        css = css or BLOCK_CLASSES.get(token.type)
        if css:
            token.attrJoin("class", css)
        if token.children:
            _add_classes(token.children)


def render_markdown(text: str) -> str:
    """Render CommonMark to HTML for a lesson page: raw HTML escaped, GOV.UK classes added."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    _add_classes(tokens)
    return _MD.renderer.render(tokens, _MD.options, env)
