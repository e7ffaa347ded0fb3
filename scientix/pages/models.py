from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from scientix.core.ratelimit import over_limit

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class FooterLinkMixin(models.Model):
    show_in_footer = models.BooleanField(
        _("show in footer"), default=False,
        help_text=_("Link to this page from the footer of every page."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]

    class Meta:
        abstract = True


class FallbackRoutingMixin:
    """Serve a child page that has no version in the reader's language.

    /fr/resources/x/ when resource x exists only in German: the French list
    page has no child 'x', so look under the other language versions of this
    page (the default language first). The page is then shown under the
    reader's prefix with its "not yet in your language" notice, not a 404.
    """

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            for parent in self._versions_with_child(path_components[0]):
                try:
                    return parent.route(request, path_components)
                except Http404:
                    continue
            raise

    def get_context(self, request, *args, **kwargs):
        from scientix.core.selectors import locale_cached

        # Templates show the page's language everywhere: fill the relation from the cache.
        self.locale = locale_cached(self.locale_id)
        return super().get_context(request, *args, **kwargs)

    def _versions_with_child(self, child_slug: str) -> list:
        from django.db.models.functions import Substr

        # Paths of the parents of live pages with that slug one level below: one query in all.
        parent_paths = (
            Page.objects.live().filter(slug=child_slug, depth=self.depth + 1)
            .annotate(parent_path=Substr("path", 1, self.depth * Page.steplen))
            .values("parent_path")
        )
        versions = (
            type(self).objects.live()
            .filter(translation_key=self.translation_key, path__in=parent_paths)
            .exclude(pk=self.pk)
            .select_related("locale")
        )
        # The default language first: it is the original more often than not.
        return sorted(versions, key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)


class DirectChildRoutingMixin:
    """For list pages with thousands of children of one type: find the child in one query.

    Wagtail's default route loads the child as a plain page, then again as
    its specific type; here one query loads the specific child together with
    the relations its template shows (``child_select_related``).
    """

    child_model_name: str = ""  # "app_label.ModelName"
    child_select_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        if path_components:
            from django.apps import apps

            model = apps.get_model(self.child_model_name)
            child = (
                model.objects.child_of(self).filter(slug=path_components[0])
                .select_related("locale", *self.child_select_related).first()
            )
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class ListPage(DirectChildRoutingMixin, FallbackRoutingMixin, Page):
    """What every list page (projects, resources, events, news, blog, Observatory) shares:
    an introduction, one per parent, children found in one query, and a view that renders the list.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count_per_parent = 1
    list_view: str = ""  # dotted path of view(request, *, index_page) that renders the list

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        return import_string(self.list_view)(request, index_page=self)


class JsonLdMixin:
    """Puts the page's schema.org description in the context; base.html writes it into the head."""

    def get_context(self, request, *args, **kwargs):
        from scientix.pages.selectors import page_json_ld

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("json_ld", page_json_ld(page=self))
        return context


class HomePage(JsonLdMixin, FallbackRoutingMixin, Page):
    """The portal's front door; one per site, its translations under it."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(JsonLdMixin, FallbackRoutingMixin, FooterLinkMixin, Page):
    """A page of text: About, Accessibility statement, Privacy notice..."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class BoundedFormBuilder(FormBuilder):
    """Wagtail's builder, with a ceiling on free text so nobody posts a novel."""

    def create_multiline_field(self, field, options):
        options["max_length"] = settings.CONTACT_MESSAGE_MAX_LENGTH
        return super().create_multiline_field(field, options)


class ContactSubmission(AbstractFormSubmission):
    """A message to the editors; linked to its sender's account when signed in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)


class ContactPage(JsonLdMixin, FooterLinkMixin, AbstractEmailForm):
    """Contact form whose messages are stored for editors and mailed to them."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(_("thank-you text"), features=RICH_TEXT_FEATURES, blank=True)
    form_builder = BoundedFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            _("E-mail to editors"),
        ),
    ]

    class Meta:
        verbose_name = _("contact page")

    def get_submission_class(self):
        return ContactSubmission

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and _contact_rate_limited(request):
            context = self.get_context(request)
            context["form"] = self.get_form(request.POST, page=self, user=request.user)
            context["rate_limited"] = True
            return render(request, self.get_template(request), context, status=429)
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        user = form.user if form.user is not None and form.user.is_authenticated else None
        submission = ContactSubmission.objects.create(form_data=form.cleaned_data, page=self, user=user)
        transaction.on_commit(lambda: self.send_mail(form))
        return submission

    def send_mail(self, form):
        addresses = [a.strip() for a in (self.to_address or settings.EDITORS_EMAIL).split(",") if a.strip()]
        reply_to = [value for field, value in form.cleaned_data.items() if field.endswith("email") and value]
        EmailMessage(
            subject=self.subject or "Scientix contact form",
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=addresses,
            reply_to=reply_to[:1],
        ).send()


def _contact_rate_limited(request) -> bool:
    """True once an address has sent CONTACT_RATE_LIMIT messages within the hour."""
    return over_limit(f"contact-rate:{request.META.get('REMOTE_ADDR', '')}", limit=settings.CONTACT_RATE_LIMIT)

