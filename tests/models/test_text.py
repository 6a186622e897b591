"""Text as compdesk keeps it: emails in one form, no control or bidi characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compdesk.models.text import clean_text, is_email, normal_email, terminal_safe

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\r\n\t\x1b\u202e"


@pytest.mark.parametrize(
    "written",
    ["Ana@Example.com", " ana@example.com\r\n", "a\u200bna@exa\ufeffmple.com", "ANA@EXAMPLE.COM"],
)
def test_one_address_written_many_ways_is_one_address(written: str) -> None:
    assert normal_email(written) == "ana@example.com"


def test_decomposed_accents_are_the_composed_address() -> None:
    assert normal_email("zoe\u0308@example.com") == normal_email("zo\u00eb@example.com")


@pytest.mark.parametrize(
    "text", ["@", "a@b@c.com", "ana", "@example.com", "ana@", "ana@example", "a b@x.com", "a@x..com"]
)
def test_what_is_not_an_address_is_not_one(text: str) -> None:
    assert not is_email(normal_email(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_INVISIBLE + "@."))))
def test_a_normal_address_is_stable_and_free_of_invisible_characters(text: str) -> None:
    normal = normal_email(text)
    assert normal_email(normal) == normal
    assert normal == unicodedata.normalize("NFC", normal)
    assert not any(char in normal for char in _INVISIBLE)
    if is_email(normal):
        assert normal.count("@") == 1


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_and_terminal_output_hold_no_control_character(text: str) -> None:
    for shown in (clean_text(text), terminal_safe(text)):
        assert not any(
            unicodedata.category(char) == "Cc" and char != "\n" and char != "\t" for char in shown
        )
        assert not any("\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" for char in shown)
    assert "\n" not in clean_text(text)
