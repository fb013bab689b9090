from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel

from kms.public_url import PublicUrlMixin

from . import ratelimit
from .forms import ContactFormBuilder


class FormField(AbstractFormField):
    """One field of a contact page's form, as the editor defined it."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(PublicUrlMixin, AbstractEmailForm):
    """The contact form editors build in the admin; submissions are stored and emailed to the team.

    A hidden honeypot field catches the bots that fill every input, and each
    client may send only a few messages an hour (ratelimit.py).
    """

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    thank_you_text = models.TextField(
        _("thank-you text"), max_length=1000, blank=True, help_text=_("Shown after the form is sent.")
    )

    form_builder = ContactFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            heading=_("Email"),
        ),
    ]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if ratelimit.is_limited("contact", request):
            return self._render_form(request, form, limited=True, status=429)
        if not form.is_valid():
            return self._render_form(request, form, status=400)
        if form.caught_in_honeypot:
            # Bots see the same thank-you page; nothing is stored or sent.
            ratelimit.record("contact", request)
            return self.render_landing_page(request, None, *args, **kwargs)
        submission = self.process_form_submission(form)
        ratelimit.record("contact", request)  # only once the message is stored: a failure costs the visitor nothing
        return self.render_landing_page(request, submission, *args, **kwargs)

    def _render_form(self, request, form, limited=False, status=200):
        context = self.get_context(request)
        context.update(form=form, rate_limited=limited, rate_limit_minutes=ratelimit.window_minutes("contact"))
        return TemplateResponse(request, self.get_template(request), context, status=status)


class Subscription(models.Model):
    """One email address on the newsletter list, and where it stands in the double opt-in.

    An address is added as pending and receives newsletters only once its owner
    clicks the link in the confirmation email. Unsubscribing keeps the row (so a
    later signup starts a fresh confirmation) but stops every email.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    requested_at = models.DateTimeField(_("last signup request"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    last_email_at = models.DateTimeField(_("last signup email"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
