"""Translation on demand: requests and votes, the editors' queue, jobs from assignment to publication, figures.

Personas: alice, bob and carla are teachers; edith is an editor; tina translates; rita reviews.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

from scientix.resources.models import ResourcePage
from scientix.search.selectors import SearchRequest, search
from scientix.translations import selectors, services
from scientix.translations.machine import machine_strings
from scientix.translations.models import JobState, RequestState, TranslationEvent, TranslationRequest
from tests.conftest import PASSWORD, make_user, publish_resource, translate

pytestmark = pytest.mark.postgres  # conditional unique constraints and row locks: both engines


@pytest.fixture
def people(db):
    return {
        "bob": make_user("bob@example.org", name="Bob", preferred_language="de"),
        "carla": make_user("carla@example.org", name="Carla", preferred_language="sl"),
        "tina": make_user("tina@example.org", roles=("translator",), name="Tina Translator"),
        "rita": make_user("rita@example.org", roles=("translation_reviewer",), name="Rita Reviewer"),
    }


@pytest.fixture
def resource(db):
    return publish_resource("Build a water rocket", description="Students launch a bottle rocket.", keywords="rocket, pressure")


def due():
    return timezone.localdate() + timedelta(days=10)


def translate_all(job, text=lambda source: f"[sl] {source}", kind=StringTranslation.TRANSLATION_TYPE_MANUAL, user=None):
    """What the translator does in wagtail-localize's editor: one StringTranslation per text."""
    translation = job.localize_translation
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string, locale=translation.target_locale, context=segment.context,
            defaults={"data": text(segment.string.data), "translation_type": kind, "last_translated_by": user,
                      "tool_name": "LibreTranslate" if kind == StringTranslation.TRANSLATION_TYPE_MACHINE else ""},
        )


# --- Asking -------------------------------------------------------------------------------

def test_it_opens_a_request_and_counts_voices(alice, people, resource):
    first = services.request_ask(user=alice, resource=resource, language="sl")
    again = services.request_ask(user=people["bob"], resource=resource, language="sl")
    assert first.pk == again.pk and again.vote_count == 2 and again.state == RequestState.OPEN
    assert list(TranslationEvent.objects.filter(request=first).values_list("action", flat=True)) == ["opened", "asked", "asked"]


def test_it_refuses_asking_twice(alice, resource):
    services.request_ask(user=alice, resource=resource, language="sl")
    with pytest.raises(ValidationError, match="already asked"):
        services.request_ask(user=alice, resource=resource, language="sl")
    assert TranslationRequest.objects.get().vote_count == 1


def test_it_refuses_a_language_that_exists(alice, resource):
    translate(resource, "fr", title="Fusée à eau")
    with pytest.raises(ValidationError, match="already exists"):
        services.request_ask(user=alice, resource=resource, language="fr")
    with pytest.raises(ValidationError, match="already exists"):
        services.request_ask(user=alice, resource=resource, language="en")


def test_it_refuses_a_licence_without_derivatives(alice):
    closed = publish_resource("No derivatives", licence="cc-by-nd-4-0")
    with pytest.raises(ValidationError, match="does not allow translations"):
        services.request_ask(user=alice, resource=closed, language="sl")
    assert not TranslationRequest.objects.exists()


@pytest.mark.parametrize("language", ["", "xx", "zh", "sl' OR 1=1", "en-GB"])
def test_it_refuses_languages_outside_the_24(alice, resource, language):
    with pytest.raises(ValidationError, match="24 languages"):
        services.request_ask(user=alice, resource=resource, language=language)


def test_the_resource_page_offers_asking_and_joining(client, alice, people, resource):
    services.request_ask(user=people["bob"], resource=resource, language="sl")
    client.force_login(alice)
    html = client.get(resource.url).content.decode()
    assert "Ask for a translation" in html
    assert "asked by 1 person" in html and "Add your voice for Slovenian" in html
    assert '<option value="sl"' not in html and '<option value="de"' in html and '<option value="en"' not in html


def test_the_resource_page_says_when_the_licence_forbids_translations(client, alice):
    closed = publish_resource("Closed", licence="cc-by-nc-nd-4-0")
    client.force_login(alice)
    html = client.get(closed.url).content.decode()
    assert "does not allow translations" in html and "translation-language" not in html


