"""How long a written answer may be: the word count, and the plain words for an answer that is
empty, too short to send, has too many words, or is too long to keep."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:[-']\w+)*")
# The most characters an answer (or a draft) may hold; the word limit is the one people see.
MAX_CHARS = 20000
MAX_WORDS = 1000


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


def words(n: int) -> str:
    """``1 word``, ``1,020 words``."""
    return f"{n:,} word" if n == 1 else f"{n:,} words"


def too_long(text: str) -> str | None:
    """Why the text cannot even be kept as a draft, or None."""
    if len(text or "") > MAX_CHARS:
        return (
            f"Your answer is too long to save. It has {len(text):,} letters and spaces. "
            f"Keep it to {MAX_CHARS:,} or fewer."
        )
    return None


def send_problem(text: str, min_words: int, max_words: int = MAX_WORDS) -> str | None:
    """Why the text cannot be sent for marking yet (it is still kept as a draft), or None."""
    count = word_count(text)
    if count == 0:
        return f"Write your answer before you send it. Write at least {words(min_words)}."
    if count < min_words:
        return (
            f"Your answer has {words(count)}. Write at least {words(min_words)} before you send it."
        )
    if count > max_words:
        return (
            f"Your answer has {words(count)}. Keep it to {words(max_words)} or fewer, then send it."
        )
    return None
