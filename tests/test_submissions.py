"""Anyone signed in submits a project or resource; editors moderate it in Wagtail's workflow."""


import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

from scientix.projects.models import ProjectPage
from scientix.resources.models import ResourcePage
from scientix.submissions.selectors import user_submissions
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def resource_data(**overrides):
    from scientix.vocabularies.models import Term

    licence = Term.objects.get(vocabulary="licence", code="cc-by-sa-4-0")
    data = {
        "title": "Build a spectroscope", "description": "Pupils build a spectroscope from a CD and a box.",
        "keywords": "light, spectrum", "kind": "teaching_material", "licence": licence.code,
        "subjects": ["optics"], "resource_types": ["experiment"], "education_levels": ["lower-secondary"],
        "age_min": 12, "age_max": 15, "free_of_charge": "on",
    }
    data.update(overrides)
    return data


def term_ids(data):
    """The form posts term primary keys; map our readable codes to them."""
    from scientix.vocabularies.models import Term

    mapped = dict(data)
    for field, vocabulary in [("licence", "licence"), ("subjects", "subject"), ("resource_types", "resource_type"),
                              ("education_levels", "education_level"), ("programme", "funding_programme"),
                              ("target_groups", "target_group")]:
        if field in data:
            codes = data[field] if isinstance(data[field], list) else [data[field]]
            ids = [str(t.pk) for t in Term.objects.filter(vocabulary=vocabulary, code__in=codes)]
            ids += [code for code in codes if code.startswith("bad:")]
            mapped[field] = ids if isinstance(data[field], list) else (ids[0] if ids else data[field])
    return mapped


def submit_resource(client, lang="en", file=None, **overrides):
    data = term_ids(resource_data(**overrides))
    if file is not None:
        data["file"] = file
    else:
        data.setdefault("link", "https://example.org/spectroscope")
    return client.post(f"/{lang}/submissions/new-resource/", data)


def approve(page, editor):
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    state.current_task_state.task.specific.on_action(state.current_task_state, editor, "approve")


def test_submitting_needs_sign_in(client):
    response = client.get("/en/submissions/new-resource/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_teacher_submits_a_resource_with_a_file_and_it_waits_for_an_editor(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_resource(client, file=upload("spectroscope.pdf", PDF))
    assert response.status_code == 302 and response["Location"] == "/en/submissions/"
    page = ResourcePage.objects.get()
    assert not page.live and page.submitted_by == alice and page.locale.language_code == "en"
    assert page.file.file.read() == PDF and page.format == "application/pdf"
    assert [t.code for t in page.terms_of("subject")] == ["optics"]
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert any(message.to == [alice.email] and "We received" in message.subject for message in mail.outbox)
    assert "Build a spectroscope" not in client.get("/en/resources/").content.decode()
    assert [s.status for s in user_submissions(user=alice)] == ["in_moderation"]


def test_approval_publishes_and_tells_the_submitter(client, alice, edith, django_capture_on_commit_callbacks):
    client.force_login(alice)
    submit_resource(client)
    page = ResourcePage.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, edith)
    page.refresh_from_db()
    assert page.live
    published = [m for m in mail.outbox if m.to == [alice.email]]
    assert published and "Published" in published[0].subject and page.full_url in published[0].body
    assert "Build a spectroscope" in client.get("/en/resources/?subjects=physics").content.decode()


def workflow_action_in_admin(client, editor, page, action: str, comment: str, *, capture) -> None:
    """``editor`` takes ``action`` on the page's moderation task in Wagtail's admin (mails sent on commit)."""
    state = WorkflowState.objects.get(object_id=str(page.pk))
    mail.outbox.clear()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
    with capture(execute=True):
        response = client.post(url, {"comment": comment})
    assert response.status_code in (200, 302)
    page.refresh_from_db()


def test_editor_requests_changes_in_the_admin_and_the_submitter_reads_the_reason(client, alice, edith, django_capture_on_commit_callbacks):
    client.force_login(alice)
    submit_resource(client)
    page = ResourcePage.objects.get()
    workflow_action_in_admin(client, edith, page, "reject", "Please add the age range of the pupils.", capture=django_capture_on_commit_callbacks)
    assert not page.live
    told = [m for m in mail.outbox if m.to == [alice.email]]
    assert told and "Please add the age range" in told[0].body
    status = user_submissions(user=alice)[0]
    assert status.status == "needs_changes" and "age range" in status.comment


def test_mails_to_the_submitter_use_their_language(client, alice, edith, django_capture_on_commit_callbacks):
    alice.preferred_language = "de"
    alice.save()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        submit_resource(client)
    assert "Hello from Scientix" not in mail.outbox[-1].body


