"""Lesson Markdown to safe HTML with GOV.UK Frontend classes; raw HTML is escaped, never kept.

Two things are added as tokens, never from the text: the '## Check your thinking' section
becomes a GOV.UK details component (a trainee thinks first, then reveals the notes), and a
[word](glossary:ID) link points at the term on the glossary page.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lms.content.glossary import link_id, term_href
from lms.content.lessons import CHECK_YOUR_THINKING

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
GLOSSARY_LINK_CLASS = "app-glossary-link"
DETAILS_OPEN = (
    '<details class="govuk-details">\n'
    '<summary class="govuk-details__summary">'
    f'<span class="govuk-details__summary-text">{CHECK_YOUR_THINKING}</span></summary>\n'
    '<div class="govuk-details__text">\n'
)
DETAILS_CLOSE = "</div>\n</details>\n"


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
        key = link_id(str(token.attrGet("href") or "")) if token.type == "link_open" else None
        if key is not None:
            token.attrSet("href", term_href(key))
            token.attrJoin("class", GLOSSARY_LINK_CLASS)
        if token.children:
            _add_classes(token.children)


def _markup(content: str) -> Token:
    """A block of fixed markup written here (the text's own HTML is never passed through)."""
    token = Token("html_block", "", 0)
    token.content = content
    return token


def _details(tokens: list[Token]) -> list[Token]:
    """The '## Check your thinking' section, heading to the next '## ', as a details component."""
    out: list[Token] = []
    index, open_details = 0, False
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag == "h2":
            if open_details:
                out.append(_markup(DETAILS_CLOSE))
                open_details = False
            if tokens[index + 1].content.strip() == CHECK_YOUR_THINKING:
                out.append(_markup(DETAILS_OPEN))
                open_details = True
                index += 3  # heading_open, inline, heading_close: the summary replaces them
                continue
        out.append(token)
        index += 1
    if open_details:
        out.append(_markup(DETAILS_CLOSE))
    return out


def render_markdown(text: str) -> str:
    """Render CommonMark to HTML for a lesson page: raw HTML escaped, GOV.UK classes added,
    trainer notes as a details component and glossary links to the glossary page."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    _add_classes(tokens)
    tokens = _details(tokens)
    return _MD.renderer.render(tokens, _MD.options, env)
