"""Writes for submissions: a user's project, resource or event becomes a draft page in moderation."""

from django.db import transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Workflow, WorkflowPage, WorkflowTask

from scientix.projects.models import PROJECT_FACETS, Organisation, ProjectIndexPage, ProjectPage
from scientix.resources.models import RESOURCE_FACETS, ResourceIndexPage, ResourcePage
from scientix.submissions.notifications import admin_mail_off_for_submitter
from scientix.vocabularies.classification import terms_from_form

WORKFLOW_NAME = "Repository moderation"
TASK_NAME = "Editors review"


@transaction.atomic
def moderation_workflow_sync() -> Workflow:
    """One workflow, reviewed by the Editors group, for the whole page tree (idempotent)."""
    from django.contrib.auth.models import Group

    from scientix.submissions.models import RepositoryReviewTask

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = RepositoryReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = RepositoryReviewTask.objects.create(name=TASK_NAME)
    task.groups.set(Group.objects.filter(name__in=["Editors", "Moderators"]))
    # Earlier databases reviewed with a plain group approval task: replace it in the workflow.
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:70] or "item"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _submit(*, user, index_page: Page, page: Page, terms: list) -> Page:
    admin_mail_off_for_submitter(user)
    page.slug = _unique_slug(index_page, page.title)
    page.owner = user
    page.submitted_by = user
    page.live = False
    index_page.add_child(instance=page)
    page.terms = terms
    page.save()  # commits the terms of the draft too, not only those of its revision
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page


@transaction.atomic
def project_submit(*, user, index_page: ProjectIndexPage, data: dict) -> ProjectPage:
    """Create a project as a draft in the reader's language and send it to moderation."""
    coordinator, _ = Organisation.objects.get_or_create(
        name=data["coordinator_name"].strip(), country=data.get("coordinator_country") or "",
        defaults={"website": data.get("coordinator_website") or ""},
    )
    page = ProjectPage(
        title=data["title"], acronym=data.get("acronym", ""), description=data["description"],
        keywords=data.get("keywords", ""), results=data.get("results", ""),
        start_date=data.get("start_date"), end_date=data.get("end_date"),
        coordinator=coordinator, website=data.get("website", ""), languages=data.get("languages", []),
        locale=index_page.locale,
    )
    return _submit(user=user, index_page=index_page, page=page, terms=terms_from_form(data, PROJECT_FACETS))


@transaction.atomic
def resource_submit(*, user, index_page: ResourceIndexPage, data: dict, file_mime: str = "") -> ResourcePage:
    """Create a resource (with its file stored as a document) and send it to moderation."""
    document = None
    if data.get("file"):
        document = get_document_model().objects.create(
            title=data["title"][:255], file=data["file"], uploaded_by_user=user,
            collection=Collection.get_first_root_node(),
        )
    page = ResourcePage(
        title=data["title"], description=data["description"], keywords=data.get("keywords", ""),
        kind=data["kind"], link=data.get("link", ""), file=document, format=file_mime,
        age_min=data.get("age_min"), age_max=data.get("age_max"), rights=data.get("rights", ""),
        free_of_charge=data.get("free_of_charge", False), locale=index_page.locale,
    )
    return _submit(user=user, index_page=index_page, page=page, terms=terms_from_form(data, RESOURCE_FACETS))


PROJECT_TEXT_FIELDS = ("title", "acronym", "description", "keywords", "results", "start_date", "end_date", "website", "languages")
RESOURCE_TEXT_FIELDS = ("title", "description", "keywords", "kind", "link", "age_min", "age_max", "rights", "free_of_charge")


@transaction.atomic
def submission_revise(*, user, page: Page, data: dict, file_mime: str = "") -> Page:
    """Record the submitter's changes as a new revision and send it to moderation.

    The published version stays online until an editor approves the change;
    every revision is kept, so the history shows who changed what.
    """
    from scientix.events.models import EVENT_FACETS, EventPage

    page = page.get_latest_revision_as_object()
    if isinstance(page, EventPage):
        fields, facets = (), EVENT_FACETS
        _event_fields_set(page, data)
    elif isinstance(page, ProjectPage):
        fields, facets = PROJECT_TEXT_FIELDS, PROJECT_FACETS
        coordinator, _ = Organisation.objects.get_or_create(
            name=data["coordinator_name"].strip(), country=data.get("coordinator_country") or "",
            defaults={"website": data.get("coordinator_website") or ""},
        )
        page.coordinator = coordinator
    else:
        fields, facets = RESOURCE_TEXT_FIELDS, RESOURCE_FACETS
        if data.get("file"):
            page.file = get_document_model().objects.create(
                title=data["title"][:255], file=data["file"], uploaded_by_user=user,
                collection=Collection.get_first_root_node(),
            )
            page.format = file_mime
    for name in fields:
        if name in data:
            setattr(page, name, data[name] if data[name] is not None else getattr(page, name))
    page.terms = terms_from_form(data, facets)
    page.save_revision(user=user, log_action=True)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)  # the editor asked for changes: the same review goes on with the new revision
    elif state is None:
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    return page


def submission_initial(*, page: Page) -> dict:
    """The submission form's initial values from the page's latest revision."""
    from scientix.vocabularies.classification import initial_from_terms

    from scientix.events.models import EVENT_FACETS, EventPage

    latest = page.get_latest_revision_as_object()
    if isinstance(latest, EventPage):
        initial = {name: getattr(latest, name) for name in EVENT_FIELDS}
        initial["country"] = latest.country.code if latest.country else ""
        facets = EVENT_FACETS
    elif isinstance(latest, ProjectPage):
        initial = {name: getattr(latest, name) for name in PROJECT_TEXT_FIELDS}
        if latest.coordinator:
            initial.update(coordinator_name=latest.coordinator.name, coordinator_country=latest.coordinator.country.code,
                           coordinator_website=latest.coordinator.website)
        facets = PROJECT_FACETS
    else:
        initial = {name: getattr(latest, name) for name in RESOURCE_TEXT_FIELDS}
        facets = RESOURCE_FACETS
    initial.update(initial_from_terms(list(latest.terms.all()), facets))
    return initial


EVENT_FIELDS = ("title", "description", "event_type", "start_date", "start_time", "end_date", "end_time", "time_zone",
                "online", "online_url", "venue", "city", "country", "organiser", "registration_url", "languages")


@transaction.atomic
def event_submit(*, user, index_page, data: dict):
    """Create a suggested event as a draft in the reader's language and send it to moderation.

    Editors publish it from the admin; until then it is in no list, feed or search.
    """
    from scientix.events.models import EVENT_FACETS, EventPage

    page = EventPage(locale=index_page.locale)
    _event_fields_set(page, data)
    return _submit(user=user, index_page=index_page, page=page, terms=terms_from_form(data, EVENT_FACETS))


def _event_fields_set(page, data: dict) -> None:
    """Every field as the form gives it: an emptied time makes the event all-day again."""
    for name in EVENT_FIELDS:
        setattr(page, name, data.get(name))
    page.languages = list(data.get("languages") or [])
    for name in ("online_url", "venue", "city", "registration_url", "country"):
        setattr(page, name, data.get(name) or "")
