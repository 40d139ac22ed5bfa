"""The help, privacy and accessibility pages: the signed-in person's scheme contacts, the
signed-out wording, the footer links on every role's pages, plain reading, and the favicon."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
import textstat

from lms.accounts.contacts import set_safeguarding_contacts
from lms.accounts.models import Role
from lms.content.reading import MAX_GRADE
from lms.extensions import db
from lms.info import privacy, statement
from tests.access import ADMIN, COORD, TRAINEE, TRAINER
from tests.conftest import sign_in
from tests.factories import make_person

PAGES = ("/help", "/privacy", "/accessibility")
HOMES = {TRAINEE: "/trainee", TRAINER: "/trainer", COORD: "/coordinator", ADMIN: "/admin"}
ROW = re.compile(
    r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
    r'<dd class="govuk-summary-list__value[^"]*">(.*?)</dd>',
    re.S,
)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def contact_rows(page: str) -> dict[str, str]:
    """The rows of the scheme contacts list, key to value, as a reader sees them."""
    found = re.search(r'<dl class="govuk-summary-list" id="scheme-contacts">(.*?)</dl>', page, re.S)
    assert found, "no scheme contacts list on the page"
    return {plain(key): plain(value) for key, value in ROW.findall(found.group(1))}


class Prose(HTMLParser):
    """The paragraphs and list items of <main>, one sentence or more each, headings left out."""

    BLOCKS = {"p", "li", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.depth = 0
        self.current: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "main":
            self._flush()
            self.in_main = False
        elif self.in_main and tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.in_main:
            self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.blocks.append(text if text[-1] in ".?!:" else f"{text}.")


def prose_of(page: str) -> str:
    parser = Prose()
    parser.feed(re.sub(r"<h[1-6][^>]*>.*?</h[1-6]>", " ", page, flags=re.S))
    return " ".join(parser.blocks)


@pytest.fixture
def named_contacts(people, scheme):
    """Two coordinators (and one deactivated), a lead and deputy, and the scheme's details."""
    make_person("amina@example.org", "Amina Coordinator", [Role.COORDINATOR], scheme)
    gone = make_person("gone@example.org", "Gone Coordinator", [Role.COORDINATOR], scheme)
    gone.active = False
    scheme.contact_email = "team@scheme.example"
    scheme.contact_phone = "0113 496 0000"
    scheme.contact_address = "1 High Street\nLeeds"
    set_safeguarding_contacts(
        db.session,
        people["admin"],
        scheme,
        lead_id=people["trainer"].id,
        deputy_id=people["coordinator"].id,
    )
    db.session.commit()


def test_help_names_the_signed_in_persons_scheme_contacts(client, login, named_contacts):
    """A trainee's help page names their coordinators, lead, deputy and the scheme's details."""
    login(TRAINEE)
    page = client.get("/help").get_data(as_text=True)
    assert contact_rows(page) == {
        "Your coordinators": "Amina Coordinator, Coordinator",
        "Safeguarding lead": "Trainer",
        "Deputy safeguarding lead": "Coordinator",
        "Email": "team@scheme.example",
        "Phone": "0113 496 0000",
        "Address": "1 High Street Leeds",
    }
    assert "Your scheme is <strong>Demo Scheme</strong>." in page
    assert 'href="mailto:team@scheme.example"' in page


def test_help_says_when_the_scheme_has_named_nobody(client, login, people):
    """With no lead and no details, the page says so and who to ask instead."""
    login(TRAINER)
    page = client.get("/help").get_data(as_text=True)
    assert contact_rows(page) == {
        "Your coordinator": "Coordinator",
        "Safeguarding lead": "Not named yet. Ask your coordinator.",
    }
    assert "Your scheme has not put its email or phone number here." in page


def test_help_for_someone_in_no_scheme_says_who_to_ask(client):
    """An account outside any scheme is told so, with no empty contacts list."""
    make_person("loner@example.org", "Lone Admin", [Role.ADMIN], None)
    db.session.commit()
    assert sign_in(client, "loner@example.org").status_code == 302
    page = client.get("/help").get_data(as_text=True)
    assert 'id="scheme-contacts"' not in page
    assert "You are not part of a scheme on this site." in page


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_pages_say_how_to_find_contacts(app, client, people, path):
    """Signed out: no one's names, a way to sign in, and the service's address when set."""
    app.config["CONTACT_EMAIL"] = "help@mentors.example"
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="scheme-contacts"' not in page
    assert "Coordinator" not in page
    assert "Sign in to see the names of the people in your scheme." in page
    found = re.search(r'<p class="govuk-body" id="service-contact">(.*?)</p>', page, re.S)
    assert found and 'href="mailto:help@mentors.example"' in found.group(1)


