"""Forms of intake: a statement submitted (pasted or a file), the fields of a proposal as the reviewer edits them
(one form per kind, its choices the records' own), and the grade the reviewer gives the statement's source."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from muster.core.forms import restrict_choices
from muster.core.uploads import UploadField
from muster.force.models import Movement
from muster.funding.models import Category, FundingFlow, Transaction
from muster.funding.money import currency_valid
from muster.missions.models import Country, Mission, PersonnelCategory
from muster.operations.models import Actor, Classification, EventType
from muster.places.models import AREA_NAMES, AdminArea, Site
from muster.sources.models import Claim, Source

from .models import Proposal

LANGUAGES = [("", _("Detect it")), ("en", _("English")), ("fr", _("French")), ("es", _("Spanish")),
             ("ht", _("Haitian Creole"))]
# A statement's file: a page or a few. A 5 MB file is not a statement (and a PDF that large is mostly images).
STATEMENT_MAX_BYTES = 2 * 1024 * 1024
STATEMENT_EXTENSIONS = (".txt", ".html", ".htm", ".pdf")


class StatementForm(forms.Form):
    mission = forms.ModelChoiceField(queryset=Mission.objects.all(), to_field_name="code")
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("Paste the statement, or send its file below."))
    file = UploadField(label=_("File"), required=False, max_bytes=STATEMENT_MAX_BYTES,
                       help_text=_("A .txt, .html or .pdf file."))
    source = forms.ModelChoiceField(label=_("Existing source"), queryset=Source.objects.all(), required=False,
                                    help_text=_("If Muster already holds it as a source; otherwise one is made from "
                                                "the statement when its first proposal is accepted."))
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False,
                                help_text=_("Who published it: a ministry, a newspaper, a UN body."))
    published_on = forms.DateField(label=_("Published on"),
                                   help_text=_("Dates in the text (“yesterday”) are read from it."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self.fields, user)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if not upload.name.lower().endswith(STATEMENT_EXTENSIONS):
                self.add_error("file", _("Send a .txt, .html or .pdf file."))
            else:
                from .reading import StatementError, statement_text

                try:
                    cleaned["text"] = statement_text(upload.read(), filename=upload.name)
                except StatementError as error:
                    self.add_error("file", str(error))
        elif not (cleaned.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("The statement is empty: paste its text or send its file."))
        if not cleaned.get("publisher"):
            if cleaned.get("source"):
                cleaned["publisher"] = cleaned["source"].publisher
            else:
                self.add_error("publisher", _("Say who published it, or choose the source Muster holds."))
        return cleaned


class GradeForm(forms.Form):
    """The grade of the source the accepted records cite (when the statement has none yet). F6 by default: who
    said it, and whether it is true, cannot be judged from the statement alone; the reviewer who knows better says
    so."""

    kind = forms.ChoiceField(label=_("Kind of source"), choices=Source.Kind.choices,
                             initial=Source.Kind.PRESS_STATEMENT)
    reliability = forms.ChoiceField(choices=Source.Reliability.choices, initial=Source.Reliability.F)
    credibility = forms.ChoiceField(choices=Source.Credibility.choices, initial=Source.Credibility.CANNOT_JUDGE)


def _categories():
    return [("", _("Not said"))] + list(PersonnelCategory.choices)


class ProposalFieldsForm(forms.Form):
    """A proposal's fields as the reviewer edits them; `fields_json()` gives them back as Proposal.fields keeps them.
    The record's own rules (strength never below nobody, a flow's balances, the mission's dates) are checked when it
    is accepted, by the record's store, with the same messages as its own form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        restrict_choices(self.fields, user)
        self.fields["version"].initial = proposal.version

    def fields_json(self):
        data = dict(self.proposal.fields)  # what the form does not edit (an incident's tolls) is kept
        for name, value in self.cleaned_data.items():
            if name == "version":
                continue
            if isinstance(value, Country):
                value = value.iso3
            elif hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            elif value is not None and not isinstance(value, bool | int | str | list):
                value = str(value)
            data[name] = "" if value is None and name in ("country", "category", "donor") else value
        return data


class MovementFieldsForm(ProposalFieldsForm):
    country = forms.ModelChoiceField(queryset=Country.objects.all())
    category = forms.ChoiceField(choices=_categories, required=False)
    kind = forms.ChoiceField(choices=Movement.Kind.choices)
    count = forms.IntegerField(min_value=1)
    men = forms.IntegerField(min_value=0, required=False)
    women = forms.IntegerField(min_value=0, required=False)
    date = forms.DateField()

    def clean(self):
        cleaned = super().clean()
        parts = (cleaned.get("men") or 0) + (cleaned.get("women") or 0)
        if cleaned.get("count") and parts > cleaned["count"]:
            self.add_error("count", _("Men and women make %(parts)s, more than the count.") % {"parts": parts})
        return cleaned


