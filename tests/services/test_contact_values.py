"""Phone numbers and e-mail addresses as offices type them (services.contact_values), and the
entry form that uses the same rules."""

from __future__ import annotations

import pytest

from regiodesk.domain.contact_rules import display_phone, split_email_cell
from regiodesk.domain.errors import ValidationError
from regiodesk.services.contact_details import ContactEmailService, ContactPhoneService
from regiodesk.services.contact_values import check_email, normalize_emails, normalize_phone, phone_key
from regiodesk.services.contacts import ContactService


# ----------------------------------------------------------------------------- phone numbers
@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("+49 0171 1234567", "+49 171 1234567", "0171 1234567"),  # the 0 after +49 dropped
        ("+49 (0)171 1234567", "+49 171 1234567", "0171 1234567"),
        ("+49 (0) 9561-12345", "+49 9561 12345", "09561 12345"),
        ("0049 171 1234567", "+49 171 1234567", "0171 1234567"),
        ("0171/1234567", "+49 171 1234567", "0171 1234567"),
        ("0171 1234567", "+49 171 1234567", "0171 1234567"),
        ("09561-12345", "+49 9561 12345", "09561 12345"),  # area code-number, no extension
        ("(0 95 61) 12 34 5", "+49 9561 12345", "09561 12345"),  # the area code from the library
        ("(09561) 123 45", "+49 9561 12345", "09561 12345"),
        ("030 1234567", "+49 30 1234567", "030 1234567"),
        ("09561 12345-12", "+49 9561 12345 ext. 12", "09561 12345-12"),  # DIN 5008 extension
        ("09561 12345 Durchwahl 12", "+49 9561 12345 ext. 12", "09561 12345-12"),
        ("09561 12345 DW 12", "+49 9561 12345 ext. 12", "09561 12345-12"),
        ("+49 9561 12345-12", "+49 9561 12345 ext. 12", "09561 12345-12"),
        ("+43 1 234567", "+43 1 234567", "+43 1 234567"),  # a foreign number keeps its code
        ("0043 1 234567", "+43 1 234567", "+43 1 234567"),
        ("+39 06 1234 5678", "+39 06 12345678", "+39 06 12345678"),  # Italy keeps its 0
        ("+1 201 555 0123", "+1 201 5550123", "+1 201 5550123"),
        ("\u00a009561 12345 ", "+49 9561 12345", "09561 12345"),
    ],
)
def test_phone_numbers_are_stored_in_one_form_and_shown_as_offices_write_them(typed, stored, shown):
    assert normalize_phone(typed) == stored
    assert display_phone(stored) == shown
    assert normalize_phone(stored) == stored  # the stored form reads back unchanged
    assert normalize_phone(shown) == stored  # and so does what the form shows


def test_the_stored_form_is_what_phonenumbers_reads_back_extension_included():
    import phonenumbers

    parsed = phonenumbers.parse("+49 9561 12345 ext. 12", None)
    assert (parsed.country_code, parsed.national_number, parsed.extension) == (49, 956112345, "12")


@pytest.mark.parametrize("typed", ["bitte anrufen", "abc", "0800 TAXI", "=A1"])
def test_text_that_is_no_phone_number_is_refused_in_german(typed):
    with pytest.raises(ValueError, match="keine Telefonnummer"):
        normalize_phone(typed)


@pytest.mark.parametrize("typed", ["12", "0", "+49 1"])
def test_too_few_digits_are_refused(typed):
    with pytest.raises(ValueError, match="Telefonnummer"):
        normalize_phone(typed)


def test_an_empty_phone_number_stays_empty():
    assert normalize_phone("") == "" and normalize_phone("   ") == ""
    assert display_phone("") == ""


