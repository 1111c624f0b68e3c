"""Certificate codes: at least 80 bits, read back forgivingly, refused when malformed."""

from hypothesis import given
from hypothesis import strategies as st

from elearning.certificates import CODE_BITS, certificate_code, read_code
from meldcode.codes import ALPHABET


def test_a_code_carries_at_least_80_random_bits() -> None:
    assert CODE_BITS >= 80
    codes = {certificate_code() for _ in range(5000)}
    assert len(codes) == 5000
    for code in list(codes)[:100]:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(ALPHABET)


def test_reading_forgives_case_spaces_and_look_alikes() -> None:
    assert read_code("7k3p 9qx2-m4td h8va") == "7K3P-9QX2-M4TD-H8VA"
    assert read_code("OOOO-IIII-LLLL-1111") == "0000-1111-1111-1111"


@given(st.text(max_size=40))
def test_anything_else_is_refused_or_canonical(typed: str) -> None:
    code = read_code(typed)
    assert code is None or read_code(code) == code


def test_a_code_of_the_wrong_length_or_letters_is_refused() -> None:
    assert read_code("7K3P-9QX2-M4TD") is None
    assert read_code("7K3P-9QX2-M4TD-H8VU") is None  # U is not in the alphabet
