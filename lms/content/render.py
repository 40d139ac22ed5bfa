"""Curriculum Markdown to safe HTML with GOV.UK Frontend classes; raw HTML is escaped, never kept.

Every piece of curriculum prose a page shows goes through here, through the template filters
``content_markdown`` (blocks: lesson bodies, a scenario's situation and task, calibration answers
and notes) and ``content_markdown_inline`` (one line of phrasing, where a paragraph or list
would be wrong: question stems, options, feedback, rubric descriptors, glossary definitions).

Two things are added as tokens, never from the text: the '## Check your thinking' section
becomes a GOV.UK details component (a trainee thinks first, then reveals the notes), and a
[word](glossary:ID) link points at the term on the glossary page. In a template (where the app's
glossary is known) ``content_markdown(glossary=true)`` also marks the first use of each glossary
term with its definition, to show in place (lms/content/terms.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from lms.content.glossary import link_id, load_glossary, term_href
from lms.content.lessons import CHECK_YOUR_THINKING
from lms.content.loader import DEFAULT_ROOT
from lms.content.terms import EMPTY, TermIndex, build_index, mark_terms

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
_LINK_TOKENS = ("link_open", "link_close")
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


def render_markdown(text: str, terms: TermIndex = EMPTY) -> str:
    """Render CommonMark to HTML for a lesson page: raw HTML escaped, GOV.UK classes added,
    trainer notes as a details component, glossary links to the glossary page and the first
    use of each of ``terms`` marked with its definition."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    mark_terms(tokens, terms)
    _add_classes(tokens)
    tokens = _details(tokens)
    return _MD.renderer.render(tokens, _MD.options, env)


def render_inline(text: str, links: bool = True) -> str:
    """Render one piece of phrasing (no paragraphs, lists or headings) as lessons are: raw HTML
    escaped, links with GOV.UK classes and glossary links to the glossary page. Without
    ``links`` a link shows as its words only (inside a radio's label a link would steal the
    tap meant to choose the option)."""
    env: dict = {}
    tokens = _MD.parseInline(text.strip(), env)
    for token in tokens if not links else []:
        kept = (child for child in token.children or [] if child.type not in _LINK_TOKENS)
        token.children = list(kept)
    _add_classes(tokens)
    return _MD.renderer.render(tokens, _MD.options, env)


@lru_cache(maxsize=4)
def term_index(root: str) -> TermIndex:
    """The glossary of the modules folder ``root``, ready for marking (read once per process)."""
    return build_index(load_glossary(Path(root)).terms, lambda text: render_inline(text, False))


def app_term_index() -> TermIndex:
    """The glossary of the running app's modules folder; no terms outside an app."""
    if not has_app_context():
        return EMPTY
    root = current_app.config.get("CONTENT_ROOT") or DEFAULT_ROOT
    return term_index(str(Path(root).resolve()))


@lru_cache(maxsize=512)
def _block(text: str, terms: TermIndex) -> Markup:
    # Safe: render_markdown escapes every piece of raw HTML in the text.
    return Markup(render_markdown(text, terms))  # noqa: S704


def content_markdown(text: str | None, glossary: bool = False) -> Markup:
    """Template filter: curriculum Markdown as block HTML (paragraphs, real lists); with
    ``glossary=true`` (trainees' lessons and scenarios) the first use of each of the app's
    glossary terms is marked, its definition ready to show in place."""
    if not text or not text.strip():
        return Markup("")
    return _block(text, app_term_index() if glossary else EMPTY)


@lru_cache(maxsize=2048)
def content_markdown_inline(text: str | None, links: bool = True) -> Markup:
    """Template filter: curriculum Markdown as inline HTML, for inside a label, legend or <p>;
    ``links=false`` for an option's label."""
    if not text or not text.strip():
        return Markup("")
    # Safe: render_inline escapes every piece of raw HTML in the text.
    return Markup(render_inline(text, links))  # noqa: S704
