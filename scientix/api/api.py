"""The REST API at /api/v1/: one ``NinjaAPI``, its OpenAPI document and browsable docs.

Every refusal has one shape, ``{"error": "<reason>"}`` (400 on submissions
adds ``fields``), whether it comes from our own checks, from ninja's
validation of the parameters, from authentication or from the throttles.
Views are thin: parameters are checked here, reads are in ``selectors``,
writes in ``submissions.services``.
"""

from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import translation
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from pydantic import create_model

from scientix.api import schemas, selectors
from scientix.api.auth import READ_AUTH, READ_THROTTLES, WRITE_AUTH, WRITE_THROTTLES
from scientix.api.content import CONTENT_TYPES, ContentType
from scientix.languages import LANGUAGE_CODES
from scientix.search import selectors as search
from scientix.search import views as search_page

DESCRIPTION = """\
Open data of the Scientix portal: STEM education projects, resources and collections in the 24 EU languages.

* **Reading** needs no account. Lists take the same filters and search words as the portal's pages, `sort`,
  `page`, `page_size` and `lang` (labels in that language; each item in its version in that language when
  it has one, else in another — `translations` lists them all).
* **Submitting** a project or a resource needs a personal token, made on your profile page
  (`/<lang>/accounts/api-tokens/`) and sent as `Authorization: Bearer stx_...`. Submissions go to the editors'
  moderation, as from the web form.
* **Errors** always look like `{{"error": "<reason>"}}`.
* **Rate limits**: reads {anon} per address without a token, {token} per account with one; submissions {write}.
  Beyond them: `429` with `Retry-After` (seconds).
"""

READ_RESPONSES = {400: schemas.Error, 401: schemas.Error, 429: schemas.Error}
PAGE = Field(1, ge=1, le=10_000, description="Page number, from 1.")
PAGE_SIZE = Field(20, ge=0, le=search.MAX_PAGE_SIZE, description="Items per page (0: counts and facets only).")
MAX_ID = 2**31 - 1  # page ids are 32-bit integers; larger numbers are refused before they reach the database
LANG_DESCRIPTION = "Language of the labels, and the version of each item to return when it has one."


class BadRequest(Exception):
    """A parameter the API cannot use: a 400 with the reason, never a guess."""


class LocalDocs(DocsBase):
    """Swagger UI from our own static files, in a page that runs under the portal's Content-Security-Policy."""

    def render_page(self, request, api, **kwargs):
        return render(request, "api/docs.html", {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)})


class ScientixAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """One security scheme, ``PersonalToken``: required on writes, optional (``{}``) on public reads."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        scheme = schemes.pop("TokenAuth", None) or schemes.pop("OptionalTokenAuth", None)
        schemes.pop("OptionalTokenAuth", None)
        if scheme is not None:
            schemes["PersonalToken"] = scheme
        for item in schema["paths"].values():
            for operation in item.values():
                names = [name for requirement in operation.get("security", []) for name in requirement]
                if names:
                    operation["security"] = [{"PersonalToken": []}] + ([{}] if "OptionalTokenAuth" in names else [])
        return schema

    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        if request.method == "GET" and not request.path.startswith("/api/v1/submissions"):
            response["Access-Control-Allow-Origin"] = "*"  # open data; writes and own submissions are not shared
        return response


api = ScientixAPI(
    title="Scientix API",
    version="1",
    description=DESCRIPTION.format(anon=settings.API_THROTTLE_ANON, token=settings.API_THROTTLE_TOKEN,
                                   write=settings.API_THROTTLE_WRITE),
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalDocs(),
    urls_namespace="api",
)


# One error shape for everything. --------------------------------------------------------------


def _error(request, message: str, status: int, **extra):
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    return _error(request, str(exc), 400)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """ninja's 422 with pydantic's details becomes our 400: ``"page: Input should be ..."``."""
    reasons, fields = [], {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body", "payload")]
        name = location[0] if location else "request"
        reasons.append(f"{'.'.join(location) or name}: {error.get('msg', 'invalid')}")
        fields.setdefault(name, []).append(error.get("msg", "invalid"))
    body = any(error.get("loc", ("",))[0] == "body" for error in exc.errors)
    return _error(request, "; ".join(reasons)[:1000], 400, **({"fields": fields} if body else {}))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(request, "A valid personal token is required: Authorization: Bearer stx_...", 401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, str(exc), exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "Not found.", 404)


# Parameters shared by the lists and the search. -------------------------------------------------


def _codes(values: list[str] | None) -> list[str]:
    return [value for raw in values or [] for value in raw.split(",") if value]


def checked_filters(params: dict[str, list[str] | None], filters: dict[str, str]) -> dict[str, list[str]]:
    """facet -> codes for the filters given; an unknown value is a 400 naming it."""
    chosen = {}
    for parameter, facet in filters.items():
        values = _codes(params.get(parameter))
        if not values:
            continue
        known = search.known_values(facet) or set()
        unknown = [value for value in values if value not in known]
        if unknown:
            raise BadRequest(f"{parameter}: unknown value {unknown[0][:80]!r}")
        chosen[facet] = values
    return chosen


def filter_field(parameter: str):
    return (list[str], Field([], description=f"Codes of `{parameter}` to keep (any of them); repeat the "
                                                      "parameter or separate codes with commas."))


# Search, moved here from the search app (same paths, parameters and answers). --------------------

SEARCH_FILTERS = search_page.FILTERS  # the search page's parameters, so a page's query string works here
SEARCH_FACETS = search_page.PAGE_FACETS
SearchQuery = create_model(
    "SearchQuery", __base__=Schema,
    q=(str, Field("", description="Words to find; the language of `lang` decides how they are stemmed.")),
    lang=(schemas.Language, Field("en", description=LANG_DESCRIPTION)),
    sort=(Literal[search.SORTS], Field("relevance", description="`relevance` sorts by newest without words.")),
    page=(int, PAGE), page_size=(int, PAGE_SIZE),
    **{parameter: filter_field(parameter) for parameter in SEARCH_FILTERS},
)


@api.get("/search", response={200: schemas.SearchResults, **READ_RESPONSES}, auth=READ_AUTH,
         throttle=READ_THROTTLES, tags=["search"], summary="Search everything", operation_id="search")
def api_search(request: HttpRequest, params: Query[SearchQuery]):
    """Full-text search across every content type, with facet counts."""
    values = params.model_dump()
    filters = checked_filters(values, SEARCH_FILTERS)
    result = search.search(search.SearchRequest(
        q=params.q, language=params.lang, kinds=filters.pop("type", []), filters=filters, sort=params.sort,
        page=params.page, page_size=params.page_size, facets=SEARCH_FACETS,
    ))
    names = {facet: parameter for parameter, facet in SEARCH_FILTERS.items()}
    return {
        "count": result.count, "page": result.page, "page_size": result.page_size,
        "results": [
            {"type": hit.kind, "id": hit.object_id, "title": hit.title, "language": hit.language,
             "url": request.build_absolute_uri(hit.url), "snippet": hit.snippet}
            for hit in result.hits
        ],
        "facets": {
            names[group.name]: [{"value": v.value, "label": v.label, "count": v.count} for v in group.values]
            for group in result.facets
        },
    }


class SuggestQuery(Schema):
    q: str = Field("", description="What has been typed; the last word counts as the start of a word.")
    lang: schemas.Language = Field("en", description="Language of the words.")


@api.get("/search/suggest", response={200: schemas.Suggestions, **READ_RESPONSES}, auth=READ_AUTH,
         throttle=READ_THROTTLES, tags=["search"], summary="Titles for search-as-you-type", operation_id="search_suggest")
def api_suggest(request: HttpRequest, params: Query[SuggestQuery]):
    """Up to eight titles; fewer than two characters give none."""
    if len(search.query.clean(params.q).strip()) < 2:
        return {"suggestions": []}
    result = search.search(search.SearchRequest(q=params.q, language=params.lang, prefix=True, page_size=8))
    return {"suggestions": [
        {"title": hit.title, "url": hit.url, "type": hit.kind, "language": hit.language} for hit in result.hits
    ]}


# The content types: a list and a detail endpoint each. ------------------------------------------


def _list_query(content: ContentType):
    return create_model(
        f"{content.kind.title()}ListQuery", __base__=Schema,
        q=(str, Field("", description="Words to find, as in the list's search box.")),
        lang=(schemas.Language, Field("en", description=LANG_DESCRIPTION)),
        sort=(Literal[("relevance", *content.sorts)],
              Field(None, description="Default: `relevance` with words, else `newest`.")),
        page=(int, PAGE), page_size=(int, PAGE_SIZE),
        **{parameter: filter_field(parameter) for parameter in content.filters},
    )


class DetailQuery(Schema):
    lang: schemas.Language = Field(None, description="Return the version in this language when there is one.")


def _add_endpoints(content: ContentType) -> None:
    query_model = _list_query(content)

    def item_list(request: HttpRequest, params: Query[query_model]):
        values = params.model_dump()
        filters = checked_filters(values, content.filters)
        sort = params.sort or ("relevance" if search.query.clean(params.q).strip() else "newest")
        page = selectors.item_list(content=content, request=request, search_request=search.SearchRequest(
            q=params.q, language=params.lang, kinds=[content.kind], filters=filters, facets=list(content.filters.values()),
            sort=sort, page=params.page, page_size=params.page_size, with_hits=False,
        ))
        return page.__dict__

    def item_detail(request: HttpRequest, params: Query[DetailQuery],
                    id: int = Path(..., ge=1, le=MAX_ID, description="Page id.")):  # noqa: A002 (OpenAPI name)
        data = selectors.item_detail(content=content, request=request, page_id=id, language=params.lang)
        if data is None:
            raise Http404
        return data

    api.get(f"/{content.path}", response={200: content.list_schema, **READ_RESPONSES}, auth=READ_AUTH,
            throttle=READ_THROTTLES, tags=[content.path], operation_id=f"{content.path}_list",
            summary=f"List {content.label}", description=f"Live {content.label}, filtered, searched, sorted and paged.",
            )(item_list)
    api.get(f"/{content.path}/{{id}}", response={200: content.schema, 404: schemas.Error, **READ_RESPONSES},
            auth=READ_AUTH, throttle=READ_THROTTLES, tags=[content.path], operation_id=f"{content.path}_detail",
            summary=f"One of the {content.label}", description="By page id; 404 for unknown, unpublished or private ids.",
            )(item_detail)


for _content in CONTENT_TYPES:
    _add_endpoints(_content)


# Submissions: the web form's rules and moderation, with a token. ---------------------------------

WRITE_RESPONSES = {400: schemas.FieldErrors, 401: schemas.Error, 403: schemas.Error, 429: schemas.Error}


def _submit(request, payload: Schema, kind: str):
    from allauth.account.models import EmailAddress

    from scientix.pages.services import locale_tree_ensure
    from scientix.projects.models import PROJECT_FACETS, ProjectIndexPage
    from scientix.resources.models import RESOURCE_FACETS, ResourceIndexPage
    from scientix.submissions.forms import ProjectSubmissionForm, ResourceSubmissionForm
    from scientix.submissions.selectors import STATUS_LABELS
    from scientix.submissions.services import project_submit, resource_submit

    user = request.auth.user
    # The web form is for signed-in people, and signing in needs a verified address (allauth, mandatory).
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise HttpError(403, "Verify your e-mail address before submitting.")
    language = payload.language
    data = payload.model_dump(exclude={"language"})
    form_class, facets, index_model, submit = (
        (ProjectSubmissionForm, PROJECT_FACETS, ProjectIndexPage, project_submit) if kind == "project"
        else (ResourceSubmissionForm, RESOURCE_FACETS, ResourceIndexPage, resource_submit))
    with translation.override(language):
        form = form_class(data={name: value for name, value in data.items() if value is not None})
        for facet in facets:
            form.fields[facet.field].to_field_name = "code"  # the API speaks codes, the web form ids
        if not form.is_valid():
            fields = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            summary = "; ".join(f"{name}: {messages[0]}" for name, messages in fields.items())
            return Status(400, {"error": summary[:1000], "fields": fields})
        _home, sections = locale_tree_ensure(language=language)
        page = submit(user=user, index_page=sections[index_model], data=form.cleaned_data)
        return Status(201, {"id": page.pk, "type": kind, "title": page.title, "language": language,
                            "status": "in_moderation", "status_label": str(STATUS_LABELS["in_moderation"]),
                            "comment": "", "url": None})


@api.post("/submissions/projects", response={201: schemas.Submission, **WRITE_RESPONSES}, auth=WRITE_AUTH,
          throttle=WRITE_THROTTLES, tags=["submissions"], operation_id="submissions_project_create",
          summary="Submit a project")
def submit_project(request: HttpRequest, payload: schemas.ProjectSubmission):
    """The project enters the editors' moderation, as from the web form; its status is in `GET /submissions`."""
    return _submit(request, payload, "project")


