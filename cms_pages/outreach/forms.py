from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

# A field no person sees (the template hides it with the `hidden` attribute) and bots fill in.
HONEYPOT = "website_url"


class HoneypotMixin:
    """Adds the honeypot field; a filled-in honeypot marks the submission as a bot's, not as invalid.

    The bot gets the usual success page, so it learns nothing; the value never
    reaches the stored submission or the email.
    """

    caught_in_honeypot = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=500,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned_data = super().clean()
        self.caught_in_honeypot = bool(cleaned_data.pop(HONEYPOT, "").strip())
        return cleaned_data

    def honeypot(self):
        return self[HONEYPOT]

    def public_fields(self):
        return [field for field in self if field.name != HONEYPOT]


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder, with the honeypot added to every contact form."""

    def get_form_class(self):
        return type("ContactForm", (HoneypotMixin, BaseForm), self.formfields)


class SignupForm(HoneypotMixin, forms.Form):
    """The newsletter signup: one email address."""

    email = forms.EmailField(
        label=_("Your email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
