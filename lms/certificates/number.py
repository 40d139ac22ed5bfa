"""Certificate numbers: short, unguessable, and easy to read aloud or type from paper.

A number looks like ``PM-7K3Q-9XWD-H``:

- ``PM`` says "peer mentor certificate" to whoever holds the paper;
- eight symbols drawn with :mod:`secrets` from Crockford's base32 alphabet
  ``0123456789ABCDEFGHJKMNPQRSTVWXYZ`` (40 random bits, about 10^12 numbers), so a number cannot
  be guessed or worked out from another one;
- one check symbol from the same alphabet, so a slip is caught at the moment of typing
  instead of showing "not found" for a certificate that exists.

Why this shape: numbers are read out over the phone to a probation officer, copied by hand from a
printed certificate and typed on a phone. Crockford's alphabet has no I, L, O or U, so the letters
people confuse with 1 and 0 never appear; when someone types them anyway they are read as 1 and
0. Case, spaces and dashes do not matter, and the ``PM`` prefix may be left off. Groups of four
are easy to say and to hold in your head.

The check symbol is computed in the finite field GF(32), whose 32 elements are exactly the 32
symbols (five bits each): position ``i`` of the eight data symbols is weighted by ``g^(i+1)``
(``g`` a primitive element), the check symbol by ``g^0 = 1``, and the check symbol is chosen so that
the weighted sum of all nine is zero. In a field:

- changing one symbol by a non-zero amount ``e`` at weight ``w`` changes the sum by ``w·e``, which
  is never zero, so **every single-symbol substitution** is caught, the check symbol included;
- swapping two different symbols ``a`` and ``b`` at weights ``w`` and ``v`` changes the sum by
  ``(w + v)·(a + b)``, which is zero only if ``w = v``; the nine weights are distinct (``g`` has
  order 31), so **every transposition** is caught, adjacent or not, the check symbol included.

A simpler weighted sum modulo 32 cannot do this (32 is not prime: a difference of 16 times an
even weight difference vanishes), and the value modulo 31 misses transpositions entirely
(32 ≡ 1 mod 31).

Numbers are random, so two certificates can (very rarely) draw the same one: the database keeps
numbers unique and the issuing code draws again on a clash.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "PM"
DATA_LENGTH = 8

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Crockford's decoding rules: letters people write for 0 and 1 are read as 0 and 1.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces and any kind of dash people (or word processors) put between the groups.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")
_MAX_INPUT = 64


def _powers_of_g() -> tuple[int, ...]:
    """g^0 … g^30 in GF(32), built on the primitive polynomial x^5 + x^2 + 1 with g = x (= 2)."""
    powers = []
    value = 1
    for _ in range(31):
        powers.append(value)
        value <<= 1
        if value & 0b100000:
            value ^= 0b100101
    return tuple(powers)


_EXP = _powers_of_g()
_LOG = {value: power for power, value in enumerate(_EXP)}
# The weights g^1 … g^8 of the eight data symbols; the check symbol's weight is g^0 = 1.
_WEIGHTS = tuple(_EXP[i + 1] for i in range(DATA_LENGTH))


def _multiply(a: int, b: int) -> int:
    """Multiply two elements of GF(32)."""
    if a == 0 or b == 0:
        return 0
    return _EXP[(_LOG[a] + _LOG[b]) % 31]


def check_symbol(data: str) -> str:
    """The check symbol for eight data symbols (canonical, upper case, no dashes)."""
    if len(data) != DATA_LENGTH:
        raise ValueError(f"expected {DATA_LENGTH} symbols, got {len(data)}")
    total = 0
    for weight, symbol in zip(_WEIGHTS, data, strict=True):
        total ^= _multiply(weight, _VALUE[symbol])  # addition in GF(2^5) is XOR
    return ALPHABET[total]


def _format(data: str, check: str) -> str:
    return f"{PREFIX}-{data[:4]}-{data[4:]}-{check}"


def new_number() -> str:
    """A fresh random certificate number such as ``PM-7K3Q-9XWD-H``."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return _format(data, check_symbol(data))


def normalise(raw: object) -> str | None:
    """The canonical ``PM-XXXX-XXXX-C`` form of a typed number, or None if it is not valid.

    Accepts any case, spaces and dashes anywhere, a missing ``PM`` prefix, and O for 0, I or L
    for 1. Rejects a wrong length, a symbol outside the alphabet (U included) and a check symbol
    that does not match.
    """
    if not isinstance(raw, str) or len(raw) > _MAX_INPUT:
        return None
    compact = _SEPARATORS.sub("", raw)
    # Only ASCII: Unicode case mapping would turn look-alikes (a dotless i, a long s) into letters.
    if not compact.isascii():
        return None
    compact = compact.upper()
    if len(compact) == len(PREFIX) + DATA_LENGTH + 1 and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != DATA_LENGTH + 1:
        return None
    compact = compact.translate(_CONFUSABLE)
    if any(symbol not in _VALUE for symbol in compact):
        return None
    data, check = compact[:DATA_LENGTH], compact[DATA_LENGTH]
    if check_symbol(data) != check:
        return None
    return _format(data, check)


def is_valid(raw: object) -> bool:
    """Whether ``raw`` is a well-formed certificate number (it may still not exist)."""
    return normalise(raw) is not None
