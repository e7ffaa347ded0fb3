"""Subscribe and manage forms: choices are closed lists (the 24 languages, the subject vocabulary)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scientix.languages import EU_LANGUAGES
from scientix.newsletters.models import Frequency
from scientix.vocabularies.models import Term


def subject_choices() -> list[tuple[str, str]]:
    return [(term.code, ("— " if term.parent_id else "") + term.label)
            for term in Term.objects.of("subject").only("code", "labels", "parent_id")]


class PreferencesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Content in these languages"), choices=EU_LANGUAGES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")})
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to hear about every subject."))
    frequency = forms.ChoiceField(label=_("Digest of what is new"), choices=Frequency.choices,
                                  initial=Frequency.WEEKLY, widget=forms.RadioSelect)
    thematic = forms.BooleanField(label=_("Also send me the thematic newsletters written by the editors"),
                                  required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = subject_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency") == Frequency.NONE and not cleaned.get("thematic"):
            raise forms.ValidationError(_("Choose a digest or the thematic newsletters: otherwise we would send "
                                          "you nothing."))
        return cleaned


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        label="", required=True, initial=False,
        error_messages={"required": _("Tick the box to agree, or we cannot send you anything.")})
    field_order = ["email", "languages", "topics", "frequency", "thematic", "consent"]

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text


class ProfileSubscriptionForm(PreferencesForm):
    consent = forms.BooleanField(
        label="", required=True, initial=False,
        error_messages={"required": _("Tick the box to agree, or we cannot send you anything.")})

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(label=_("Send at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
