"""The demo's documents: small synthetic files that pass the content check, on
the walk-through case and a few others, written only after the demo commits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kim.demo.documents import DOCUMENTS, pdf, png
from kim.demo.generator import generate
from kim.documents.models import Document
from kim.people.uploads import check_document


def test_the_generated_files_are_a_real_pdf_and_png():
    made = pdf(["Bescheid", "Leistungen nach dem SGB II (§ 19)"])
    assert made.startswith(b"%PDF-1.4") and made.rstrip().endswith(b"%%EOF")
    assert b"xref" in made and b"startxref" in made
    picture = png()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and picture.endswith(b"IEND\xaeB`\x82")
    for name, content, kind in (("a.pdf", made, "pdf"), ("b.png", picture, "png")):
        assert check_document(SimpleUploadedFile(name, content, content_type="")) == kind


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        generate(demo_persons=16, log=lambda _: None)


def test_the_demo_uploads_its_documents_after_commit_and_only_once(
    demo, documents_dir, django_capture_on_commit_callbacks
):
    documents = Document.objects.select_related("person", "case")
    assert documents.count() == len(DOCUMENTS)
    iryna = [d for d in documents if d.person.family_name == "Bondarenko"]
    assert {(d.kind, d.case is not None) for d in iryna} == {
        ("identity", False),
        ("residence", True),
        ("letter", True),
    }
    for document in documents:
        assert (documents_dir / document.file.name).exists()
        assert document.uploaded_at.date() <= timezone.localdate()
        if document.case:
            assert document.uploaded_at.date() >= document.case.opened_on
    with django_capture_on_commit_callbacks(execute=True):
        generate(demo_persons=16, log=lambda _: None)
    assert Document.objects.count() == len(DOCUMENTS)