@api.post("/submissions/resources", response={201: schemas.Submission, **WRITE_RESPONSES}, auth=WRITE_AUTH,
          throttle=WRITE_THROTTLES, tags=["submissions"], operation_id="submissions_resource_create",
          summary="Submit a resource (by its link)")
def submit_resource(request: HttpRequest, payload: schemas.ResourceSubmission):
    """Files are uploaded through the web form; the API takes a link."""
    return _submit(request, payload, "resource")


@api.get("/submissions", response={200: schemas.SubmissionList, 401: schemas.Error, 429: schemas.Error},
         auth=WRITE_AUTH, throttle=[WRITE_THROTTLES[0]], tags=["submissions"], operation_id="submissions_list",
         summary="My submissions")
def my_submissions(request: HttpRequest):
    """Everything the token's account submitted, newest first, with where it stands in moderation."""
    from scientix.submissions.selectors import user_submissions

    return {"results": [
        {"id": item.page.pk, "type": item.page.specific_class._meta.model_name.removesuffix("page"),
         "title": item.page.title, "language": item.page.locale.language_code, "status": item.status,
         "status_label": str(item.label), "comment": item.comment or "",
         "url": request.build_absolute_uri(item.page.url) if item.page.live and item.page.url else None}
        for item in user_submissions(user=request.auth.user)
    ]}


@api.get("/", include_in_schema=False)
def index(request: HttpRequest):
    return JsonResponse({
        "openapi": request.build_absolute_uri("/api/v1/openapi.json"),
        "docs": request.build_absolute_uri("/api/v1/docs"),
        "endpoints": [request.build_absolute_uri(f"/api/v1/{path}") for path in
                      ["search", *(content.path for content in CONTENT_TYPES), "submissions"]],
        "languages": LANGUAGE_CODES,
    })
