"""Dealer pages: technicians."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import Organisation, User
from accounts.requests import request_user
from accounts.scoping import is_internal
from aftersales.errors import DomainError
from dealers import selectors
from dealers.forms import (
    CertificateForm,
)
from dealers.services.profiles import (
    certificate_register,
)
from dealers.views.common import (
    REGISTRY_ROLES,
)


@role_required(REGISTRY_ROLES)
@require_http_methods(["GET", "POST"])
def technician_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    people = User.objects.filter(
        is_active=True, groups__name="technician", organisation__kind=Organisation.Kind.DEALER
    ).distinct()
    if not is_internal(user):
        people = people.filter(organisation=user.organisation)
    form = CertificateForm(request.POST or None, technicians=people.order_by("username"))
    if request.method == "POST" and form.is_valid():
        try:
            certificate_register(by=user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Certificate registered."))
            return redirect("dealers:technician-list")
    return render(
        request,
        "dealers/technician_list.html",
        {
            "certificates": selectors.certificate_scope(user),
            "form": form,
            "today": timezone.localdate(),
        },
    )
