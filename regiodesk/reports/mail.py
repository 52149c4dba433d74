"""What every e-mail draft (.eml) shares: the Bcc limit and its split, a Bcc header that every
mail program reads back with every recipient, attachments with names older Outlook can read.

The Bcc header is written by us, not by Python's header folder. The folder of
``email.policy.default`` re-encodes a long address list and, in interpreters our users have
(Python 3.10; 3.11 and 3.12 before the 2024 patch releases with gh-115592/gh-115593; related
folding defects such as gh-121284 were fixed only in 2025), can put the comma that separates two
addresses into an RFC 2047 encoded word (CPython gh-100884) or drop the quotes around a name with a
comma ("Meier, Dr. Änne" becomes broken addresses): a recipient is lost (Python 3.11.7 loses one
of 60 in ``tests/reports/test_mail.py``). So each mailbox is encoded here on its own (a name with
umlauts as one encoded word, in which no comma, space or quote is left bare; an ASCII name with
specials as a quoted string), the list is folded only *between* mailboxes, and the finished
header goes into the message with ``set_raw`` and is generated with ``refold_source="none"``:
every Python writes exactly these bytes. (The mailbox-only form, without the name, would be safe
too, but members should see their names in the draft.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import TypeVar

from regiodesk.domain.text import clean_text

#: Recipients per e-mail draft: many providers refuse more per message. One limit for every draft
#: (contact lists and invitations); a longer list becomes several drafts.
BCC_LIMIT = 50

#: Longest header line we write (RFC 5322 recommends 78 characters).
_LINE = 78

T = TypeVar("T")


def bcc_chunks(recipients: Sequence[T], limit: int = BCC_LIMIT) -> list[list[T]]:
    """The recipients in drafts of at most ``limit`` each, in order; one empty draft for none."""
    if limit < 1:
        raise ValueError("limit must be positive")
    return [list(recipients[i : i + limit]) for i in range(0, len(recipients), limit)] or [[]]


def companion_paths(path: Path, count: int) -> list[Path]:
    """Where drafts 2..count go beside the first at ``path``: ``Einladung_2.eml``, ``Einladung_3.eml``, …"""
    return [path.with_name(f"{path.stem}_{n}{path.suffix}") for n in range(2, count + 1)]


def mailbox(name: str, address: str) -> str:
    """One RFC 5322 mailbox in pure ASCII: ``name <address>``, or the bare address without a name.

    A name with non-ASCII letters becomes one RFC 2047 encoded word (B or Q, whichever is shorter;
    neither leaves a comma, space or quote bare); an ASCII name with specials ("Meier, Dr. Anne") a
    quoted string. Control characters in a name (a line break pasted from Outlook) become spaces.
    """
    name = clean_text(name or "").strip()
    local, _at, domain = address.strip().rpartition("@")
    if domain and not domain.isascii():  # never from our validation, but mail programs accept IDNA
        domain = domain.encode("idna").decode("ascii")
    address = f"{local}@{domain}" if local else address.strip()
    if not name:
        return address
    # A non-ASCII name is one encoded word even when it is longer than RFC 2047's 75 characters:
    # Python's parser (3.10 to 3.12) puts a space between adjacent encoded words, every reader
    # we know accepts a long one.
    return formataddr((name, address), charset="utf-8")


#: Why an address cannot go into a draft: an umlaut before the @ needs SMTPUTF8, which most mail
#: servers refuse (the address may be stored: validation allows it, a person may have one).
UMLAUT_BEFORE_AT = "E-Mail-Adresse mit Umlaut vor dem @"


def sendable_mailboxes(people: Sequence[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """Mailboxes for (name, address) pairs, and (name, German reason) of those left out."""
    mailboxes: list[str] = []
    left_out: list[tuple[str, str]] = []
    for name, address in people:
        try:
            mailboxes.append(mailbox(name, address))
        except UnicodeEncodeError:
            left_out.append((name, UMLAUT_BEFORE_AT))
    return mailboxes, left_out


def _as_mailbox(entry: str | tuple[str, str]) -> str:
    """A mailbox from a (name, address) pair or from 'Name <address>' (encoded words allowed)."""
    if isinstance(entry, tuple):
        return mailbox(*entry)
    name, address = parseaddr(entry)
    if not address:
        raise ValueError(f"no e-mail address in {entry!r}")
    if "=?" in name:
        name = str(make_header(decode_header(name)))
    return mailbox(name, address)


def address_header(recipients: Sequence[str | tuple[str, str]], field: str = "Bcc") -> str:
    """The folded header value (lines joined by LF, continuation lines start with a space).

    Folded only between mailboxes, and, for a mailbox too long for a line of its own, between its
    name and its ``<address>`` (both places are folding white space in RFC 5322).
    """
    mailboxes = [_as_mailbox(r) for r in recipients]
    lines: list[str] = []
    current = ""
    for n, box in enumerate(mailboxes):
        piece = box + ("," if n < len(mailboxes) - 1 else "")
        room = _LINE - (len(field) + 2 if not lines else 1)  # "Bcc: " first, a space after a fold
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) <= room:
            current = f"{current} {piece}"
        else:
            lines.append(current)
            current = piece
        if len(current) > room and " <" in current:  # alone on its line and still too long
            name, _space, angle = current.rpartition(" <")
            lines.append(name)
            current = "<" + angle
    if current:
        lines.append(current)
    return "\n ".join(lines)


def set_recipients(message: EmailMessage, field: str, recipients: Sequence[str | tuple[str, str]]) -> None:
    """Put an address header into ``message`` exactly as :func:`address_header` folds it."""
    del message[field]
    if recipients:
        message.set_raw(field, address_header(recipients, field))


def add_file(
    message: EmailMessage,
    data: bytes,
    filename: str,
    maintype: str,
    subtype: str,
    params: dict[str, str] | None = None,
) -> None:
    """Attach a file whose name every mail program shows.

    A name with umlauts goes in twice: ``filename*=utf-8''…`` (RFC 2231) with the real name, which
    Thunderbird, Apple Mail, current Outlook and Python read (Python takes the first of the two),
    and a plain ``filename="…"`` in ASCII (umlauts spelt out: ae, oe, ue, ss) for Outlook
    2010/2013, which ignore RFC 2231 and would otherwise show "ATT00001.bin" or a garbled name.
    The content type names the file as well (``name=``, ASCII): older Outlook reads it there.
    """
    fallback = ascii_filename(filename)
    message.add_attachment(data, maintype=maintype, subtype=subtype)
    part = list(message.iter_attachments())[-1]
    # Both headers are written here: Python would write a long ASCII name, too, only in RFC 2231
    # pieces (filename*0*=…; filename*1*=…), which older Outlook cannot read either.
    type_params = "".join(f'; {key}="{value}"' for key, value in (params or {}).items())
    del part["Content-Type"]
    part.set_raw("Content-Type", f'{maintype}/{subtype}{type_params};\n name="{fallback}"')
    disposition = f'attachment;\n filename="{fallback}"'
    if fallback != filename:
        disposition = f"attachment;\n filename*=utf-8''{_rfc2231(filename)};\n filename=\"{fallback}\""
    del part["Content-Disposition"]
    part.set_raw("Content-Disposition", disposition)


_SPELT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def ascii_filename(filename: str) -> str:
    """The file name in ASCII: German umlauts spelt out, other letters without accents, rest '_'."""
    import unicodedata

    spelt = unicodedata.normalize("NFKD", filename.translate(_SPELT))
    plain = "".join(c for c in spelt if not unicodedata.combining(c))
    return re.sub(r"[^\x20-\x7e]|[\"\\]", "_", plain)


def _rfc2231(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8"), safe="!#$&+-.^_`|~")


def draft_bytes(message: EmailMessage) -> bytes:
    """The .eml: headers stored with :func:`set_recipients` are written as they are."""
    # an EmailMessage's policy is an EmailPolicy; typeshed types it as the compat32 base
    return message.as_bytes(policy=message.policy.clone(refold_source="none"))  # type: ignore[call-arg]


def bcc_drafts(
    subject: str, text: str, recipients: Sequence[str], attach: Callable[[EmailMessage], None]
) -> list[bytes]:
    """Unsent drafts to ``recipients`` in Bcc, one per :data:`BCC_LIMIT` of them ("Betreff (1/3)"
    when split), the text cleaned of control characters stored before the entry points cleaned
    them; ``attach`` adds the files to each draft."""
    chunks = bcc_chunks(recipients)
    emls = []
    for n, chunk in enumerate(chunks, start=1):
        message = EmailMessage()
        message["Subject"] = clean_text(subject if len(chunks) == 1 else f"{subject} ({n}/{len(chunks)})")
        message["X-Unsent"] = "1"
        set_recipients(message, "Bcc", chunk)
        message.set_content(clean_text(text, multiline=True))
        attach(message)
        emls.append(draft_bytes(message))
    return emls
