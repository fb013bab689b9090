"""Who does what where: the filtered list, table and map; a page per service; open data; editing."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from ..listings import query_without_page
from . import geo, knowledge, opendata
from .forms import ServiceFilterForm, ServiceForm
from .models import Service
from .permissions import can_add_services, can_edit_service, editable_organisations

PER_PAGE = 20


def _filtered(request):
    form = ServiceFilterForm(request.GET or None)
    return form, form.filter(Service.objects.public())


def focus_countries(form, services):
    """The countries the map frames: the chosen country, else the chosen region, else where the services are."""
    wanted = form.applied()
    if "country" in wanted:
        return [wanted["country"].code]
    if "region" in wanted:
        return list(wanted["region"].countries.values_list("code", flat=True))
    return sorted({service.country.code for service in services})


def service_list(request):
    form, services = _filtered(request)
    services = list(services)
    table = request.GET.get("view") == "table"
    page = Paginator(services, (len(services) or 1) if table else PER_PAGE).get_page(request.GET.get("page"))
    query = query_without_page(request.GET)
    without_view = request.GET.copy()
    without_view.pop("view", None)
    without_view.pop("page", None)
    return render(
        request,
        "mapping/service_list.html",
        {
            "filter_form": form,
            "services_page": page,
            "count": len(services),
            "table": table,
            "query_string": query,
            "filters_query": without_view.urlencode(),
            "map": geo.draw(focus_countries(form, services), services),
            "can_add": can_add_services(request.user),
        },
    )


def service_detail(request, pk):
    service = get_object_or_404(Service.objects.public(), pk=pk)
    return render(
        request,
        "mapping/service_detail.html",
        {
            "service": service,
            "map": geo.draw([service.country.code], [service]),
            "can_edit": can_edit_service(request.user, service),
            "knowledge": knowledge.about(service, Locale.get_active()),
        },
    )


def _records(request):
    _form, services = _filtered(request)
    return [opendata.record(service, request.build_absolute_uri(service.get_absolute_url())) for service in services]


def services_json(request):
    records = _records(request)
    response = JsonResponse({"language": get_language(), "count": len(records), "services": records})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def services_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="services-{get_language()}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    writer = csv.writer(response)
    writer.writerows(opendata.csv_rows(_records(request)))
    return response


@login_required
def my_services(request):
    organisations = editable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    services = Service.objects.public().filter(organisation__in=organisations)
    return render(request, "mapping/my_services.html", {"services": services, "organisations": organisations})


@login_required
def service_edit(request, pk=None):
    organisations = editable_organisations(request.user)
    service = None
    if pk is not None:
        service = get_object_or_404(Service, pk=pk)
        if not can_edit_service(request.user, service):
            raise PermissionDenied
    elif not organisations.exists():
        raise PermissionDenied
    # The form's organisation field offers only the user's own: another organisation is "not a valid choice".
    form = ServiceForm(request.POST or None, instance=service, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        service = form.save()
        messages.success(request, _("The service is saved."))
        return redirect(service.get_absolute_url())
    return render(request, "mapping/service_form.html", {"form": form, "service": service})
