"""Record ids: random UUIDs (version 4), never repeated; other devices' ids must stay apart."""

from __future__ import annotations

import uuid

from regiodesk.db.base import new_id


def test_new_ids_are_distinct_version_4_uuids_in_canonical_text():
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # lower case, 8-4-4-4-12
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # every variant digit occurs (the two variant bits are set, the others stay random)
    assert {text[19] for text in ids} == set("89ab")
