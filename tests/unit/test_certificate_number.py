"""Certificate numbers: format, randomness, forgiving input, a check symbol that catches slips."""

from __future__ import annotations

import re

import pytest

from lms.certificates.number import (
    ALPHABET,
    check_symbol,
    is_valid,
    new_number,
    normalise,
)

CANONICAL = re.compile(r"^PM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")


def _symbols(number: str) -> str:
    """The nine symbols of a canonical number: eight data symbols and the check symbol."""
    return number.removeprefix("PM-").replace("-", "")


def _number(symbols: str) -> str:
    return f"PM-{symbols[:4]}-{symbols[4:8]}-{symbols[8]}"


def _with_check(data: str) -> str:
    return _number(data + check_symbol(data))


def test_alphabet_is_crockford_base32():
    """The 32 symbols are the digits and the letters without I, L, O and U."""
    assert len(set(ALPHABET)) == 32
    assert set(ALPHABET) == set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("ILOU")


def test_new_number_has_the_canonical_format():
    """A new number looks like PM-XXXX-XXXX-C and passes its own check."""
    for _ in range(200):
        number = new_number()
        assert CANONICAL.match(number), number
        assert normalise(number) == number
        assert is_valid(number)


def test_new_numbers_do_not_repeat():
    """40 random bits: ten thousand draws give ten thousand different numbers."""
    numbers = {new_number() for _ in range(10_000)}
    assert len(numbers) == 10_000


def test_new_numbers_use_every_symbol_in_every_position():
    """Every symbol turns up in every data position, so nothing is fixed or predictable."""
    seen = [set() for _ in range(8)]
    for _ in range(3_000):
        for position, symbol in enumerate(_symbols(new_number())[:8]):
            seen[position].add(symbol)
    assert all(symbols == set(ALPHABET) for symbols in seen)


SAMPLE = _with_check("01J0KM7Z")  # holds a 0 and a 1 to show O, I and L being read


@pytest.mark.parametrize(
    "typed",
    [
        SAMPLE,
        SAMPLE.lower(),
        f"  {SAMPLE}  ",
        SAMPLE.replace("-", ""),
        SAMPLE.replace("-", " "),
        SAMPLE.replace("-", " - "),
        SAMPLE.replace("-", "--"),
        "-" + SAMPLE + "-",
        SAMPLE.removeprefix("PM-"),
        SAMPLE.removeprefix("PM-").replace("-", "").lower(),
        "pm " + " ".join(_symbols(SAMPLE)),
        SAMPLE.replace("-", "\u2013"),  # an en dash, as word processors type it
        SAMPLE.replace("0", "O"),
        SAMPLE.replace("0", "o"),
        SAMPLE.replace("1", "I"),
        SAMPLE.replace("1", "i"),
        SAMPLE.replace("1", "L"),
        SAMPLE.replace("1", "l"),
        "pm" + SAMPLE.removeprefix("PM-").replace("0", "o").replace("1", "l").lower(),
    ],
)
def test_normalise_accepts_what_people_type(typed):
    """Case, spaces, dashes, no PM, and O for 0 and I or L for 1 all give the canonical number."""
    assert normalise(typed) == SAMPLE
    assert is_valid(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "PM",
        "PM--",
        SAMPLE[:-1],  # check symbol missing
        SAMPLE + "0",  # one symbol too many
        SAMPLE.removeprefix("PM-")[:-1],
        "PM" + SAMPLE,  # prefix twice
        "XX" + SAMPLE.removeprefix("PM"),  # another prefix
        SAMPLE.replace("K", "U"),  # U is not in the alphabet
        SAMPLE.replace("K", "*"),
        SAMPLE.replace("K", "\u039a"),  # Greek capital kappa looks like K
        SAMPLE.replace("K", "\uff2b"),  # full-width K
        "PM-0000-0000-" + ("1" if check_symbol("00000000") != "1" else "2"),  # wrong check
        SAMPLE + " " * 100,  # absurdly long input is not worth reading
        None,
        12345,
    ],
)
def test_normalise_rejects_what_is_not_a_number(typed):
    """Wrong length, a symbol outside the alphabet or a wrong check symbol: None, not an error."""
    assert normalise(typed) is None
    assert not is_valid(typed)


def test_check_symbol_needs_eight_symbols():
    """The check symbol is only defined for exactly eight data symbols."""
    with pytest.raises(ValueError, match="8"):
        check_symbol("ABC")


def _substitutions(number: str):
    symbols = _symbols(number)
    for position, original in enumerate(symbols):
        for replacement in ALPHABET:
            if replacement != original:
                yield _number(symbols[:position] + replacement + symbols[position + 1 :])


def _adjacent_transpositions(number: str):
    symbols = _symbols(number)
    for position in range(len(symbols) - 1):
        a, b = symbols[position], symbols[position + 1]
        if a != b:
            yield _number(symbols[:position] + b + a + symbols[position + 2 :])


def test_every_substitution_and_adjacent_transposition_of_sample_numbers_is_rejected():
    """For 200 random numbers, every one-symbol slip (9 x 31) and every swap of neighbours fails."""
    for _ in range(200):
        number = new_number()
        for wrong in _substitutions(number):
            assert normalise(wrong) is None, (number, wrong)
        for wrong in _adjacent_transpositions(number):
            assert normalise(wrong) is None, (number, wrong)


def test_every_substitution_is_rejected_exhaustively():
    """Each of the nine positions, each symbol there and each symbol typed instead: all caught."""
    for position in range(9):
        for right in ALPHABET:
            # Any valid number with `right` at `position`: fix one data symbol to hit the check.
            valid = _valid_with(position, right)
            assert _symbols(valid)[position] == right
            symbols = _symbols(valid)
            for wrong in ALPHABET.replace(right, ""):
                typed = _number(symbols[:position] + wrong + symbols[position + 1 :])
                assert normalise(typed) is None, (valid, typed)


def test_every_adjacent_transposition_is_rejected_exhaustively():
    """Each pair of neighbouring positions (check symbol included) and each pair of symbols."""
    for position in range(8):
        for a in ALPHABET:
            for b in ALPHABET.replace(a, ""):
                valid = _valid_with_pair(position, a, b)
                symbols = _symbols(valid)
                assert symbols[position : position + 2] == a + b
                swapped = _number(symbols[:position] + b + a + symbols[position + 2 :])
                assert normalise(swapped) is None, (valid, swapped)


def _valid_with(position: int, symbol: str) -> str:
    """A valid number with ``symbol`` at ``position`` (0-7 data, 8 the check symbol)."""
    if position < 8:
        data = "7" * position + symbol + "7" * (7 - position)
        return _with_check(data)
    return _valid_with_pair(7, "7", symbol)


def _valid_with_pair(position: int, a: str, b: str) -> str:
    """A valid number with ``a`` then ``b`` at ``position`` and ``position + 1``."""
    if position < 7:
        data = "3" * position + a + b + "3" * (6 - position)
        return _with_check(data)
    # The pair is the last data symbol and the check symbol: search the first data symbol until
    # the check comes out as ``b`` (each data symbol moves the check through all 32 values).
    for first in ALPHABET:
        data = first + "3" * 6 + a
        if check_symbol(data) == b:
            return _with_check(data)
    raise AssertionError(f"no first symbol gives check {b} after {a}")