def test_a_submission_in_german_lands_under_the_german_list(client, alice, edith):
    client.force_login(alice)
    submit_resource(client, lang="de", title="Ein Spektroskop bauen")
    page = ResourcePage.objects.get()
    assert page.locale.language_code == "de"
    approve(page, edith)
    assert "Ein Spektroskop bauen" in client.get("/de/resources/?language=de").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "<script>alert(1)</script>"}, "HTML and scripts are not allowed"),
        ({"description": ""}, "This field is required"),
        ({"subjects": ["bad:999999"]}, "is not a valid value"),
        ({"licence": "bad:999999"}, "Select a valid choice"),
        ({"age_min": 15, "age_max": 12}, "upper age cannot be below"),
        ({"title": "x" * 300}, "at most 255 characters"),
        ({"kind": "poem"}, "Select a valid choice"),
    ],
)
def test_bad_resource_submissions_are_refused_and_nothing_is_saved(client, alice, overrides, message):
    client.force_login(alice)
    response = submit_resource(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_a_resource_needs_a_link_or_a_file(client, alice):
    client.force_login(alice)
    data = term_ids(resource_data())
    response = client.post("/en/submissions/new-resource/", data)
    assert response.status_code == 400 and "a resource must be reachable" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("worksheet.pdf", PNG, "its content is PNG"),  # a file that lies about its type
        ("tool.exe", b"MZ" + b"\x00" * 200, "not accepted"),
        ("notes.pdf", b"just some text pretending", "not accepted"),
        ("empty.pdf", b"", "The submitted file is empty"),
    ],
)
def test_files_are_checked_by_content(client, alice, name, content, message):
    client.force_login(alice)
    response = submit_resource(client, file=upload(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not get_document_model().objects.exists()
    assert not ResourcePage.objects.exists()


@override_settings(SUBMISSION_MAX_UPLOAD_SIZE=1024)
def test_oversized_files_are_refused(client, alice):
    client.force_login(alice)
    response = submit_resource(client, file=upload("big.pdf", PDF + b"0" * 2048))
    assert response.status_code == 400 and "too large" in response.content.decode()


def project_data(**overrides):
    data = {
        "title": "Space Awareness", "acronym": "SPACE", "description": "Inspiring pupils with space science.",
        "start_date": "2015-01-01", "end_date": "2017-12-31", "coordinator_name": "Leiden University",
        "coordinator_country": "NL", "website": "https://www.space-awareness.org", "programme": "horizon-2020",
        "subjects": ["astronomy"], "target_groups": ["teachers"], "languages": ["en", "nl"],
    }
    data.update(overrides)
    return term_ids(data)


def test_a_coordinator_submits_a_project(client, alice):
    client.force_login(alice)
    response = client.post("/en/submissions/new-project/", project_data())
    assert response.status_code == 302
    page = ProjectPage.objects.get()
    assert page.coordinator.name == "Leiden University" and page.coordinator.country.code == "NL"
    assert {t.code for t in page.terms.all()} == {"horizon-2020", "astronomy", "teachers"}
    assert not page.live


def test_a_project_cannot_end_before_it_starts(client, alice):
    client.force_login(alice)
    response = client.post("/en/submissions/new-project/", project_data(start_date="2020-01-01", end_date="2019-01-01"))
    assert response.status_code == 400 and "cannot end before it starts" in response.content.decode()
    assert not ProjectPage.objects.exists()


def test_submissions_are_rate_limited(client, alice):
    from scientix.submissions.views import SUBMISSIONS_PER_HOUR

    client.force_login(alice)
    codes = [submit_resource(client, title=f"Material {n}").status_code for n in range(SUBMISSIONS_PER_HOUR + 1)]
    assert codes[-1] == 429 and codes.count(302) == SUBMISSIONS_PER_HOUR


def test_my_submissions_lists_only_mine(client, alice):
    bob = make_user("bob@example.org")
    client.force_login(bob)
    submit_resource(client, title="Bob's material")
    client.force_login(alice)
    body = client.get("/en/submissions/").content.decode()
    assert "Bob&#x27;s material" not in body and "Bob's material" not in body


def test_the_submitter_edits_a_published_resource_and_the_change_waits_for_review(client, alice, edith):
    client.force_login(alice)
    submit_resource(client)
    page = ResourcePage.objects.get()
    approve(page, edith)
    form = client.get(f"/en/submissions/{page.pk}/edit/")
    assert form.status_code == 200 and "Build a spectroscope" in form.content.decode()
    submit_edit = client.post(f"/en/submissions/{page.pk}/edit/", term_ids(resource_data(
        title="Build a better spectroscope", link="https://example.org/spectroscope")))
    assert submit_edit.status_code == 302
    page.refresh_from_db()
    assert page.title == "Build a spectroscope"  # the live version is unchanged until approved
    assert page.get_latest_revision_as_object().title == "Build a better spectroscope"
    assert page.revisions.count() >= 2  # history is kept
    approve(page, edith)
    page.refresh_from_db()
    assert page.title == "Build a better spectroscope"


def test_nobody_else_may_edit_a_submission(client, alice):
    client.force_login(alice)
    submit_resource(client)
    page = ResourcePage.objects.get()
    client.force_login(make_user("mallory@example.org"))
    assert client.get(f"/en/submissions/{page.pk}/edit/").status_code == 404
    assert client.post(f"/en/submissions/{page.pk}/edit/", term_ids(resource_data(title="Hacked"))).status_code == 404


def test_an_editor_declines_in_the_admin_and_the_submitter_is_told_why(client, alice, edith, django_capture_on_commit_callbacks):
    client.force_login(alice)
    submit_resource(client)
    page = ResourcePage.objects.get()
    workflow_action_in_admin(client, edith, page, "decline", "This is an advertisement for a paid course.", capture=django_capture_on_commit_callbacks)
    assert not page.live
    told = [m for m in mail.outbox if m.to == [alice.email]]
    assert len(told) == 1 and "Not accepted" in told[0].subject and "paid course" in told[0].body
    client.force_login(alice)
    status = user_submissions(user=alice)[0]
    assert status.status == "declined" and "paid course" in status.comment
    response = client.get(f"/en/submissions/{page.pk}/edit/")
    assert response.status_code == 302  # a declined submission is closed


def test_the_three_moderation_actions_are_offered_to_editors(alice, edith):
    from scientix.submissions.models import RepositoryReviewTask

    task = RepositoryReviewTask.objects.get()
    names = [name for name, _label, _form in task.get_actions(None, edith)]
    assert {"approve", "reject", "decline"} <= set(names)
    assert task.get_actions(None, alice) == []
