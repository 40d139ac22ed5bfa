"""In a real browser at 320px: the read-aloud control speaks a lesson, a quiz question and a
scenario (window.speechSynthesis stubbed by an init script that records every call and each
utterance's text, lang and rate), pauses, resumes, changes speed and stops; without speech it
says so in plain words; and a glossary term opens its definition in place, by tap and by
keyboard, and closes again. axe checks each state."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.training.notes import clear_glossary_cache
from tests.e2e.screen import assert_fits_and_passes_axe
from tests.e2e.test_quiz_keyboard_and_phone import sign_in
from tests.factories import make_module, make_scenario

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules"
PHONE = {"width": 320, "height": 640}
LESSON = "/training/sample/lessons/01-lesson"
LONG = " ".join(
    f"Sentence {n} of the long paragraph says a few more words about keeping notes."
    for n in range(8)
)
BODY = (
    "Keep a boundary with your mentee.\n\n## What to do\n\n"
    "- Tell your safeguarding lead the same day.\n- Keep notes.\n\n" + LONG + "\n"
)
BOUNDARY = "A line you keep so the mentoring stays safe and fair, such as not lending money."
NO_SPEECH = "Your browser cannot read this page aloud. Your phone's own screen reader can."

# A stand-in for the browser's speech: records calls and utterances; __finish() ends the one
# being spoken; voices arrive late, with a voiceschanged event, as in Chrome.
STUB = """
(() => {
  const record = { calls: [], spoken: [] }
  let current = null, speaking = false, paused = false, voices = [], listeners = []
  window.__speech = record
  window.SpeechSynthesisUtterance = class { constructor (text) { this.text = text } }
  const synth = {
    get speaking () { return speaking }, get paused () { return paused }, pending: false,
    getVoices () { return voices },
    addEventListener (name, listener) { if (name === 'voiceschanged') listeners.push(listener) },
    speak (u) {
      record.calls.push('speak')
      const voice = u.voice && u.voice.name
      record.spoken.push({ text: u.text, lang: u.lang, rate: u.rate, voice })
      current = u; speaking = true
    },
    pause () { record.calls.push('pause'); paused = true },
    resume () { record.calls.push('resume'); paused = false },
    cancel () {
      record.calls.push('cancel')
      const u = current; current = null; speaking = false; paused = false
      if (u && u.onerror) u.onerror({ error: 'interrupted' })
    },
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  window.__finish = () => {
    const u = current; current = null; speaking = false
    if (u && u.onend) u.onend({})
  }
  window.__voicesArrive = () => {
    voices = [{ name: 'US', lang: 'en-US', localService: true },
              { name: 'UK online', lang: 'en-GB', localService: false },
              { name: 'UK', lang: 'en_GB', localService: true }]
    listeners.forEach((listener) => listener(new Event('voiceschanged')))
  }
})()
"""
REMOVED = """
Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true })
Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined, configurable: true })
"""


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "modules"
    root.mkdir()
    shutil.copy(VALID / "glossary.yaml", root / "glossary.yaml")
    app_config["CONTENT_ROOT"] = str(root)
    clear_glossary_cache()
    yield app_config
    clear_glossary_cache()


@pytest.fixture
def module(app):
    module = make_module("sample")
    lesson = module.current_version.lessons[0]
    lesson.body_markdown = BODY
    db.session.commit()
    return module


def spoken(page: Page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def calls(page: Page) -> list[str]:
    return page.evaluate("window.__speech.calls")


def listen(page: Page, what: str):
    return page.get_by_role("button", name=re.compile(rf"^(Listen|Pause|Resume) \({what}\)$"))


def read_to_the_end(page: Page) -> list[str]:
    """End each utterance in turn, as the speech would, until the control is back to Listen."""
    for _ in range(40):
        if page.get_by_text("Finished.").is_visible():
            break
        page.evaluate("window.__finish()")
    return [item["text"] for item in spoken(page)]


def test_listening_to_a_lesson_reads_it_in_uk_english_and_can_pause_resume_speed_and_stop(
    page: Page, people, module
):
    page.add_init_script(STUB)
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.goto(LESSON)
    page.evaluate("window.__voicesArrive()")
    button = listen(page, "this lesson")
    expect(button).to_have_text("Listen (this lesson)")
    assert_fits_and_passes_axe(page)

    button.click()
    first = spoken(page)[0]
    assert first == {"text": "First lesson", "lang": "en-GB", "rate": 1, "voice": "UK"}
    expect(button).to_have_text("Pause (this lesson)")
    stop = page.get_by_role("button", name="Stop (this lesson)")
    expect(stop).to_be_visible()
    assert_fits_and_passes_axe(page)

    button.click()
    assert calls(page)[-1] == "pause"
    expect(button).to_have_text("Resume (this lesson)")
    expect(page.get_by_role("status")).to_have_text("Paused.")
    button.click()
    assert calls(page)[-1] == "resume"
    expect(button).to_have_text("Pause (this lesson)")

    page.get_by_label("Speed").select_option(label="Faster")
    again = spoken(page)[-1]
    assert again["text"] == "First lesson" and again["rate"] == 1.25 and again["lang"] == "en-GB"

    texts = read_to_the_end(page)
    assert texts[:6] == [
        "First lesson",
        "First lesson",  # again, faster
        "Keep a boundary with your mentee.",
        "What to do",
        "Tell your safeguarding lead the same day.",
        "Keep notes.",
    ]
    long = texts[6:]
    assert all(len(text) <= 160 for text in long) and " ".join(long) == LONG
    heard = " ".join(texts)
    assert BOUNDARY not in heard and "Speed" not in heard and "Listen" not in heard
    assert {item["lang"] for item in spoken(page)} == {"en-GB"}
    assert {item["rate"] for item in spoken(page)[2:]} == {1.25}
    expect(button).to_have_text("Listen (this lesson)")

    button.click()
    stop.click()
    assert calls(page)[-1] == "cancel"
    expect(button).to_have_text("Listen (this lesson)")
    expect(stop).to_be_hidden()


def test_a_glossary_term_opens_in_place_by_tap_and_by_keyboard_and_is_read_when_open(
    page: Page, people, module
):
    page.add_init_script(STUB)
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.goto(LESSON)
    term = page.get_by_role("button", name="boundary", exact=True)
    definition = page.get_by_text(BOUNDARY)
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(definition).to_be_hidden()
    assert page.get_by_role("link", name="boundary").count() == 0

    term.click()
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(definition).to_be_visible()
    assert term.get_attribute("aria-controls") == definition.get_attribute("id")
    assert_fits_and_passes_axe(page)
    term.click()
    expect(definition).to_be_hidden()

    lead = page.get_by_role("button", name="safeguarding lead")
    lead.focus()
    page.keyboard.press("Enter")
    expect(lead).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("The person at your scheme who deals with any risk")).to_be_visible()
    page.keyboard.press("Space")
    expect(lead).to_have_attribute("aria-expanded", "false")

    term.click()
    listen(page, "this lesson").click()
    heard = " ".join(read_to_the_end(page))
    assert f"Keep a boundary {BOUNDARY} with your mentee." in heard


def test_without_speech_the_control_says_so_in_plain_words(page: Page, people, module):
    page.add_init_script(REMOVED)
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.goto(LESSON)
    expect(page.get_by_text(NO_SPEECH)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Listen"))).to_have_count(0)
    assert_fits_and_passes_axe(page)


def test_a_quiz_question_and_a_scenario_can_be_listened_to(page: Page, people, module):
    make_scenario(module)
    page.add_init_script(STUB)
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.goto("/training/sample")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    assert_fits_and_passes_axe(page)
    listen(page, "question 2").focus()
    page.keyboard.press("Enter")  # a real button: the keyboard starts it too
    texts = read_to_the_end(page)
    assert texts[0] == "Question 2 of 5" and re.fullmatch(r"Question \d+\?", texts[1])
    assert sorted(text[0] for text in texts[-3:]) == ["A", "B", "C"]  # then the options
    assert "Listen" not in " ".join(texts)

    page.goto("/assessment/sample/money")
    listen(page, "the situation and the task").click()
    assert read_to_the_end(page) == [
        "A request for money",
        "The situation",
        "Dean asks you for £40.",
        "What to write",
        "What would you do?",
    ]
    assert_fits_and_passes_axe(page)


def test_without_javascript_no_dead_control_and_terms_link_to_the_glossary(
    browser, live_server, people, module
):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, people["trainee"].email)
        page.goto(LESSON)
        expect(page.get_by_role("button", name=re.compile("^Listen"))).to_have_count(0)
        page.get_by_role("link", name="boundary", exact=True).click()
        expect(page).to_have_url(re.compile(r"/training/glossary#boundary$"))
        expect(page.get_by_text(BOUNDARY)).to_be_visible()
    finally:
        context.close()


def test_long_text_is_cut_between_sentences_and_never_inside_a_number(page: Page, people, module):
    page.add_init_script(STUB)
    sign_in(page, people["trainee"].email)
    page.goto(LESSON)
    text = "Dean owes £4.50 to a friend, he says. " * 12 + "Is that right? " + "word " * 60
    cut = page.evaluate(
        "async (text) => (await import('/static/js/read-aloud.mjs')).pieces(text)", text.strip()
    )
    assert " ".join(cut) == " ".join(text.split())
    assert all(len(piece) <= 160 for piece in cut)
    assert all("£4.50" in piece or "£4" not in piece for piece in cut)
    assert all(piece.endswith(("says.", "right?")) for piece in cut[:-2])


def test_a_speed_chosen_while_paused_applies_on_resume_and_one_control_speaks_at_a_time(
    page: Page, people, module
):
    page.add_init_script(STUB)
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.goto("/training/sample")
    page.get_by_role("button", name="Start the quiz").click()
    first, second = listen(page, "question 1"), listen(page, "question 2")
    first.click()
    first.click()
    expect(first).to_have_text("Resume (question 1)")
    page.get_by_label("Speed").first.select_option(label="Slower")
    assert len(spoken(page)) == 1  # nothing said while paused
    expect(page.get_by_label("Speed").nth(1)).to_have_value("0.75")  # every control agrees
    first.click()
    assert calls(page)[-3:] == ["cancel", "resume", "speak"]
    assert spoken(page)[-1] == {**spoken(page)[0], "rate": 0.75}

    second.click()
    assert "cancel" in calls(page)[-3:]
    assert spoken(page)[-1]["text"] == "Question 2 of 5"
    expect(first).to_have_text("Listen (question 1)")
    expect(second).to_have_text("Pause (question 2)")
    page.reload()
    expect(page.get_by_label("Speed").first).to_have_value("0.75")  # kept on this device
