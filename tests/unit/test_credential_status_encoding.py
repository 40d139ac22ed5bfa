"""The Bitstring Status List encoding: 131,072 bits, index 0 the first byte's top bit, gzip,
base64url without padding, multibase prefix ``u``."""

from __future__ import annotations

from lms.credentials import status_lists


def test_an_empty_list_is_16_kib_of_zeros():
    encoded = status_lists.encode(set())
    assert encoded.startswith("u") and "=" not in encoded
    bits = status_lists.decode(encoded)
    assert len(bits) * 8 == status_lists.LENGTH == 131_072
    assert not any(bits)


def test_index_42_is_bit_2_of_byte_5_as_digital_bazaar_reads_it():
    bits = status_lists.decode(status_lists.encode({42, 0, 131_071}))
    assert bits[5] == 0x20 and bits[0] == 0x80 and bits[-1] == 0x01
    assert status_lists.bit(bits, 42) and not status_lists.bit(bits, 43)
