"""The duplicate index finds exactly what comparing every pair would find, in blocks of any size.

Small blocks are compared member by member, bigger ones through a variant index
(contact_rules._put); the oracle is an index holding the one other record only.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regiodesk.domain.contact_rules import DuplicateIndex, MatchRecord

LAST = ["Müller", "Mueller", "Muller", "Möller", "Mülle", "Schmidt", "Schmid", "Öz", "Oz", ""]
FIRST = ["Hans", "H.", "Anna", "Ayşe", "Ayse", ""]
ORGS = ["Heimatverein Ahorn e.V.", "Heimatverein Ahorn e. V.", "Gemeinde Meeder", ""]
STREETS = [("96450", "Hauptstraße 5"), ("96450", "Hauptstr. 5"), ("96247", "Kirchweg 1"), ("", "")]
EMAILS = [(), ("a@example.de",), ("A@example.de", "b@example.de")]
PHONES = [(), ("4995611234",), ("4995611234", "491711234567")]

records = st.lists(
    st.tuples(
        st.sampled_from(["person", "person", "institution"]),
        st.sampled_from(FIRST),
        st.sampled_from(LAST),
        st.sampled_from(ORGS),
        st.sampled_from(STREETS),
        st.sampled_from(EMAILS),
        st.sampled_from(PHONES),
    ),
    min_size=1,
    max_size=40,
)


def _records(drawn) -> list[MatchRecord]:
    return [
        MatchRecord(
            f"c{n:02d}", kind, first, last, org, emails, code, street, "Coburg" if code else "", phones
        )
        for n, (kind, first, last, org, (code, street), emails, phones) in enumerate(drawn)
    ]


def _one_by_one(record: MatchRecord, others: list[MatchRecord]) -> dict[str, tuple[str, bool]]:
    found = {}
    for other in others:
        for match in DuplicateIndex([other]).matches(record):
            if match.b != record.id:
                found[match.b] = (match.reason, match.strong)
    return found


@settings(max_examples=150, deadline=None)
@given(records)
def test_matches_in_a_full_index_equal_matches_pair_by_pair(drawn):
    everyone = _records(drawn)
    index = DuplicateIndex(everyone)
    for record in everyone:
        found = {m.b: (m.reason, m.strong) for m in index.matches(record)}
        assert found == _one_by_one(record, everyone)


@settings(max_examples=150, deadline=None)
@given(records)
def test_import_rows_match_the_rows_before_them_as_pair_by_pair(drawn):
    everyone = _records(drawn)
    index = DuplicateIndex()
    for n, record in enumerate(everyone):
        found = {m.b: (m.reason, m.strong) for m in index.match_and_add(record)}
        assert found == _one_by_one(record, everyone[:n])


@settings(max_examples=100, deadline=None)
@given(records)
def test_all_pairs_are_the_pairs_found_one_by_one(drawn):
    everyone = _records(drawn)
    expected = {
        tuple(sorted((record.id, other))) for record in everyone for other in _one_by_one(record, everyone)
    }
    assert {(m.a, m.b) for m in DuplicateIndex(everyone).all_pairs()} == expected