def test_numbers_stored_by_older_versions_are_shown_and_compared():
    # as typed before normalising existed, or the old normaliser's '+49 0171 …'
    assert display_phone("09561/12345") == "09561/12345"
    assert display_phone("Zentrale") == "Zentrale"
    assert display_phone("+49 0171 1234567") == "+49 0171 1234567"  # not '00171 …'
    assert phone_key("+49 0171 1234567") == phone_key("0171 1234567") == "491711234567"
    assert phone_key("09561/12345") == phone_key("+49 9561 12345")
    assert phone_key("09561 12345-12") == "49956112345x12" != phone_key("09561 12345")
    assert phone_key("Zentrale") == ""


# ----------------------------------------------------------------------------- e-mail addresses
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("info@bäckerei-müller.de", "info@bäckerei-müller.de"),  # umlaut domain
        ("müller@example.de", "müller@example.de"),  # umlaut mailbox
        ("info@xn--bckerei-mller-bfb28a.de", "info@bäckerei-müller.de"),  # IDN punycode domain
        ("Max.Muster@Example.DE", "Max.Muster@example.de"),  # the mailbox as typed
        ("  anna@example.de ", "anna@example.de"),
    ],
)
def test_valid_addresses_keep_their_mailbox_and_get_the_domain_normalised(typed, stored):
    assert check_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("a..b@example.de", "zwei Punkte hintereinander"),
        (".a@example.de", "beginnt mit einem Punkt"),  # refused, never changed into 'a@…'
        ("a.@example.de", "vor dem @ steht ein Punkt"),
        ("a@example.de.", "endet mit einem Punkt"),
        ("max muster@example.de", "Leerzeichen"),
        ('"max muster"@example.de', "Anführungszeichen"),
        ("anna.example.de", "@-Zeichen"),
        ("anna@example", "Endung"),
    ],
)
def test_invalid_addresses_are_refused_with_a_german_reason(typed, reason):
    with pytest.raises(ValueError) as error:
        check_email(typed)
    assert str(error.value).startswith(f"„{typed}“ ist keine gültige E-Mail-Adresse")
    assert reason in str(error.value)


def test_a_cell_with_several_addresses_keeps_the_valid_ones_and_names_the_rest():
    assert normalize_emails("a@x.de; .b@y.de, C@Z.de / a@X.DE") == (["a@x.de", "C@z.de"], [".b@y.de"])
    assert normalize_emails("Anna Bauer <anna@bauer.de>") == (["anna@bauer.de"], [])
    assert normalize_emails("mailto:anna@bauer.de") == (["anna@bauer.de"], [])
    assert normalize_emails("max.muster @ web.de") == (["max.muster@web.de"], [])
    assert normalize_emails("a@x.de b@y.de") == (["a@x.de", "b@y.de"], [])
    assert normalize_emails("") == ([], [])
    assert split_email_cell("=HYPERLINK(x)") == ["=HYPERLINK(x)"]


# ----------------------------------------------------------------------------- the entry form
def _channels(db, cid):
    values = ContactService(db).load(cid)
    return values["email"], values["phone"]


def test_the_form_stores_phone_and_email_like_the_import_and_shows_them_as_offices_write(db):
    service = ContactService(db)
    cid = service.create(
        {
            "kind": "person",
            "last_name": "Ölschläger",
            "email": "Gertrud@Bäckerei-Müller.de",
            "phone": "+49 (0)9561 12345-12",
        }
    )
    assert _channels(db, cid) == ("Gertrud@bäckerei-müller.de", "09561 12345-12")
    row = next(r for r in service.rows() if r.id == cid)
    assert "09561 12345-12" in row.values
    phones = ContactPhoneService(db, cid)
    assert [r.values[0] for r in phones.rows()] == ["09561 12345-12"]


@pytest.mark.parametrize("email", ["a..b@example.de", ".a@example.de", "anna@example"])
def test_the_form_refuses_an_invalid_email_and_saves_nothing(db, email):
    service = ContactService(db)
    with pytest.raises(ValidationError) as error:
        service.create({"kind": "person", "last_name": "Bauer", "email": email})
    assert "keine gültige E-Mail-Adresse" in error.value.errors["email"]
    assert service.rows() == []