def test_privacy_names_the_scheme_as_responsible_without_safeguarding_rows(
    client, login, named_contacts
):
    """The privacy notice gives the scheme's details, and lists every kept item in order."""
    login(TRAINEE)
    page = client.get("/privacy").get_data(as_text=True)
    rows = contact_rows(page)
    assert rows["Email"] == "team@scheme.example"
    assert "Safeguarding lead" not in rows
    kept = re.search(r'<ul class="govuk-list govuk-list--bullet" id="kept">(.*?)</ul>', page, re.S)
    assert kept
    items = [plain(li) for li in re.findall(r"<li>(.*?)</li>", kept.group(1), re.S)]
    assert items == [item.text for item in privacy.KEPT]
    assert "We never keep what is on your DBS check" in page


# What each script keeps on the device, as the privacy notice's "On your phone or computer" says.
DEVICE_STORAGE = {
    "answer-draft.mjs": "a copy is kept on your phone or computer until it is saved here",
    "read-aloud.mjs": "The speed you choose for reading aloud is kept on your phone or computer",
}


def test_privacy_says_what_is_kept_on_the_device_and_for_how_long(client, app):
    """Every script that keeps something in the browser's storage is named in the notice, and
    the held-answer cookie's lifetime is the setting's."""
    from pathlib import Path

    scripts = Path(app.static_folder, "js")
    storing = {
        path.name
        for path in scripts.glob("*.mjs")
        if re.search(r"localStorage|sessionStorage|indexedDB", path.read_text())
    }
    assert storing == set(DEVICE_STORAGE), "say in the privacy notice what the script keeps"
    app.config["HELD_ANSWER_HOURS"] = 7
    page = plain(client.get("/privacy").get_data(as_text=True))
    assert all(text in page for text in DEVICE_STORAGE.values())
    assert "we keep it for up to 7 hours, with a cookie on that phone or computer" in page


def test_accessibility_statement_lists_the_standard_and_known_issues(client):
    """The statement names WCAG 2.2 AA and every known issue, and says when it was checked."""
    page = client.get("/accessibility").get_data(as_text=True)
    assert "We aim to meet WCAG 2.2 at level AA." in page
    listed = re.search(r'<ul[^>]*id="known-issue-list">(.*?)</ul>', page, re.S)
    assert listed
    issues = [plain(li) for li in re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)]
    assert issues == statement.KNOWN_ISSUES
    assert "We last checked this statement on 2 December 2026." in page


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_plain_to_read(client, path):
    """Each page's prose reads at the lesson standard: Flesch-Kincaid grade 5 at most."""
    text = prose_of(client.get(path).get_data(as_text=True))
    assert len(text.split()) > 80
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{path} reads at grade {grade}"


FOOTER_LINKS = [
    ("/verify", "Check a certificate"),
    ("/help", "Help"),
    ("/privacy", "Privacy"),
    ("/accessibility", "Accessibility"),
    ("/reading-settings", "Reading settings"),  # with ?back= the page it is on
]


def footer_links(page: str) -> list[tuple[str, str]]:
    footer = re.search(r'<footer class="govuk-footer[^"]*">(.*?)</footer>', page, re.S)
    assert footer, "no footer"
    links = re.findall(r'class="govuk-footer__link" href="([^"]+)">([^<]+)</a>', footer.group(1))
    return [(href.split("?", 1)[0], words) for href, words in links]


@pytest.mark.parametrize("role", [TRAINEE, TRAINER, COORD, ADMIN])
def test_footer_links_on_a_page_of_every_role(client, login, role):
    """Every role's home page footer links to help, privacy and accessibility, and, signed in,
    to their account (where a trainee without email can add one)."""
    login(role)
    signed_in = [FOOTER_LINKS[0], ("/account", "Your account"), *FOOTER_LINKS[1:]]
    assert footer_links(client.get(HOMES[role]).get_data(as_text=True)) == signed_in


def test_footer_links_signed_out(client):
    """The sign-in page's footer has the same links."""
    assert footer_links(client.get("/sign-in").get_data(as_text=True)) == FOOTER_LINKS


def test_favicon_answers_with_an_icon(client):
    """/favicon.ico, where browsers look, answers 200 with an ICO image."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"
    response.close()


def test_pages_link_the_favicons_and_print_stylesheet(client):
    """Every page links the ICO and SVG icons (both served) and the print stylesheet."""
    page = client.get("/sign-in").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith("<svg ")
    svg.close()
    css = client.get("/static/css/print.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    css.close()
