"""Telephone numbers as people in Indonesia write them, and the link a phone follows for
each: a WhatsApp chat (wa.me) for a mobile number the text names as WhatsApp, else a call.

A number is one of "0812-3456-7890", "0812 3456 7890", "081234567890", "+62 812 3456 7890",
"(0291) 591 000", "0291-591000", "021 555 1234": 9 to 14 digits in groups. A time span
("08.00 - 10.00"), a date ("08-12-2026"), an amount ("Rp 1.500.000") or a code ("NIP
1985...", "ISBN 978-...") is none: a mobile number starts "08" and a digit, a landline
"0" and its area code before a space or "-", or in brackets.

Used for a program's registration (formatting.linked_phones) and for numbers written
bare in a Markdown body (gfm.TelephonePattern).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

FEWEST_DIGITS, MOST_DIGITS = 9, 14

# Each number starts with "+", "(" or "0" not written right after a letter, a figure or
# "+./-" (inside a longer number, a word or an address); the look back comes after that
# first character so that the regex engine skips to the places a number can start.
NUMBER = re.compile(r"""
    (?: \+ (?<![\w+./-]\+) 62 [\s.-]? \d{2,4}        # +62 812 ...
      | \( (?<![\w+./-]\() 0\d{2,3} \) \s? \d{3,4}   # (0291) 591 ...
      | 0 (?<![\w+./-]0) (?: 8\d{1,2}                # 0812 ...
                          | [2-79]\d{1,2} [\s-] \d{3,4} )   # 0291 591 ..., 021-555 ...
    )
    (?: [\s.-]? \d{3,5} ){0,3}
    (?!\w)
""", re.VERBOSE)

# What the text calls the number: the last such word before it in its sentence decides
# ("WhatsApp 0812... atau 0812..." two chats; "WA 0812..., telepon 0812..." a chat, a
# call); or a chat when WhatsApp is named right after it ("0812... (WA)").
_NAMED = re.compile(r"\b(?:(whats\s?app|wa)|telepon|telpon|telp|tlp|hp|sms)\b", re.IGNORECASE)
# Possessive (*+): 100,000 spaces after a number took a minute to fail to match.
_CHAT_AFTER = re.compile(r"\s*+\(?\s*+(?:whats\s?app|wa)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_SEPARATOR = re.compile(r"[\s.-](?=\d*$)")


# Figures run together, in a field that holds telephone numbers: "0291591000".
_RUN_TOGETHER = re.compile(r"(?<![\w+./-])(?:\+62|0)\d{%d,%d}(?!\w)"
                           % (FEWEST_DIGITS - 1, MOST_DIGITS - 1))


def numbers_in(text: str, only_numbers: bool = False) -> Iterator[tuple[int, int]]:
    """Where each telephone number in `text` begins and ends. With `only_numbers` (a
    field for telephone numbers), figures run together are one too ("0291591000"): in
    free text they may be a code."""
    found = []
    for match in NUMBER.finditer(text):
        end = end_of(match, text)
        if end is not None:
            found.append((match.start(), end))
    if only_numbers:
        found += [match.span() for match in _RUN_TOGETHER.finditer(text)
                  if not any(start < match.end() and match.start() < end
                             for start, end in found)]
    yield from sorted(found)


def end_of(match: re.Match[str], text: str) -> int | None:
    """Where the telephone number NUMBER matched in `text` ends (a match may run on into
    figures after it), or None when it has too few digits to be one."""
    begin, end = match.span()
    while _digits(text[begin:end]) > MOST_DIGITS:
        separator = _SEPARATOR.search(text[begin:end])
        if separator is None:   # one run of figures: a code, no number
            return None
        end = begin + separator.start()
    return end if _digits(text[begin:end]) >= FEWEST_DIGITS else None


def _digits(text: str) -> int:
    return sum(character.isdigit() for character in text)


def international(number: str) -> str | None:
    """`number` ("0812-3456-7890", "(0291) 591 000", "+62 812 3456 7890") with its
    country code and digits only ("+6281234567890"), or None when it is not written as a
    telephone number."""
    digits = re.sub(r"[\s().-]", "", number)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]   # a number in Indonesia, as dialled at home
    if digits.startswith("620"):   # "+62 0812-...": the 0 dialled at home kept after +62
        digits = "62" + digits[3:]
    return "+" + digits if re.fullmatch(r"[1-9]\d{7,14}", digits) else None


def whatsapp_link(number: str) -> str | None:
    """The wa.me address that opens a chat with `number` ("0812-3456-7890", "+62 812 3456
    7890"), or None when it is not written as a telephone number."""
    full = international(number)
    return f"https://wa.me/{full[1:]}" if full else None


def mobile_chat_link(number: str) -> str | None:
    """whatsapp_link of `number` when it is a mobile number in Indonesia (+62 8..., 08...),
    the only ones WhatsApp can reach; None for a landline or no number."""
    chat = whatsapp_link(number)
    return chat if chat and chat.startswith("https://wa.me/628") else None


def link_of(number: str, before: str, after: str, message: str | None = None) -> str:
    """The link for `number`, `before` and `after` being the text around it: a chat when
    it is a mobile number named as WhatsApp (see _NAMED), opening with `message` typed
    in when one is given (wa.me's `text`), a call otherwise."""
    sentence = before[max((end.end() for end in _SENTENCE_END.finditer(before)), default=0):]
    named = None
    for named in _NAMED.finditer(sentence):
        pass
    if (named and named[1]) or _CHAT_AFTER.match(after):
        chat = mobile_chat_link(number)
        if chat:
            return chat + (f"?text={quote(message, safe='')}" if message else "")
    return "tel:" + re.sub(r"[^\d+]", "", number)