def test_the_form_refuses_letters_as_a_phone_number_and_keeps_an_unreadable_number(db):
    service = ContactService(db)
    with pytest.raises(ValidationError) as error:
        service.create({"kind": "person", "last_name": "Bauer", "phone": "bitte anrufen"})
    assert error.value.errors["phone"] == "„bitte anrufen“ ist keine Telefonnummer."
    cid = service.create({"kind": "person", "last_name": "Bauer", "phone": "12"})  # an internal line
    assert _channels(db, cid)[1] == "12"


def test_further_emails_and_phones_of_a_contact_are_checked_alike(db):
    cid = ContactService(db).create({"kind": "person", "last_name": "Bauer"})
    emails, phones = ContactEmailService(db, cid), ContactPhoneService(db, cid)
    with pytest.raises(ValidationError, match="E-Mail-Adresse"):
        emails.create({"kind": "privat", "address": "a..b@example.de"})
    emails.create({"kind": "privat", "address": "Anna@Example.DE"})
    assert [r.values[0] for r in emails.rows()] == ["Anna@example.de"]
    with pytest.raises(ValidationError, match="keine Telefonnummer"):
        phones.create({"kind": "mobil", "number": "Handy"})
    pid = phones.create({"kind": "mobil", "number": "+49 0171 1234567"})
    assert phones.load(pid)["number"] == "0171 1234567"
    phones.update(pid, phones.load(pid))  # saving the shown form again changes nothing
    with db.session() as session:
        from regiodesk.db.models import ContactPhone

        assert session.get(ContactPhone, pid).number == "+49 171 1234567"


def test_a_number_stored_by_an_older_version_is_shown_and_saved_again_as_it_is(db):
    from regiodesk.db.models import ContactEmail, ContactPhone

    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Alt"})
    with db.transaction() as session:  # as an older version (or another device) stored them
        session.add(ContactPhone(contact_id=cid, kind="dienstlich", number="Zentrale 09561/12345"))
        session.add(ContactEmail(contact_id=cid, kind="dienstlich", address="alt..mail@example.de"))
    assert service.load(cid)["phone"] == "Zentrale 09561/12345"
    service.update(cid, {"first_name": "Anna"})  # editing the name does not trip over them
    assert _channels(db, cid) == ("alt..mail@example.de", "Zentrale 09561/12345")
    with pytest.raises(ValidationError, match="keine Telefonnummer"):
        service.update(cid, {"phone": "Zentrale"})  # a new value is checked


@pytest.mark.parametrize(
    "typed",
    [
        "09561/12345",
        "(0 95 61) 12 34 5",
        "+49 (0)9561 12345",
        "+49 09561 12345",
        "0049 9561-12345",
        "09561 12345-12",
        "0171 1234567",
        "+43 1 234567",
        "+39 06 1234 5678",
        "09561 12345 Durchwahl 12",
    ],
)
def test_the_quick_comparison_key_equals_the_one_through_the_library(typed):
    """'Dubletten finden' reads 20,000 numbers: German ones without the library, same result."""
    assert phone_key(typed) == phone_key(normalize_phone(typed))


def test_a_number_read_again_quickly_is_stored_as_the_library_stored_the_first():
    """The second number of an area code skips the library: the same form as through it."""
    import phonenumbers

    for typed in ("09561 23456", "0171 7654321", "030 7654321", "033056 12345", "089-1234567"):
        first = normalize_phone(typed)
        again = normalize_phone(typed.replace("1", "2", 1)[:-1] + "9")
        parsed = phonenumbers.parse(again, None)
        area = phonenumbers.length_of_national_destination_code(parsed)
        national = phonenumbers.national_significant_number(parsed)
        assert again == f"+49 {national[:area]} {national[area:]}", (first, again)
