"""What the API answers, as pydantic schemas: they are the OpenAPI document.

Optional values are ``null``, never missing, so a client reads every field of
every item the same way. Dates are ISO 8601, URLs absolute.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from scientix.languages import LANGUAGE_CODES

Language = Literal[tuple(LANGUAGE_CODES)]  # an enum in the OpenAPI document


class Error(Schema):
    error: str = Field(..., description="Why the request was refused.", examples=["lang: unknown language 'xx'"])


class Coded(Schema):
    """A value of a controlled vocabulary (or a country, a kind): its code and its label in ``lang``."""

    code: str = Field(..., examples=["physics"])
    label: str = Field(..., examples=["Physics"])


class Licence(Coded):
    spdx_id: str = Field(..., description="SPDX identifier; empty when the licence has none.", examples=["CC-BY-4.0"])
    url: str = Field(..., description="The licence deed; empty when unknown.",
                     examples=["https://creativecommons.org/licenses/by/4.0/"])


class Translation(Schema):
    """A live language version of the same item."""

    language: str = Field(..., examples=["de"])
    id: int
    url: str = Field(..., description="Absolute URL of that version's page.")


class Organisation(Schema):
    name: str
    country: Coded | None


class Link(Schema):
    id: int
    title: str
    language: str
    url: str


class Rating(Schema):
    average: float | None = Field(..., description="Mean of the three criteria, 1 to 5; null when nobody rated.")
    pedagogical_value: float | None
    curricular_integration: float | None
    clarity: float | None
    count: int


class Facet(Schema):
    value: str
    label: str
    count: int


class ItemBase(Schema):
    id: int = Field(..., description="The page id of this language version.")
    language: str = Field(..., description="Language of this version.", examples=["en"])
    in_requested_language: bool = Field(..., description="False when the item has no version in `lang`: this is another one.")
    title: str
    url: str = Field(..., description="Absolute URL of the item's page on the portal.")
    first_published_at: datetime | None
    last_published_at: datetime | None
    translations: list[Translation] = Field(..., description="Every live language version, this one included.")


class Project(ItemBase):
    type: str = Field("project", description="Always `project`.")
    acronym: str
    description: str
    keywords: str
    results: str
    start_date: date | None
    end_date: date | None
    status: str = Field(..., description="`planned`, `active` or `finished`, from the dates and today.")
    website: str
    coordinator: Organisation | None
    partners: list[Organisation]
    countries: list[Coded] = Field(..., description="Countries of the coordinator and the partners.")
    programme: Coded | None = Field(..., description="Funding programme.")
    subjects: list[Coded]
    target_groups: list[Coded]
    age_ranges: list[Coded]
    languages: list[str] = Field(..., description="Languages the project works in (codes).")


class Resource(ItemBase):
    type: str = Field("resource", description="Always `resource`.")
    description: str
    keywords: str
    kind: Coded
    link: str = Field(..., description="Where the material is; empty when it is a file.")
    file_url: str | None = Field(..., description="Absolute URL of the uploaded file, if any.")
    format: str = Field(..., description="MIME type, when known.")
    licence: Licence | None
    rights: str = Field(..., description="Rights holder.")
    free_of_charge: bool
    age_min: int | None
    age_max: int | None
    resource_types: list[Coded]
    subjects: list[Coded]
    education_levels: list[Coded]
    age_ranges: list[Coded]
    end_user_roles: list[Coded]
    rating: Rating
    project: Link | None = Field(..., description="The project that made it, if known.")


class Collection(ItemBase):
    type: str = Field("collection", description="Always `collection`.")
    description: str
    resources: list[Link] = Field(..., description="Its live resources, in the editor's order.")


class Event(ItemBase):
    type: str = Field("event", description="Always `event`.")
    description: str
    event_type: Coded = Field(..., description="conference, workshop, webinar, networking, course, campaign, national.")
    all_day: bool
    start: str = Field(..., description="ISO 8601: a date for all-day events, else the local time with its UTC offset.",
                       examples=["2026-12-03T09:30:00+01:00"])
    end: str = Field(..., description="Like `start`; for all-day events the last day, included.")
    time_zone: str = Field(..., description="IANA time zone the times are read in.", examples=["Europe/Brussels"])
    cancelled: bool
    online: bool
    online_url: str
    venue: str
    city: str
    country: Coded | None
    organiser: str
    registration_url: str
    languages: list[str] = Field(..., description="Languages spoken at the event (codes).")
    audiences: list[Coded]
    subjects: list[Coded]
    ical_url: str = Field(..., description="Absolute URL of the event as an iCalendar file.")
    project: Link | None = Field(..., description="The related project, if any.")


class NewsItem(ItemBase):
    """A news item (scientix.editorial); blog posts and Observatory pages add their own fields."""

    type: str = Field("news", description="`news`, `blog` or `observatory`.")
    summary: str = Field(..., description="Plain text.")
    body: str = Field(..., description="The body as HTML (internal links resolved).")
    publication_date: date | None = Field(..., description="Publication date.")
    subjects: list[Coded]
    tags: list[str]
    image_url: str = Field(..., description="Absolute URL of the listing image; empty when there is none.")
    image_alt: str = Field(..., description="The image's alternative text.")


class BlogPost(NewsItem):
    author: str = Field(..., description="The author's name as shown.")
    organisation: Organisation | None = Field(..., description="The partner organisation the post is written for.")


class ObservatoryItem(NewsItem):
    kind: Coded = Field(..., description="article or report.")
    report_url: str = Field(..., description="Absolute URL of the report's PDF; empty for articles.")


class ProjectList(Schema):
    count: int = Field(..., description="Items matching, all pages together.")
    page: int
    page_size: int
    results: list[Project]
    facets: dict[str, list[Facet]] = Field(..., description="Counts per filter value, keyed by query parameter.")


class ResourceList(ProjectList):
    results: list[Resource]


class CollectionList(ProjectList):
    results: list[Collection]


class EventList(ProjectList):
    results: list[Event]


class NewsList(ProjectList):
    results: list[NewsItem]


class BlogPostList(ProjectList):
    results: list[BlogPost]


class ObservatoryList(ProjectList):
    results: list[ObservatoryItem]


class SearchHit(Schema):
    type: str = Field(..., examples=["resource"])
    id: int
    title: str
    language: str
    url: str = Field(..., description="Absolute URL.")
    snippet: str = Field(..., description="HTML: escaped text with <mark> around the matched words.")


class SearchResults(Schema):
    count: int
    page: int
    page_size: int
    results: list[SearchHit]
    facets: dict[str, list[Facet]]


class Suggestion(Schema):
    title: str
    url: str = Field(..., description="Path on the portal.")
    type: str
    language: str


class Suggestions(Schema):
    suggestions: list[Suggestion]


class ProjectSubmission(Schema):
    """A project, as on the web form; codes where the form has choices."""

    language: Language = Field("en", description="Language the project is written in.", examples=["en"])
    title: str = Field(..., max_length=255)
    acronym: str = Field("", max_length=40)
    description: str = Field(..., max_length=10_000)
    keywords: str = Field("", max_length=500, description="Separated by commas.")
    start_date: date | None = None
    end_date: date | None = None
    coordinator_name: str = Field(..., max_length=255)
    coordinator_country: str = Field("", description="ISO 3166-1 alpha-2 code.", examples=["DE"])
    coordinator_website: str = Field("", max_length=500)
    website: str = Field("", max_length=500)
    results: str = Field("", max_length=10_000)
    languages: list[str] = Field([], description="Language codes.", examples=[["en", "de"]])
    programme: str = Field(..., description="Funding programme code.", examples=["horizon-2020"])
    subjects: list[str] = Field([], examples=[["physics"]])
    target_groups: list[str] = []
    age_ranges: list[str] = []


class ResourceSubmission(Schema):
    """A resource given by its link (files are uploaded through the web form)."""

    language: Language = Field("en", description="Language the resource is written in.", examples=["en"])
    title: str = Field(..., max_length=255)
    description: str = Field(..., max_length=10_000)
    keywords: str = Field("", max_length=500)
    kind: str = Field(..., examples=["teaching_material"], description="`teaching_material`, `student_material` or `report`.")
    link: str = Field(..., max_length=1000, examples=["https://example.org/lesson"])
    age_min: int | None = None
    age_max: int | None = None
    rights: str = Field("", max_length=255)
    free_of_charge: bool = True
    licence: str = Field(..., examples=["cc-by-4-0"], description="Licence code.")
    resource_types: list[str] = []
    subjects: list[str] = []
    education_levels: list[str] = []
    age_ranges: list[str] = []
    end_user_roles: list[str] = []


class FieldErrors(Error):
    fields: dict[str, list[str]] = Field({}, description="Messages per field, in the language of the submission.")


class Submission(Schema):
    id: int
    type: str = Field(..., examples=["project"])
    title: str
    language: str
    status: str = Field(..., description="`in_moderation`, `needs_changes`, `published`, `declined` or `draft`.")
    status_label: str
    comment: str = Field(..., description="The editor's comment, if any.")
    url: str | None = Field(..., description="Absolute URL once published.")


class SubmissionList(Schema):
    results: list[Submission]