def test_anonymous_visitors_are_asked_to_sign_in(client, resource):
    html = client.get(resource.url).content.decode()
    assert "Sign in to ask for this resource in your language." in html
    response = client.post(reverse("translations:ask", args=[resource.pk]), {"language": "sl"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not TranslationRequest.objects.exists()


def test_the_ask_view_reports_success_and_errors(client, alice, resource):
    client.force_login(alice)
    url = reverse("translations:ask", args=[resource.pk])
    response = client.post(url, {"language": "sl"}, follow=True)
    assert "We will write to you when it is published" in response.content.decode()
    response = client.post(url, {"language": "sl"}, follow=True)
    assert "You have already asked" in response.content.decode()
    response = client.post(url, {"language": "<script>x</script>" * 50}, follow=True)
    assert "24 languages" in response.content.decode() and "<script>x" not in response.content.decode()
    assert client.get(url).status_code == 405
    assert client.post(reverse("translations:ask", args=[999999]), {"language": "sl"}).status_code == 404


def test_a_draft_resource_cannot_be_asked_for(client, alice, resource):
    resource.unpublish()
    client.force_login(alice)
    assert client.post(reverse("translations:ask", args=[resource.pk]), {"language": "sl"}).status_code == 404


# --- The queue, accepting and declining ----------------------------------------------------

def test_the_queue_sorts_by_demand_and_flags_the_threshold(client, edith, alice, people, resource, settings):
    settings.TRANSLATION_REQUEST_THRESHOLD = 2
    other = publish_resource("Paper planes")
    services.request_ask(user=alice, resource=other, language="de")
    for user in (alice, people["bob"]):
        services.request_ask(user=user, resource=resource, language="sl")
    queue = list(selectors.request_queue())
    assert [(r.resource.title, r.vote_count, r.reaches_threshold) for r in queue] == [
        ("Build a water rocket", 2, True), ("Paper planes", 1, False)]
    client.force_login(edith)
    html = client.get(reverse("translations_admin:queue")).content.decode()
    assert html.index("Build a water rocket") < html.index("Paper planes") and html.count("Threshold reached") == 1


def test_teachers_and_translators_cannot_see_the_queue(client, alice, people):
    for user in (alice, people["tina"]):
        client.force_login(user)
        assert client.get(reverse("translations_admin:queue")).status_code in (302, 403)


def test_declining_mails_the_reason_to_each_asker_in_their_language(django_capture_on_commit_callbacks, alice, edith, people, resource):
    request = services.request_ask(user=people["bob"], resource=resource, language="sl")
    services.request_ask(user=people["carla"], resource=resource, language="sl")
    with pytest.raises(ValidationError, match="reason"):
        services.request_decline(translation_request=request, editor=edith, reason="   ")
    with pytest.raises(PermissionDenied):
        services.request_decline(translation_request=request, editor=alice, reason="No")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(translation_request=request, editor=edith, reason="A newer version is coming.")
    request.refresh_from_db()
    assert request.state == RequestState.DECLINED
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"bob@example.org", "carla@example.org"}
    assert "A newer version is coming." in by_recipient["bob@example.org"].body
    assert "abgelehnt" in by_recipient["bob@example.org"].subject.lower() or by_recipient["bob@example.org"].subject != by_recipient["carla@example.org"].subject
    # A declined request does not block a new one later.
    assert services.request_ask(user=alice, resource=resource, language="sl").pk != request.pk


def test_accepting_opens_a_job_with_a_draft_in_the_language(django_capture_on_commit_callbacks, edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_accept(translation_request=request, editor=edith, translator=people["tina"],
                                      reviewer=people["rita"], due_date=due())
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED and job.state == JobState.ASSIGNED
    draft = job.localize_translation.get_target_instance()
    assert draft.locale.language_code == "sl" and not draft.live and draft.translation_key == resource.translation_key
    assert [m.to for m in mail.outbox] == [["tina@example.org"]] and reverse("translations_admin:job", args=[job.pk]) in mail.outbox[0].body


def test_accepting_checks_people_and_dates(edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    with pytest.raises(ValidationError, match="not a translator"):
        services.request_accept(translation_request=request, editor=edith, translator=alice, due_date=due())
    with pytest.raises(ValidationError, match="cannot review"):
        services.request_accept(translation_request=request, editor=edith, translator=people["tina"], reviewer=alice, due_date=due())
    with pytest.raises(ValidationError, match="past"):
        services.request_accept(translation_request=request, editor=edith, translator=people["tina"],
                                due_date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.request_accept(translation_request=request, editor=people["rita"], translator=people["tina"], due_date=due())
    request.refresh_from_db()
    assert request.state == RequestState.OPEN


def test_the_accept_form_rejects_bad_input(client, edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    client.force_login(edith)
    url = reverse("translations_admin:accept", args=[request.pk])
    assert client.get(url).status_code == 200
    for data in ({}, {"translator": alice.pk, "due_date": str(due())}, {"translator": people["tina"].pk, "due_date": "yesterday"},
                 {"translator": "1 OR 1=1", "due_date": str(due())}):
        assert client.post(url, data).status_code == 200
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    response = client.post(url, {"translator": people["tina"].pk, "reviewer": people["rita"].pk, "due_date": str(due())})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED


# --- The job: translate, deliver, review, publish --------------------------------------------

@pytest.fixture
def job(edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    services.request_ask(user=people["carla"], resource=resource, language="sl")
    return services.request_accept(translation_request=request, editor=edith, translator=people["tina"],
                                   reviewer=people["rita"], due_date=due())


def test_delivery_needs_every_text_translated_and_the_translator(job, people):
    with pytest.raises(ValidationError, match="not translated yet"):
        services.job_deliver(job=job, translator=people["tina"])
    translate_all(job)
    with pytest.raises(PermissionDenied):
        services.job_deliver(job=job, translator=people["rita"])
    services.job_deliver(job=job, translator=people["tina"], note="Done")
    job.refresh_from_db()
    assert job.state == JobState.DELIVERED and job.delivered_at


def test_the_reviewer_approves_and_the_version_is_published_searchable_and_announced(django_capture_on_commit_callbacks, job, people, resource, alice):
    translate_all(job, user=people["tina"])
    services.job_deliver(job=job, translator=people["tina"])
    with pytest.raises(PermissionDenied):
        services.job_approve(job=job, reviewer=people["tina"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = services.job_approve(job=job, reviewer=people["rita"])
    page = ResourcePage.objects.get(pk=page.pk)
    assert page.live and page.title == "[sl] Build a water rocket" and page.locale.language_code == "sl"
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED and job.request.state == RequestState.PUBLISHED
    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "carla@example.org"}
    carla = next(m for m in mail.outbox if m.to == ["carla@example.org"])
    assert page.full_url in carla.body and carla.subject != next(m for m in mail.outbox if m.to == ["alice@example.org"]).subject
    versions = selectors_versions(resource)
    assert "sl" in versions
    results = search(SearchRequest(q="water rocket", language="sl"))
    assert page.pk in [hit.object_id for hit in results.hits]
    from scientix.oai.models import OaiRecord  # harvesters see the new language too

    record = OaiRecord.objects.get(translation_key=resource.translation_key)
    assert "language:sl" in set(record.sets.values_list("spec", flat=True))


def test_machine_drafts_are_published_only_when_the_reviewer_confirms(job, people):
    translate_all(job, kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    assert machine_strings(translation=job.localize_translation).count() == 3
    services.job_deliver(job=job, translator=people["tina"])
    with pytest.raises(ValidationError, match="machine drafts"):
        services.job_approve(job=job, reviewer=people["rita"])
    assert not Page.objects.get(pk=job.localize_translation.get_target_instance().pk).live
    page = services.job_approve(job=job, reviewer=people["rita"], machine_text_reviewed=True)
    assert Page.objects.get(pk=page.pk).live
    assert "3 machine-drafted texts reviewed" in job.events.filter(action="published").first().note


def test_sending_back_returns_the_job_with_the_note(django_capture_on_commit_callbacks, job, people):
    translate_all(job)
    services.job_deliver(job=job, translator=people["tina"])
    with pytest.raises(ValidationError, match="Say what should change"):
        services.job_return(job=job, reviewer=people["rita"], note="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.job_return(job=job, reviewer=people["rita"], note="Use “raketa na vodo”.")
    job.refresh_from_db()
    assert job.state == JobState.ASSIGNED and mail.outbox[0].to == ["tina@example.org"] and "raketa na vodo" in mail.outbox[0].body
    actions = list(job.events.values_list("action", "actor__email"))
    assert actions == [("assigned", "edith@example.org"), ("accepted", "edith@example.org"), ("delivered", "tina@example.org"), ("returned", "rita@example.org")]


def test_cancelling_reopens_the_request(job, edith, people):
    services.job_cancel(job=job, editor=edith, reason="Translator unavailable")
    job.refresh_from_db()
    job.request.refresh_from_db()
    assert job.state == JobState.CANCELLED and job.request.state == RequestState.OPEN
    with pytest.raises(ValidationError):
        services.job_cancel(job=job, editor=edith, reason="again")


def test_localize_publish_is_refused_while_a_job_is_open(client, job, edith):
    target = job.localize_translation.get_target_instance()
    translate_all(job)
    client.force_login(edith)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert response.status_code == 302 and response["Location"] == reverse("translations_admin:job", args=[job.pk])
    assert not Page.objects.get(pk=target.pk).live


def test_localize_publish_is_refused_for_unedited_machine_text(client, edith, resource):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(resource)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get_or_create(language_code="it")[0])
    translation.save_target(publish=False)
    fake_job = type("J", (), {"localize_translation": translation})
    translate_all(fake_job, kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    target = translation.get_target_instance()
    client.force_login(edith)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=target.pk).live


def test_the_job_page_shows_each_role_its_actions(client, job, people, edith, alice):
    url = reverse("translations_admin:job", args=[job.pk])
    client.force_login(people["tina"])
    html = client.get(url).content.decode()
    assert "Deliver for review" in html and "Approve and publish" not in html
    translate_all(job)
    client.post(reverse("translations_admin:job_action", args=[job.pk, "deliver"]), {"note": "ok"})
    client.force_login(people["rita"])
    html = client.get(url).content.decode()
    assert "Approve and publish" in html and "Deliver for review" not in html
    client.force_login(alice)
    assert client.get(url).status_code in (302, 403)
    client.force_login(people["tina"])
    response = client.post(reverse("translations_admin:job_action", args=[job.pk, "approve"]), follow=True)
    job.refresh_from_db()
    assert job.state == JobState.DELIVERED and "Only the job" in response.content.decode()
    response = client.post(reverse("translations_admin:job_action", args=[job.pk, "nonsense"]))
    assert response.status_code == 302


def test_editorial_pages_go_through_the_same_jobs(client, edith, people, home):
    client.force_login(edith)
    url = reverse("translations_admin:new_job")
    assert client.get(url + f"?page={home.pk}").status_code == 200
    response = client.post(url, {"page": home.pk, "language": "sl", "translator": people["tina"].pk, "due_date": str(due())})
    assert response.status_code == 302
    job = people["tina"].translation_jobs.get()
    assert job.source_page.pk == home.pk and job.request is None
    response = client.post(url, {"page": home.pk, "language": "sl", "translator": people["tina"].pk, "due_date": str(due())}, follow=True)
    assert "already under way" in response.content.decode()


def test_the_translated_file_replaces_the_original_in_that_language(client, job, people, resource):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    original = Document.objects.create(title="Rocket worksheet", file=SimpleUploadedFile("rocket.pdf", b"%PDF-1.4\n%%EOF\n"))
    resource.file = original
    resource.save_revision().publish()
    job.localize_translation.source.update_from_db()
    client.force_login(people["tina"])
    action = reverse("translations_admin:job_action", args=[job.pk, "file"])
    response = client.post(action, {"title": "Bad", "file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf")}, follow=True)
    assert "not accepted" in response.content.decode() or "content is" in response.content.decode()
    assert Document.objects.count() == 1
    pdf = SimpleUploadedFile("raketa.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(action, {"title": "Delovni list", "file": pdf})
    translated = Document.objects.get(title="Delovni list")
    translate_all(job)
    services.job_deliver(job=job, translator=people["tina"])
    page = services.job_approve(job=job, reviewer=people["rita"])
    assert ResourcePage.objects.get(pk=page.pk).file_id == translated.pk
    assert ResourcePage.objects.get(pk=resource.pk).file_id == original.pk


# --- Figures -------------------------------------------------------------------------------

def test_the_figures_count_requests_median_days_and_months(client, job, people, edith, alice, resource):
    services.request_ask(user=alice, resource=resource, language="de")
    services.request_ask(user=people["bob"], resource=resource, language="de")
    services.request_ask(user=people["carla"], resource=publish_resource("Paper planes"), language="de")
    translate_all(job)
    services.job_deliver(job=job, translator=people["tina"])
    services.job_approve(job=job, reviewer=people["rita"])
    type(job).objects.filter(pk=job.pk).update(accepted_at=timezone.now() - timedelta(days=4))
    data = selectors.figures()
    assert [(code, count, people_) for code, _name, count, people_ in data.open_by_language] == [("de", 2, 3)]
    assert data.median_days_to_publish == pytest.approx(4.0, abs=0.1) and data.published_jobs == 1
    assert data.per_month[-1] == (timezone.localdate().replace(day=1), 1) and len(data.per_month) == 12
    today = timezone.localdate()
    month_numbers = [start.year * 12 + start.month for start, _count in data.per_month]
    assert month_numbers == list(range(today.year * 12 + today.month - 11, today.year * 12 + today.month + 1))
    client.force_login(edith)
    html = client.get(reverse("translations_admin:figures")).content.decode()
    assert "Median time from acceptance to publication: 4.0 days" in html
    assert today.strftime("%B %Y") in html  # months in the reader's format (English here)
    client.force_login(alice)
    assert client.get(reverse("translations_admin:figures")).status_code in (302, 403)


def test_the_personal_data_download_lists_the_requests(alice, resource):
    services.request_ask(user=alice, resource=resource, language="sl")
    assert selectors.votes_export(user=alice)[0]["language"] == "sl"


def test_simultaneous_first_asks_make_one_request_with_every_voice(site):
    """Four people ask at the same moment: one request, four votes (the unique constraint settles the race)."""
    import threading
    import time

    from django.db import OperationalError, connection

    resource = publish_resource("Build a water rocket")
    users = [make_user(f"t{n}@example.org") for n in range(4)]
    start, errors = threading.Barrier(len(users)), []

    def ask(user):
        try:
            start.wait()
            for _attempt in range(50):
                try:
                    services.request_ask(user=user, resource=resource, language="sl")
                    return
                except OperationalError:  # SQLite allows one writer: wait for the lock
                    time.sleep(0.02)
            errors.append("gave up")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    request = TranslationRequest.objects.get()
    assert request.vote_count == 4 and request.votes.count() == 4


# --- helpers -------------------------------------------------------------------------------

def selectors_versions(resource):
    from scientix.resources.selectors import language_versions

    return {version.locale.language_code for version in language_versions(page=resource)}


def test_admin_forms_refuse_hostile_input_and_change_nothing(client, edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    client.force_login(edith)
    new_job = reverse("translations_admin:new_job")
    for data in ({"page": "abc", "language": "sl", "translator": people["tina"].pk, "due_date": str(due())},
                 {"page": resource.pk, "language": "xx", "translator": people["tina"].pk, "due_date": str(due())},
                 {"page": resource.pk, "language": "en", "translator": people["tina"].pk, "due_date": str(due())},
                 {"page": 10**30, "language": "sl", "translator": people["tina"].pk, "due_date": str(due())},
                 {"page": resource.pk, "language": "sl", "translator": people["tina"].pk, "reviewer": people["tina"].pk,
                  "due_date": str(due())}):
        response = client.post(new_job, data, follow=True)
        assert response.status_code == 200
    assert not services.TranslationJob.objects.exists()
    decline = reverse("translations_admin:decline", args=[request.pk])
    assert client.post(decline, {"reason": "x" * 2001}).status_code == 200  # over the limit: the form again
    assert client.post(decline, {"reason": "\x00"}).status_code == 200
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    for state in ("<script>", "open' OR 1=1", "9" * 50):
        assert client.get(reverse("translations_admin:queue"), {"state": state, "language": state}).status_code == 200
    assert client.get(reverse("translations_admin:accept", args=[999999])).status_code == 404


def test_the_accept_form_survives_out_of_range_ids(client, edith, alice, people, resource):
    request = services.request_ask(user=alice, resource=resource, language="sl")
    client.force_login(edith)
    url = reverse("translations_admin:accept", args=[request.pk])
    response = client.post(url, {"translator": 10**30, "reviewer": -1, "due_date": "9" * 40})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.state == RequestState.OPEN


def test_the_admin_home_lists_the_jobs_waiting_for_each_person(client, job, people, edith):
    client.force_login(people["tina"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="translation-jobs-content"' in html and "Build a water rocket" in html
    client.force_login(people["rita"])  # the reviewer: nothing delivered yet
    assert "Build a water rocket" not in client.get(reverse("wagtailadmin_home")).content.decode()
    translate_all(job)
    services.job_deliver(job=job, translator=people["tina"])
    assert "Build a water rocket" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_queue_pages_by_fifty_keeping_the_filters(client, edith, resource):
    import uuid

    TranslationRequest.objects.bulk_create([
        TranslationRequest(resource_key=uuid.uuid4(), resource=resource, language="sl", vote_count=n) for n in range(1, 61)
    ])
    client.force_login(edith)
    import re

    def counts(html):
        return [int(n) for n in re.findall(r"<td>(\d+)(?:</td>| <span)", html)]

    first = client.get(reverse("translations_admin:queue"), {"language": "sl"}).content.decode()
    assert "Page 1 of 2" in first and "?language=sl&amp;p=2" in first
    assert counts(first) == list(range(60, 10, -1))  # most asked first, 50 a page
    second = client.get(reverse("translations_admin:queue"), {"language": "sl", "p": 2}).content.decode()
    assert counts(second) == list(range(10, 0, -1))
    assert client.get(reverse("translations_admin:queue"), {"p": "9999"}).status_code == 200


def test_a_news_item_goes_through_the_same_job_and_shows_in_the_french_news(client, django_capture_on_commit_callbacks,
                                                                          edith, people):
    from scientix.editorial.models import NewsPage
    from tests.test_editorial import publish_item

    news = publish_item(NewsPage, "Space week opens", summary="Schools across Europe watch the sky.",
                        body="<p>Join a <b>live</b> session.</p>", date=timezone.localdate())
    job = services.job_open(page=news, language="fr", translator=people["tina"], due_date=due(), opened_by=edith)
    assert not client.get("/fr/news/").content.decode().count("[fr] Space week opens")
    translate_all(job, text=lambda source: f"[fr] {source}")
    services.job_deliver(job=job, translator=people["tina"])
    with django_capture_on_commit_callbacks(execute=True):
        page = services.job_approve(job=job, reviewer=people["rita"])
    assert page.locale.language_code == "fr" and NewsPage.objects.get(pk=page.pk).live
    html = client.get("/fr/news/").content.decode()
    assert "[fr] Space week opens" in html
    assert "<b>live</b>" in client.get(page.url).content.decode()  # inline markup kept through the segments


def test_people_with_requests_and_jobs_can_erase_their_accounts(client, job, people, alice, edith):
    from scientix.accounts.services import account_delete

    account_delete(user=alice)  # asked for the translation
    account_delete(user=people["tina"])  # translates it
    job.refresh_from_db()
    assert job.translator is None and job.request.votes.filter(user__email="alice@example.org").count() == 0
    client.force_login(edith)
    html = client.get(reverse("translations_admin:job", args=[job.pk])).content.decode()
    assert "tina@example.org" not in html and "None" not in html


def test_the_translation_bench_measures_and_keeps_nothing(db, tmp_path):
    import json

    from django.core.management import call_command

    output = tmp_path / "translations.json"
    call_command("bench_translations", "--requests", "30", "--repeat", "1", "--output", str(output), stdout=open("/dev/null", "w"))
    figures = json.loads(output.read_text())
    assert figures["requests"] == 30 and figures["votes"] == sum(1 + n % 5 for n in range(30))
    assert figures["queue"]["queries"] > 0 and figures["figures"]["median_ms"] > 0
    assert not TranslationRequest.objects.exists() and not Page.objects.filter(title="Bench resource").exists()
