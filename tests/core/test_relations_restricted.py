"""A meta-test: every relation a form, a filter or the API offers or accepts is restricted to what the user may see.

It fails for any serializer, form or filter field whose choices did not go through `Model.objects.restrict(user)`
(core.forms.restrict_choices), so a new field cannot reopen the hole by which the API once told a liaison Kenya's
strength.
"""

import importlib
import inspect

import pytest
from django import forms as django_forms
from django.apps import apps
from django.test import RequestFactory
from rest_framework.request import Request

from muster.core.api_urls import router
from muster.core.filtersets import RestrictedFilterSet
from muster.core.forms import RestrictedModelForm
from muster.core.models import User

pytestmark = pytest.mark.django_db

# Relations to models that have no scope of their own (no restricted manager), and why they may be offered whole.
UNSCOPED = {"contenttypes.contenttype": "a record type, not a record: citations name the type of what they cite"}


@pytest.fixture
def liaison(demo):
    return User.objects.get(username="liaison-gtm")


def _relations(fields):
    for name, field in fields.items():
        relation = getattr(field, "child_relation", field)
        queryset = getattr(relation, "queryset", None)
        if queryset is not None and not getattr(field, "read_only", False):
            yield name, queryset


def _unrestricted(fields, user):
    wrong = []
    for name, queryset in _relations(fields):
        model = queryset.model
        if model._meta.label_lower in UNSCOPED:
            continue
        restricted_for = getattr(queryset, "restricted_for", None)
        if not hasattr(model.objects, "restrict") or restricted_for is None or restricted_for[0] != user:
            wrong.append(f"{name} → {model._meta.label}")
    return wrong


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _subclasses(cls):
    for app in apps.get_app_configs():
        if app.name.startswith("muster."):
            for module in ("forms", "filtersets"):
                try:
                    importlib.import_module(f"{app.name}.{module}")
                except ModuleNotFoundError:
                    pass
    found, todo = set(), [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: c.__qualname__)


def test_every_serializer_of_the_api_restricts_every_relation_it_accepts(liaison):
    request = Request(_request(liaison))
    request._force_auth_user = request._user = liaison
    wrong = []
    for prefix, viewset, _basename in router.registry:
        serializer = viewset.serializer_class(context={"request": request})
        wrong += [f"/api/{prefix}/ {w}" for w in _unrestricted(serializer.fields, liaison)]
    assert not wrong, "relations not restricted to the user's scope:\n" + "\n".join(wrong)


def test_every_model_form_restricts_every_choice_it_offers(liaison):
    wrong, checked = [], 0
    for form_class in _subclasses(RestrictedModelForm):
        if getattr(form_class, "_meta", None) is None or form_class._meta.model is None or inspect.isabstract(
                form_class):
            continue
        form = form_class(user=liaison)
        wrong += [f"{form_class.__qualname__}.{w}" for w in _unrestricted(form.fields, liaison)]
        checked += 1
    assert checked >= 25
    assert not wrong, "choices not restricted to the user's scope:\n" + "\n".join(wrong)


def test_every_other_form_that_offers_records_restricts_them(liaison, signed_in):
    from muster.force.forms import ContributionTableForm, RollCommitForm, RollUploadForm
    from muster.intake.forms import FIELDS_FORMS, StatementForm
    from muster.intake.models import Proposal, Statement
    from muster.missions.models import Mission
    from muster.operations.views.acled import AcledCommitForm, AcledUploadForm
    from muster.operations.views.incident_map import IncidentPeriodForm

    wrong = []
    mss = Mission.objects.get(code="MSS")
    for form in (RollUploadForm(user=liaison), ContributionTableForm(user=liaison), RollCommitForm(user=liaison),
                 AcledUploadForm(user=liaison), AcledCommitForm(user=liaison),
                 IncidentPeriodForm({}, user=liaison, mission=mss), StatementForm(user=liaison),
                 *(form_class(user=liaison, proposal=Proposal(statement=Statement(mission=mss), kind=kind, fields={}))
                   for kind, form_class in FIELDS_FORMS.items())):
        wrong += [f"{type(form).__qualname__}.{w}" for w in _unrestricted(form.fields, liaison)]
    # The bulk forms take their choices from their pages: read them as the page builds them.
    client = signed_in("liaison-gtm")
    for url in ("/duty-statuses/set/?mission=MSS", "/logistics/postings/set/?mission=MSS"):
        form = client.get(url).context["form"]
        wrong += [f"{url} {w}" for w in _unrestricted(form.fields, liaison)]
    others = [c for c in _subclasses(django_forms.Form) if c.__module__.startswith("muster.")
              and not issubclass(c, django_forms.ModelForm)
              and any(isinstance(f, django_forms.ModelChoiceField) for f in c.base_fields.values())]
    assert {c.__name__ for c in others} <= {"RollUploadForm", "ContributionTableForm", "RollCommitForm",
                                            "DutyStatusBulkForm", "PostingBulkForm", "AcledUploadForm",
                                            "AcledCommitForm", "IncidentPeriodForm", "StatementForm",
                                            *(form_class.__name__ for form_class in FIELDS_FORMS.values())}, \
        "a new form offers records: add it to this test"
    assert not wrong, "choices not restricted to the user's scope:\n" + "\n".join(wrong)


def test_every_filter_restricts_the_records_it_offers(liaison):
    wrong, checked = [], 0
    for filterset_class in _subclasses(RestrictedFilterSet):
        if filterset_class._meta.model is None:
            continue
        filterset = filterset_class({}, queryset=filterset_class._meta.model.objects.none(),
                                    request=_request(liaison))
        wrong += [f"{filterset_class.__qualname__}.{w}" for w in _unrestricted(filterset.form.fields, liaison)]
        checked += 1
    assert checked >= 20
    assert not wrong, "filter choices not restricted to the user's scope:\n" + "\n".join(wrong)


def test_the_meta_test_catches_an_unrestricted_field(liaison):
    from muster.force.models import Contingent

    assert _unrestricted({"contingent": django_forms.ModelChoiceField(queryset=Contingent.objects.all())}, liaison)
