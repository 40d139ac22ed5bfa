"""Glossary terms marked where a text first uses them (lms/content/terms.py, through
render_markdown and the content_markdown filter): first use only, whole words, plurals, never
in headings, links or code, and every term and definition escaped."""

from __future__ import annotations

import re

import pytest

from lms.content.glossary import GlossaryTerm
from lms.content.render import content_markdown, render_inline, render_markdown
from lms.content.terms import EMPTY, build_index, forms, plural

TERMS = [
    GlossaryTerm(id="boundary", term="Boundary", definition="A line that keeps mentoring safe."),
    GlossaryTerm(
        id="safeguarding-lead",
        term="Safeguarding lead",
        definition="The person you tell about any risk of harm.",
    ),
    GlossaryTerm(id="safeguarding", term="Safeguarding", definition="Keeping people safe."),
    GlossaryTerm(id="prevent", term="Prevent", definition="A plan.", match_case=True),
    GlossaryTerm(
        id="iom", term="Integrated Offender Management (IOM)", definition="Teams who work together."
    ),
    GlossaryTerm(id="coach", term="coach", definition="Someone who helps.", also=["on licence"]),
]
INDEX = build_index(TERMS, lambda text: render_inline(text, links=False))
OPEN = '<span class="app-term"><a href="/training/glossary#{key}" class="govuk-link app-glossary-link">{words}</a><span class="app-term__definition" hidden>'  # noqa: E501


def html(text: str) -> str:
    return render_markdown(text, INDEX)


def marked(page: str) -> list[tuple[str, str]]:
    """(term id, the words marked) for every term marked in ``page``, in order."""
    found = re.findall(
        r'<span class="app-term"><a href="/training/glossary#([\w-]+)"[^>]*>([^<]*)<', page
    )
    return found


def test_only_the_first_use_of_each_term_is_marked_with_its_definition():
    page = html("Keep a boundary.\n\nA boundary again.\n\n- and a boundary in a list")
    assert marked(page) == [("boundary", "boundary")]
    start = OPEN.format(key="boundary", words="boundary")
    assert f"{start}A line that keeps mentoring safe.</span></span>." in page
    assert page.count("app-term__definition") == 1


def test_whole_words_only_and_any_case():
    page = html("Boundaryless talk. Unboundary. Safe-boundary. BOUNDARY matters.")
    assert marked(page) == [("boundary", "BOUNDARY")]


def test_plurals_and_other_forms_are_found():
    assert plural("boundary") == "boundaries" and plural("coach") == "coaches"
    assert plural("day") == "days" and plural("mentee") == "mentees"
    assert marked(html("Two boundaries and two coaches.")) == [
        ("boundary", "boundaries"),
        ("coach", "coaches"),
    ]
    assert marked(html("Someone on licence.")) == [("coach", "on licence")]


def test_a_term_with_a_short_form_is_found_by_each():
    term = TERMS[4]
    assert {"Integrated Offender Management", "IOM"} <= set(forms(term))
    assert marked(html("Ask the IOM team.")) == [("iom", "IOM")]


def test_the_longest_term_wins_and_its_part_is_not_marked_inside_it():
    page = html("Tell your safeguarding lead. Safeguarding matters.")
    assert marked(page) == [
        ("safeguarding-lead", "safeguarding lead"),
        ("safeguarding", "Safeguarding"),
    ]
    page = html("Your safeguarding lead. Your safeguarding lead again.")
    assert marked(page) == [("safeguarding-lead", "safeguarding lead")]


def test_a_term_marked_to_match_case_is_not_found_as_an_everyday_word():
    assert marked(html("This can prevent harm.")) == []
    assert marked(html("A Prevent referral.")) == [("prevent", "Prevent")]


@pytest.mark.parametrize(
    "text",
    [
        "## Boundary\n\nNo term in the heading.",
        "A [boundary page](https://example.org) link.",
        "The `boundary` code.",
        "    boundary in a code block\n",
        "```\nboundary\n```\n",
        "![a boundary](/img.png)",
    ],
)
def test_never_in_headings_links_code_or_images(text):
    assert marked(html(text)) == []


def test_after_a_heading_the_first_use_in_the_text_is_marked():
    page = html("# Boundary\n\nThen a boundary.")
    assert '<h1 class="govuk-heading-l">Boundary</h1>' in page
    assert marked(page) == [("boundary", "boundary")]


def test_an_authors_glossary_link_gets_the_definition_and_counts_as_the_use():
    page = html("Keep a [line](glossary:boundary). A boundary later.")
    expected = (
        '<span class="app-term"><a href="/training/glossary#boundary" '
        'class="govuk-link app-glossary-link">line</a><span class="app-term__definition" hidden>'
        "A line that keeps mentoring safe.</span></span>"
    )
    assert expected in page
    assert page.count("app-term") == 2  # the wrapper and its definition, once
    again = html("A boundary first. Then [the line](glossary:boundary).")
    assert marked(again) == [("boundary", "boundary")]
    assert (
        '<a href="/training/glossary#boundary" class="govuk-link app-glossary-link">the line'
        in again
    )


def test_terms_and_definitions_with_markup_characters_stay_safe():
    risky = [
        GlossaryTerm(id="a-b", term="A<b>&C", definition='Use <script>x()</script> & "quotes".'),
    ]
    index = build_index(risky, lambda text: render_inline(text, links=False))
    page = render_markdown("Say a<b>&c now.", index)
    assert "<script" not in page and "<b>" not in page
    assert 'class="govuk-link app-glossary-link">a&lt;b&gt;&amp;c</a>' in page
    assert "Use &lt;script&gt;x()&lt;/script&gt; &amp; " in page


def test_a_text_with_markup_characters_around_a_term_stays_escaped():
    page = html("<i>boundary</i> & more")
    assert "<i>" not in page and "&lt;i&gt;" in page and "&amp; more" in page
    assert marked(page) == [("boundary", "boundary")]


def test_without_terms_or_outside_an_app_nothing_is_marked():
    assert "app-term" not in render_markdown("A boundary.", EMPTY)
    assert "app-term" not in str(content_markdown("A boundary.", glossary=True))
    assert "app-term" not in str(content_markdown("A boundary."))
