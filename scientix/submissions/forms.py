from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from scientix.core.text import validate_plain_text
from scientix.events.models import DEFAULT_TIME_ZONE, EVENT_FACETS, EventType, time_zone_choices
from scientix.languages import EU_LANGUAGES
from scientix.projects.models import PROJECT_FACETS
from scientix.resources.models import RESOURCE_FACETS, ResourceKind
from scientix.submissions.uploads import validate_upload
from scientix.vocabularies.classification import facet_form_fields

PLAIN = [validate_plain_text]


class ProjectSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, validators=PLAIN)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False, validators=PLAIN)
    description = forms.CharField(label=_("Description"), max_length=10_000, widget=forms.Textarea, validators=PLAIN)
    keywords = forms.CharField(label=_("Keywords"), max_length=500, required=False, validators=PLAIN,
                               help_text=_("Separate keywords with commas."))
    start_date = forms.DateField(label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    coordinator_name = forms.CharField(label=_("Coordinating organisation"), max_length=255, validators=PLAIN)
    coordinator_country = CountryField(blank=True).formfield(label=_("Country of the coordinator"), required=False)
    coordinator_website = forms.URLField(label=_("Website of the coordinator"), required=False, max_length=500, assume_scheme="https")
    website = forms.URLField(label=_("Project website"), required=False, max_length=500, assume_scheme="https")
    results = forms.CharField(label=_("Results"), max_length=10_000, required=False, widget=forms.Textarea, validators=PLAIN)
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=EU_LANGUAGES, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(facet_form_fields(PROJECT_FACETS, required=("programme",)))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A project cannot end before it starts."))
        return cleaned


class ResourceSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, validators=PLAIN)
    description = forms.CharField(label=_("Description"), max_length=10_000, widget=forms.Textarea, validators=PLAIN)
    keywords = forms.CharField(label=_("Keywords"), max_length=500, required=False, validators=PLAIN,
                               help_text=_("Separate keywords with commas."))
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    link = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, ODT, DOCX, PPTX, ODP, ZIP or an image; 20 MB at most."))
    age_min = forms.IntegerField(label=_("Typical age from"), required=False, min_value=0, max_value=99)
    age_max = forms.IntegerField(label=_("Typical age to"), required=False, min_value=0, max_value=99)
    rights = forms.CharField(label=_("Rights holder"), max_length=255, required=False, validators=PLAIN)
    free_of_charge = forms.BooleanField(label=_("Free of charge"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(facet_form_fields(RESOURCE_FACETS, required=("licence",)))

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.detected_mime = validate_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("link", _("Give a link or a file: a resource must be reachable."))
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("The upper age cannot be below the lower age."))
        return cleaned


class EventSubmissionForm(forms.Form):
    """A suggested event, as the organiser would announce it: local dates and times in the event's zone."""

    title = forms.CharField(label=_("Title"), max_length=255, validators=PLAIN)
    description = forms.CharField(label=_("Description"), max_length=10_000, widget=forms.Textarea, validators=PLAIN)
    event_type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                                 help_text=_("Leave the times empty for an all-day event."))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("The last day of the event, included."))
    end_time = forms.TimeField(label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), initial=DEFAULT_TIME_ZONE,
                                  help_text=_("Where the times above are read, e.g. Europe/Lisbon."))
    online = forms.BooleanField(label=_("Online event"), required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False, max_length=1000, assume_scheme="https")
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False, validators=PLAIN)
    city = forms.CharField(label=_("City"), max_length=120, required=False, validators=PLAIN)
    country = CountryField(blank=True).formfield(label=_("Country"), required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=255, validators=PLAIN)
    registration_url = forms.URLField(label=_("Registration link"), required=False, max_length=1000, assume_scheme="https")
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=EU_LANGUAGES, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        labels = {"audiences": _("Audience"), "subjects": _("Subjects")}
        for name, field in facet_form_fields(EVENT_FACETS).items():
            field.label = labels[name]
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        start_date, end_date = cleaned.get("start_date"), cleaned.get("end_date")
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_date and end_date and end_date < start_date:
            self.add_error("end_date", _("An event cannot end before it starts."))
        if (start_time is None) != (end_time is None) and "start_time" not in self.errors and "end_time" not in self.errors:
            self.add_error("end_time", _("Give both times, or neither for an all-day event."))
        elif start_time and end_time and start_date and start_date == end_date and end_time <= start_time:
            self.add_error("end_time", _("An event cannot end before it starts."))
        if not cleaned.get("online") and not cleaned.get("city") and not cleaned.get("country"):
            self.add_error("city", _("Give the city and country of the venue, or mark the event as online."))
        return cleaned
