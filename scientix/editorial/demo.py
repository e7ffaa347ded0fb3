"""Demo news, blog posts and Observatory pages for ``manage.py load_demo``.

Matched by slug under each list page, so a second run creates nothing. The
report's PDF is generated here (a one-page valid PDF), not shipped.
"""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction

from scientix.core.imports import CREATED, UNCHANGED, ImportReport, IndexPages

# (model name, slug, title, days ago, subjects, tags, summary, extra fields)
DEMO_ITEMS = [
    ("news", "stem-ambassadors-call", "Call for Scientix ambassadors", 3, ("physics", "mathematics"),
     ("ambassadors",), "Teachers who share STEM projects with colleagues in their country can apply to join "
     "the Scientix ambassadors until the end of next month.", {}),
    ("news", "new-resources-in-eight-languages", "New teaching materials in eight languages", 12,
     ("mathematics",), ("resources", "translation"), "Forty teaching materials from European projects have "
     "been translated by the community and are now in the repository.", {}),
    ("news", "conference-registrations-open", "Registrations open for the Scientix conference", 30, (),
     ("conference",), "Registration for the next Scientix conference in Brussels is open: three days of "
     "workshops, talks and a project fair.", {}),
    ("blog", "a-year-of-inquiry-lessons", "A year of inquiry lessons in our school", 5, ("physics",),
     ("inquiry", "classroom"), "A physics teacher tells what changed when her classes planned their own "
     "experiments for a whole school year.", {"author_name": "Maria Rossi"}),
    ("blog", "partner-robotics-league", "Our robotics league reaches 300 schools", 20, (),
     ("robotics",), "A partner organisation reports on its robotics league and what teachers asked for "
     "most in its first three seasons.", {"author_name": "Robotics League team", "partner": True}),
    ("observatory", "stem-teachers-survey-2025", "STEM teachers in Europe: 2025 survey", 15,
     ("mathematics", "physics"), ("survey",), "The Observatory's yearly survey of how STEM teachers "
     "work, what they teach with, and which training they want.", {"kind": "report"}),
    ("observatory", "what-is-inquiry-based-learning", "What inquiry-based learning means in practice", 40,
     (), ("inquiry",), "An article on what research says about inquiry-based science education, with "
     "examples from classrooms in five countries.", {"kind": "article"}),
]


def demo_pdf(title: str) -> bytes:
    """A minimal, valid one-page PDF with ``title`` on it (ASCII only)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def editorial_demo_load() -> ImportReport:
    from wagtail.documents import get_document_model

    from scientix.editorial.models import (
        BlogIndexPage, BlogPostPage, NewsIndexPage, NewsPage, ObservatoryIndexPage, ObservatoryPage,
    )
    from scientix.projects.models import Organisation
    from scientix.vocabularies.models import Term

    models = {"news": (NewsPage, NewsIndexPage), "blog": (BlogPostPage, BlogIndexPage),
              "observatory": (ObservatoryPage, ObservatoryIndexPage)}
    indexes = {name: IndexPages(index) for name, (_model, index) in models.items()}
    report = ImportReport()
    today = date.today()
    for section, slug, title, days_ago, subjects, tags, summary, extra in DEMO_ITEMS:
        model, _index = models[section]
        index_page = indexes[section].of("en")
        if model.objects.child_of(index_page).filter(slug=slug).exists():
            report.count(UNCHANGED)
            continue
        with transaction.atomic():
            extra = dict(extra)
            if extra.pop("partner", False):
                extra["organisation"] = Organisation.objects.get_or_create(name="Robotics League", country="")[0]
            if extra.get("kind") == "report":
                content = demo_pdf(title)
                document = get_document_model()(title=title, file_size=len(content))
                document.file.save(f"{slug}.pdf", ContentFile(content), save=False)
                document.save()
                extra["report"] = document
            page = model(title=title, slug=slug, summary=summary, date=today - timedelta(days=days_ago),
                         body=f"<p>{summary}</p>", **extra)
            index_page.add_child(instance=page)
            page.terms = list(Term.objects.filter(vocabulary="subject", code__in=subjects))
            for tag in tags:
                page.tags.add(tag)
            page.save_revision().publish()
        report.count(CREATED)
    return report
