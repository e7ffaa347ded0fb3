"""A coordinator submits a resource with a file; an editor approves it in Wagtail's admin;
it shows under the right facets in its language; a teacher rates and reviews it."""

import re

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_submit_approve_find_rate_review(site, live_server, browser):
    from scientix.resources.models import Rating, ResourcePage, Review
    from scientix.vocabularies.models import Term

    make_user("coordinator@example.org", name="Camille Coordinator")
    make_user("editor@example.org", roles=("editor",), name="Elena Editor")
    make_user("teacher@example.org", name="Tomás Teacher")
    base = live_server.url

    # 1. The coordinator submits in French, with a PDF.
    coordinator = browser.new_context(bypass_csp=True).new_page()
    sign_in(coordinator, base, "coordinator@example.org", PASSWORD, lang="fr")
    coordinator.goto(f"{base}/fr/submissions/new-resource/")
    assert axe_violations(coordinator) == []
    coordinator.locator("#id_title").fill("Construire un spectroscope")
    coordinator.locator("#id_description").fill("Les élèves construisent un spectroscope avec un CD.")
    coordinator.locator("#id_kind").select_option("teaching_material")
    coordinator.get_by_label("Optique").check()
    coordinator.get_by_label("Expérience").check()
    licence = Term.objects.get(vocabulary="licence", code="cc-by-4-0")
    coordinator.locator("#id_licence").select_option(value=str(licence.pk))
    coordinator.locator("#id_file").set_input_files(files=[{"name": "spectroscope.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(f"{base}/fr/submissions/")
    assert "Construire un spectroscope" in coordinator.content()
    assert axe_violations(coordinator) == []  # "My submissions"
    resource = ResourcePage.objects.get()
    assert not resource.live and resource.locale.language_code == "fr"

    # 2. The editor approves it from the admin dashboard.
    editor = browser.new_context().new_page()
    sign_in(editor, base, "editor@example.org", PASSWORD)
    editor.goto(f"{base}/admin/")
    editor.locator(".w-dropdown__toggle").first.click()  # the row's "…" actions menu
    editor.get_by_role("button", name="Approve", exact=True).first.click()
    editor.wait_for_load_state("networkidle")
    resource.refresh_from_db()
    assert resource.live

    # 3. It shows under its facets, in its language.
    teacher = browser.new_context(bypass_csp=True).new_page()
    teacher.goto(f"{base}/fr/resources/?subjects=physics&language=fr")
    assert teacher.get_by_role("link", name="Construire un spectroscope").is_visible()
    assert re.search(r"Optique\s*\(1\)", teacher.locator(".facets").inner_text())
    assert axe_violations(teacher) == []
    teacher.goto(f"{base}/fr/resources/?subjects=biology")
    assert teacher.get_by_role("link", name="Construire un spectroscope").count() == 0

    # 4. A teacher rates and reviews it.
    sign_in(teacher, base, "teacher@example.org", PASSWORD, lang="fr")
    teacher.goto(f"{base}/fr/resources/{resource.slug}/")
    assert axe_violations(teacher) == []
    for field in ("pedagogical_value", "curricular_integration", "clarity"):
        teacher.locator(f"input[name={field}][value='4']").check()
    teacher.locator("form.rating-form button[type=submit]").click()
    teacher.wait_for_load_state()
    teacher.locator("#id_text").fill("Mes élèves ont adoré ce montage.")
    teacher.locator("section.reviews form button[type=submit]").click()
    teacher.wait_for_load_state()
    assert Rating.objects.get().average == 4
    assert Review.objects.get().text == "Mes élèves ont adoré ce montage."
    assert "4,0 / 5" in teacher.content() or "4.0 / 5" in teacher.content()


def test_project_pages_pass_axe(site, live_server, page):
    from tests.conftest import publish_project

    publish_project("Space Awareness", acronym="SPACE", subjects=("astronomy",))
    for path in ["/en/projects/", "/pl/projects/?subjects=astronomy", "/en/projects/space-awareness/"]:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
