"""Glossary terms made tappable where a text first uses them, marked in markdown-it's tokens.

The first use of each glossary term in one text (a lesson body, a scenario's situation) is
wrapped as ``<span class="app-term">`` holding a link to the term on the glossary page and,
after it, the plain-English definition, hidden. Without JavaScript the link opens the glossary
page; lms/static/js/glossary-terms.mjs turns it into a button that shows and hides the
definition in place. Matching is by whole word, ignoring case (unless the term says
``match_case``), with plurals; never inside headings, links, code or images. A [word](glossary:ID)
link the author wrote counts as the use of that term: the first one gets the definition too.

Markup is built here from escaped text and definitions rendered by the caller, never from the
text's own HTML (which the renderer escapes anyway).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown_it.token import Token
from markupsafe import escape

from lms.content.glossary import GlossaryTerm, link_id, term_href

TERM_CLASS = "app-term"
DEFINITION_CLASS = "app-term__definition"
LINK_CLASS = "govuk-link app-glossary-link"
_BOUNDARY_BEFORE = r"(?<![\w-])"
_BOUNDARY_AFTER = r"(?![\w-])"
_PARENTHESES = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]+)\)$")


@dataclass(frozen=True, eq=False)
class TermIndex:
    """The glossary ready for marking: one pattern for every form of every term, and for each
    term id its definition as HTML. Compared and hashed by identity (it keys render caches)."""

    pattern: re.Pattern[str] | None = None
    by_form: dict[str, str] = field(default_factory=dict)  # a form, casefolded: term id
    exact: dict[str, str] = field(default_factory=dict)  # a form as written: term id
    definitions: dict[str, str] = field(default_factory=dict)  # term id: definition HTML

    def term_for(self, matched: str) -> str | None:
        return self.exact.get(matched) or self.by_form.get(matched.casefold())


EMPTY = TermIndex()


def plural(word: str) -> str:
    """The usual English plural of a word: boundary, boundaries; coach, coaches; mentee, mentees."""
    lower = word.lower()
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def forms(term: GlossaryTerm) -> list[str]:
    """Every way a text may write a term: as written, its plural, the ``also`` forms, and for
    'Integrated Offender Management (IOM)' the name and the short form on their own."""
    found = [term.term.strip(), *(also.strip() for also in term.also)]
    named = _PARENTHESES.match(found[0])
    if named:
        found += [named["name"], named["short"]]
    plurals = [
        text[: -len(last)] + plural(last)
        for text in found
        if (last := text.split()[-1]) and last.isalpha()
    ]
    unique: list[str] = []
    for text in found + plurals:
        if text and text not in unique:
            unique.append(text)
    return unique


def _piece(text: str, match_case: bool) -> str:
    body = r"\s+".join(re.escape(word) for word in text.split())
    return body if match_case else f"(?i:{body})"


def build_index(terms: Iterable[GlossaryTerm], definition_html: Callable[[str], str]) -> TermIndex:
    """The index for ``terms``; ``definition_html`` renders a definition's Markdown safely."""
    by_form: dict[str, str] = {}
    exact: dict[str, str] = {}
    definitions: dict[str, str] = {}
    pieces: list[tuple[str, str]] = []
    for term in terms:
        definitions[term.id] = definition_html(term.definition)
        for text in forms(term):
            table, key = (exact, text) if term.match_case else (by_form, text.casefold())
            if key not in table:
                table[key] = term.id
                pieces.append((text, _piece(text, term.match_case)))
    if not pieces:
        return EMPTY
    pieces.sort(key=lambda piece: -len(piece[0]))  # the longest form wins where two start
    alternatives = "|".join(piece for _, piece in pieces)
    pattern = re.compile(f"{_BOUNDARY_BEFORE}(?:{alternatives}){_BOUNDARY_AFTER}")
    return TermIndex(pattern, by_form, exact, definitions)


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _opening() -> Token:
    return _html(f'<span class="{TERM_CLASS}">')


def _closing(index: TermIndex, key: str) -> Token:
    definition = index.definitions[key]
    return _html(f'<span class="{DEFINITION_CLASS}" hidden>{definition}</span></span>')


def _term(index: TermIndex, key: str, words: str) -> list[Token]:
    link = f'<a href="{escape(term_href(key))}" class="{LINK_CLASS}">{escape(words)}</a>'
    return [_opening(), _html(link), _closing(index, key)]


def _split_text(token: Token, index: TermIndex, used: set[str]) -> list[Token]:
    """A text token cut around the first use of each term not yet used."""
    out: list[Token] = []
    text, start = token.content, 0
    for match in index.pattern.finditer(text) if index.pattern else ():
        key = index.term_for(match.group(0))
        if key is None or key in used:
            continue
        used.add(key)
        if match.start() > start:
            out.append(_text(text[start : match.start()]))
        out += _term(index, key, match.group(0))
        start = match.end()
    if not out:
        return [token]
    if start < len(text):
        out.append(_text(text[start:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _mark_inline(children: list[Token], index: TermIndex, used: set[str]) -> list[Token]:
    out: list[Token] = []
    open_links: list[str | None] = []  # for each link open: its term id when it was wrapped
    for child in children:
        if child.type == "link_open":
            key = link_id(str(child.attrGet("href") or ""))
            wrap = not open_links and key in index.definitions and key not in used
            if wrap:
                used.add(key)
                out.append(_opening())
            open_links.append(key if wrap else None)
            out.append(child)
            continue
        if child.type == "link_close" and open_links:
            out.append(child)
            key = open_links.pop()
            if key is not None:
                out.append(_closing(index, key))
            continue
        if child.type == "text" and not open_links:
            out += _split_text(child, index, used)
        else:
            out.append(child)
    return out


def mark_terms(tokens: list[Token], index: TermIndex) -> None:
    """Mark the first use of each term in a parsed text (in place). Run before glossary links'
    targets are rewritten, so [word](glossary:ID) links are still recognised."""
    if index is EMPTY or not index.definitions:
        return
    used: set[str] = set()
    in_heading = False
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and not in_heading and token.children:
            token.children = _mark_inline(token.children, index, used)
