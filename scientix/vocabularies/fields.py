"""Form fields for picking terms of one vocabulary, labelled in the reader's language."""

from django import forms

from scientix.vocabularies.models import Term


class TermChoiceField(forms.ModelMultipleChoiceField):
    """Multiple terms of one vocabulary; labels follow the active language."""

    def __init__(self, vocabulary: str, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(queryset=Term.objects.of(vocabulary), **kwargs)
        self.vocabulary = vocabulary

    def label_from_instance(self, term):
        return ("— " if term.parent_id else "") + term.label


class SingleTermChoiceField(forms.ModelChoiceField):
    def __init__(self, vocabulary: str, **kwargs):
        super().__init__(queryset=Term.objects.of(vocabulary), **kwargs)
        self.vocabulary = vocabulary

    def label_from_instance(self, term):
        return term.label
