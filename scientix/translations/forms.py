from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser
from wagtail.models import Page

from scientix.languages import EU_LANGUAGES
from scientix.submissions.uploads import validate_upload
from scientix.translations.permissions import people_with


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} <{obj.email}>" if obj.name else obj.email


def default_due_date():
    return timezone.localdate() + timedelta(days=14)


class AssignmentForm(forms.Form):
    translator = PersonChoiceField(label=_("Translator"), queryset=None)
    reviewer = PersonChoiceField(
        label=_("Reviewer"), queryset=None, required=False,
        help_text=_("Leave empty to let any translation reviewer take it."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=AdminDateInput, initial=default_due_date)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["translator"].queryset = people_with("translate")
        self.fields["reviewer"].queryset = people_with("review")

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_date


class NewJobForm(AssignmentForm):
    """An editor has any page (news, blog, a static page) translated through the same flow."""

    page = forms.ModelChoiceField(label=_("Page"), queryset=Page.objects.filter(depth__gt=1), widget=AdminPageChooser())
    language = forms.ChoiceField(label=_("Into"), choices=EU_LANGUAGES)
    field_order = ["page", "language", "translator", "reviewer", "due_date"]

    def __init__(self, data=None, *args, **kwargs):
        page = str(data.get("page", "")) if data is not None else ""
        if data is not None and not (page.isdigit() and len(page) <= 18):
            # Not a page id: Wagtail's page chooser cannot even render it, and it would not fit a database id.
            data = data.copy()
            data["page"] = ""
        super().__init__(data, *args, **kwargs)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("Everyone who asked receives it."))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False)


class ApproveForm(forms.Form):
    machine_text_reviewed = forms.BooleanField(
        label=_("I have read the machine-drafted texts and they are fit to publish"), required=False,
    )


class TranslatedFileForm(forms.Form):
    file = forms.FileField(label=_("Translated file"))
    title = forms.CharField(label=_("Title"), max_length=255)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)  # by content, not by the name it claims
        return uploaded