class ClaimFieldsForm(ProposalFieldsForm):
    country = forms.ModelChoiceField(queryset=Country.objects.all(), required=False,
                                     help_text=_("Empty for the whole mission."))
    category = forms.ChoiceField(choices=_categories, required=False)
    metric = forms.ChoiceField(choices=Claim.Metric.choices)
    value = forms.IntegerField(min_value=0)
    as_of = forms.DateField(label=_("As of"))


class FundingFieldsForm(ProposalFieldsForm):
    donor = forms.ModelChoiceField(queryset=Country.objects.all(), required=False)
    flow = forms.ModelChoiceField(queryset=FundingFlow.objects.all(), required=False,
                                  help_text=_("The funding flow the transaction belongs to."))
    type = forms.ChoiceField(choices=Transaction.Type.choices)
    amount = forms.DecimalField(min_value=0, decimal_places=4, max_digits=20)
    currency = forms.CharField(max_length=3, help_text=_("ISO 4217, e.g. USD, EUR, CAD."))
    date = forms.DateField()
    purposes = forms.MultipleChoiceField(choices=Category.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, proposal=proposal, **kwargs)
        self.fields["flow"].queryset = self.fields["flow"].queryset.filter(
            mission=proposal.statement.mission_id).select_related("donor", "recipient")

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if not currency_valid(currency):
            raise ValidationError(_("“%s” is not an ISO 4217 currency code (e.g. USD, EUR, CAD).") % currency)
        return currency


class IncidentFieldsForm(ProposalFieldsForm):
    """An incident's own fields; its tolls (killed, wounded… by group) are kept as the statement gives them."""

    title = forms.CharField(max_length=200, help_text=_("A line that says what happened."))
    date = forms.DateField()
    event_type = forms.ModelChoiceField(queryset=EventType.objects.all(), required=False,
                                        help_text=_("Required to accept it."))
    actor1 = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.all(), required=False,
                                    help_text=_("Required to accept it."))
    location = forms.CharField(max_length=200, required=False, help_text=_("The named place, e.g. Pont-Sondé."))
    site = forms.ModelChoiceField(queryset=Site.objects.all(), required=False)
    adm2 = forms.ModelChoiceField(label=_("Commune"), queryset=AdminArea.objects.filter(
        level=AdminArea.Level.ADM2).only("pcode", *AREA_NAMES, "level"),
                                  required=False, help_text=_("Where, if not at a site: the commune."))
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.RESTRICTED)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, proposal=proposal, **kwargs)
        self.fields["site"].queryset = self.fields["site"].queryset.filter(mission=proposal.statement.mission_id)


class ParticipationFieldsForm(ProposalFieldsForm):
    """A country joining or pledging personnel (its contingent of a category, with the count pledged), or a person
    named to a post (an appointment)."""

    country = forms.ModelChoiceField(queryset=Country.objects.all(), required=False,
                                     help_text=_("Empty for a post of the mission's own."))
    person = forms.CharField(max_length=200, required=False,
                             help_text=_("A person named to a post; empty for a country joining or pledging."))
    role = forms.CharField(max_length=200, help_text=_("The post (commander, minister) or “pledges "
                                                       "personnel”, “joins”."))
    category = forms.ChoiceField(choices=_categories, required=False,
                                 help_text=_("The contingent's category: required to accept a country's pledge."))
    count = forms.IntegerField(label=_("Pledged"), min_value=1, required=False,
                               help_text=_("The personnel pledged, if the statement says."))
    since = forms.DateField(required=False, help_text=_("A person's first day in the post; empty for the day the "
                                                        "statement was published."))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and "country" in cleaned and not cleaned.get("country"):
            self.add_error("country", _("Say which country joins or pledges, or name the person."))
        return cleaned


FIELDS_FORMS = {Proposal.Kind.MOVEMENT: MovementFieldsForm, Proposal.Kind.CLAIM: ClaimFieldsForm,
                Proposal.Kind.FUNDING: FundingFieldsForm, Proposal.Kind.PARTICIPATION: ParticipationFieldsForm,
                Proposal.Kind.INCIDENT: IncidentFieldsForm}


def fields_form(proposal, *, user, data=None):
    """The edit form of `proposal`'s kind, bound to `data` or filled with its fields; None for a kind Muster
    keeps no record of."""
    form_class = FIELDS_FORMS.get(proposal.kind)
    if form_class is None:
        return None
    initial = {name: value for name, value in proposal.fields.items() if name in form_class.base_fields}
    return form_class(data, user=user, proposal=proposal, initial=initial, prefix=f"p{proposal.pk}")
