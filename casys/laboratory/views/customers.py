"""The laboratory's customer records: the language of each customer's reports and its contact."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.laboratory.forms import CustomerRecordForm
from casys.laboratory.models import CustomerRecord
from casys.laboratory.services import LabInputError
from casys.laboratory.services.reports import set_customer_record
from casys.laboratory.views.common import REPORT_WRITERS, can, lab_for


def _form(record: CustomerRecord, data: object = None) -> CustomerRecordForm:
    initial = {
        "report_language": record.report_language,
        "contact_name": record.contact_name,
        "contact_email": record.contact_email,
    }
    return CustomerRecordForm(data, initial=initial, prefix=f"c{record.customer_id}")  # type: ignore[arg-type]


def _rows(lab: Body, posted: tuple[int, CustomerRecordForm] | None = None) -> list[dict[str, object]]:
    records = {r.customer_id: r for r in CustomerRecord.objects.filter(body=lab)}
    rows = []
    for customer in Body.objects.filter(managed_by=lab).order_by("name"):
        record = records.get(customer.pk) or CustomerRecord(body=lab, customer=customer)
        form = posted[1] if posted and posted[0] == customer.pk else _form(record)
        rows.append({"customer": customer, "record": record, "form": form})
    return rows


@login_required
def customer_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    context = {"lab": lab, "rows": _rows(lab), "can_edit": can(request, lab, REPORT_WRITERS)}
    return render(request, "laboratory/customer_list.html", context)


@login_required
@require_POST
def customer_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = lab_for(slug, *REPORT_WRITERS)
    customer = get_object_or_404(Body.objects, pk=pk, managed_by=lab)
    record = CustomerRecord.objects.filter(body=lab, customer=customer).first()
    form = _form(record or CustomerRecord(body=lab, customer=customer), request.POST)
    if form.is_valid():
        try:
            set_customer_record(lab, customer, actor=Actor.from_request(request), **form.cleaned_data)
        except LabInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The customer record was saved."))
            return redirect("laboratory:customers", slug=lab.slug)
    context = {"lab": lab, "rows": _rows(lab, (customer.pk, form)), "can_edit": True}
    return render(request, "laboratory/customer_list.html", context, status=400)
