"""E-mail drafts as Python's own e-mail parser reads them back (policy default and compat32): every
Bcc recipient survives, attachment names reach older Outlook, one Bcc limit for every draft."""

from __future__ import annotations

import email
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import formataddr, getaddresses

import pytest

from regiodesk.reports.mail import (
    BCC_LIMIT,
    add_file,
    address_header,
    bcc_chunks,
    companion_paths,
    draft_bytes,
    mailbox,
    set_recipients,
)

FIRST = ("Hans", "Jürgen", "Änne", "Özlem", "Max", "Lena")
LAST = ("Müller", "Schröder", "Weiß", "Meier", "Groß")


def sixty_recipients() -> list[tuple[str, str]]:
    """Names as offices have them: umlauts, "Dr.", commas in display names, no name at all."""
    people = []
    for k in range(60):
        address = f"p{k}.{'x' * (k % 20)}@gemeinde-{k % 7}.example"
        name = (
            f"{LAST[k % 5]}, Dr. {FIRST[k % 6]}",  # "Müller, Dr. Hans"
            f"Dr. {FIRST[k % 6]} {LAST[k % 5]}",
            "",
            f"Meier, Max {k}",  # a comma in a pure ASCII name
        )[k % 4]
        people.append((name, address))
    return people


def parsed_default(raw: bytes, field: str = "Bcc") -> list[tuple[str, str]]:
    message = email.message_from_bytes(raw, policy=policy.default)
    return [(a.display_name, a.addr_spec) for a in message[field].addresses]


def parsed_compat32(raw: bytes, field: str = "Bcc") -> list[tuple[str, str]]:
    message = email.message_from_bytes(raw, policy=policy.compat32)
    return [(str(make_header(decode_header(n))), a) for n, a in getaddresses(message.get_all(field, []))]


def draft_to(recipients) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Einladung: LAG Weißenbrunn"
    message["X-Unsent"] = "1"
    set_recipients(message, "Bcc", recipients)
    message.set_content("Sehr geehrte Damen und Herren")
    return draft_bytes(message)


def test_sixty_recipients_with_umlauts_and_commas_all_parse_back():
    people = sixty_recipients()
    raw = draft_to(people)
    assert parsed_default(raw) == people
    assert parsed_compat32(raw) == people
    header = raw.split(b"\nMIME-Version")[0].decode("ascii")  # pure ASCII, folded between mailboxes
    assert all(len(line) <= 78 for line in header.splitlines())


def test_pythons_own_folding_loses_a_recipient_here():
    """The defect the module works around (gh-100884 and relatives, CPython 3.10–3.12 patch levels):
    on interpreters where the folder is fixed this check is skipped, the fix holds on all of them."""
    people = sixty_recipients()
    message = EmailMessage()
    message["Bcc"] = ", ".join(formataddr(p) for p in people)
    message.set_content("x")
    if parsed_default(bytes(message)) == people:
        pytest.skip("this Python folds address lists correctly")
    assert parsed_default(draft_to(people)) == people


def test_mailbox_forms():
    assert mailbox("", "a@example.org") == "a@example.org"
    assert mailbox("Meier, Max", "a@example.org") == '"Meier, Max" <a@example.org>'
    encoded = mailbox("Müller, Dr. Hans", "a@example.org")
    assert encoded.isascii() and "," not in encoded.split("<")[0] and '"' not in encoded
    assert mailbox("Zeile\r\nBcc: x@evil.example", "a@example.org").count("\n") == 0
    long_name = "Prof. Dr. Hans-Jürgen Müller-Lüdenscheidt, Bürgermeister der Gemeinde Weißenbrunn"
    assert parsed_default(draft_to([(long_name, "b@example.org")])) == [(long_name, "b@example.org")]
    # entries given as "Name <address>" (as ContactListService.email_addresses writes them) too
    assert address_header([formataddr(("Groß, Änne", "c@example.org"))]) == mailbox(
        "Groß, Änne", "c@example.org"
    )


def test_one_limit_and_one_split_for_every_draft(tmp_path):
    assert BCC_LIMIT == 50
    chunks = bcc_chunks(list(range(101)))
    assert [len(c) for c in chunks] == [50, 50, 1]
    assert bcc_chunks([]) == [[]]
    assert bcc_chunks(list(range(50))) == [list(range(50))]
    assert companion_paths(tmp_path / "Einladung.eml", 3) == [
        tmp_path / "Einladung_2.eml",
        tmp_path / "Einladung_3.eml",
    ]


def test_attachment_names_have_an_ascii_fallback_for_older_outlook():
    message = EmailMessage()
    message.set_content("x")
    add_file(message, b"%PDF", "Projektsteckbrief_Dorfladen_Weißenbrunn_Öko.pdf", "application", "pdf")
    add_file(message, b"%PDF", "Einladung.pdf", "application", "pdf")
    raw = draft_bytes(message)
    first, second = email.message_from_bytes(raw, policy=policy.default).iter_attachments()
    disposition = first.get("Content-Disposition")
    unfolded = raw.decode("ascii").replace("\n ", " ")
    # RFC 2231 with the real name, and a plain ASCII filename= that Outlook 2010/2013 read
    assert "filename*=utf-8''Projektsteckbrief_Dorfladen_Wei%C3%9Fenbrunn_%C3%96ko.pdf" in unfolded
    assert 'filename="Projektsteckbrief_Dorfladen_Weissenbrunn_Oeko.pdf"' in unfolded
    assert 'name="Projektsteckbrief_Dorfladen_Weissenbrunn_Oeko.pdf"' in unfolded  # in Content-Type
    assert disposition is not None
    assert first.get_filename() == "Projektsteckbrief_Dorfladen_Weißenbrunn_Öko.pdf"  # RFC 2231 wins
    compat = [p.get_filename() for p in email.message_from_bytes(raw, policy=policy.compat32).walk()][2:]
    assert compat[0] in (
        "Projektsteckbrief_Dorfladen_Weißenbrunn_Öko.pdf",
        "Projektsteckbrief_Dorfladen_Weissenbrunn_Oeko.pdf",
    )
    assert second.get_filename() == "Einladung.pdf" and "filename*" not in str(second)


def test_a_long_ascii_file_name_stays_one_plain_parameter():
    """Python would split it into RFC 2231 pieces (filename*0*=…), which older Outlook cannot read."""
    name = "Projektsteckbrief_Kooperationsprojekt_Streuobst-Netzwerk_Oberfranken_mit_Partnern.pdf"
    message = EmailMessage()
    message.set_content("x")
    add_file(message, b"%PDF", name, "application", "pdf")
    add_file(
        message,
        b"BEGIN:VCALENDAR",
        "Sitzung.ics",
        "text",
        "calendar",
        {"method": "REQUEST", "charset": "utf-8"},
    )
    raw = draft_bytes(message).decode("ascii")
    assert "*0" not in raw and f'filename="{name}"' in raw and f'name="{name}"' in raw
    pdf, ics = email.message_from_string(raw, policy=policy.default).iter_attachments()
    assert pdf.get_filename() == name and pdf.get_content() == b"%PDF"
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"
    assert ics.get_content_charset() == "utf-8" and ics.get_content() == "BEGIN:VCALENDAR"
