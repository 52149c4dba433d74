from __future__ import annotations

import pytest

from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.services import attachments as module
from regiodesk.services.attachments import AttachmentService


def test_attach_list_read_and_remove(lag):
    service = AttachmentService(lag["db"])
    item = lag["items"]["select"]
    aid = service.add(
        "agenda_item", item, "Projektskizze Dorfladen.pdf", b"%PDF-1.4 skizze", "Skizze vom Träger"
    )
    [info] = service.list_for("agenda_item", item)
    assert (info.filename, info.mime_type, info.size) == (
        "Projektskizze Dorfladen.pdf",
        "application/pdf",
        15,
    )
    assert service.content(aid) == ("Projektskizze Dorfladen.pdf", b"%PDF-1.4 skizze")
    service.remove(aid)
    assert service.list_for("agenda_item", item) == []
    with pytest.raises(NotFoundError):
        service.content(aid)


def test_refusals_change_nothing(lag, tmp_path, monkeypatch):
    service = AttachmentService(lag["db"])
    with pytest.raises(NotFoundError):
        service.add("agenda_item", "missing", "a.pdf", b"x")
    with pytest.raises(DomainError, match="Unbekannte Tabelle"):
        service.add("nope", lag["meeting"], "a.pdf", b"x")
    monkeypatch.setattr(module, "MAX_BYTES", 10)
    with pytest.raises(DomainError, match="höchstens"):
        service.add("meeting", lag["meeting"], "gross.pdf", b"x" * 11)
    with pytest.raises(DomainError, match="lässt sich nicht lesen"):
        service.add_file("meeting", lag["meeting"], tmp_path / "fehlt.pdf")
    assert service.list_for("meeting", lag["meeting"]) == []


def test_path_parts_are_dropped_from_the_name(lag, tmp_path):
    service = AttachmentService(lag["db"])
    source = tmp_path / "Einladung.docx"
    source.write_bytes(b"docx")
    aid = service.add_file("meeting", lag["meeting"], source)
    assert service.content(aid)[0] == "Einladung.docx"
    aid2 = service.add("meeting", lag["meeting"], "../../etc/passwd", b"x")
    assert service.content(aid2)[0] == "passwd"
