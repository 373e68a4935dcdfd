"""Pages of intake: the statements, a statement submitted, its review (the text with each proposal's words
highlighted, the proposals beside what the records hold, accept / edit / reject), and a proposal's own page.

Every proposal shown, counted or reviewed is one of `Proposal.objects.restrict(user, …)`: a liaison's page shows no
proposal about another country, counts none, and answers 404 for one, as for a proposal that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.models import StaleEditError
from muster.core.tables import Column
from muster.funding.models import FundingFlow

from . import services
from .forms import GradeForm, StatementForm, fields_form
from .models import Proposal, Statement

PROPOSALS_PAGE = 50


def visible_proposals(user, action="view"):
    return Proposal.objects.restrict(user, action).select_related("country")


class StatementListView(generic.ObjectListView):
    model = Statement
    columns = [
        Column("published_on", _("Published"), sort="published_on"),
        Column("publisher", _("Publisher"), sort="publisher", link=True),
        Column("mission", _("Mission")),
        Column("language", _("Language")),
        Column("proposal_count", _("Proposals")),
        Column("pending_count", _("Waiting for review")),
        Column("submitted_by", _("Submitted by")),
    ]
    default_sort = ("-published_on", "-pk")
    related = ("mission", "submitted_by")

    def get_queryset(self, request):
        # The counts are of the proposals this user may see: a liaison is not told how many concern others.
        counted = (visible_proposals(request.user).filter(statement=OuterRef("pk")).order_by()
                   .values("statement").annotate(n=Count("pk"), pending=Count("pk", filter=Q(status="pending"))))
        return super().get_queryset(request).annotate(
            proposal_count=Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0),
            pending_count=Coalesce(Subquery(counted.values("pending"), output_field=IntegerField()), 0),
        )


class StatementAddView(LoginRequiredMixin, View):
    """Submit a statement: stored with what it proposes, nothing else; then its review page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not generic.may(request.user, Statement, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form):
        return render(request, "intake/statement_add.html", {"form": form, "opts": Statement._meta})

    def get(self, request):
        return self.render_form(request, StatementForm(user=request.user, initial=dict(request.GET.items())))

    def post(self, request):
        form = StatementForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                statement = services.statement_submit(
                    user=request.user, mission=data["mission"], text=data["text"], publisher=data["publisher"],
                    published=data["published_on"], language=data["language"] or None,
                    filename=upload.name if upload else "", source=data.get("source"))
            except ValidationError as error:
                _errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                return redirect(statement.get_absolute_url())
        return self.render_form(request, form)


def _errors_to_form(form, error):
    for field, messages_ in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
        form.add_error(field if field in form.fields else None, messages_)


def marked_text(text, proposals):
    """The statement's text as HTML, each proposal's words in a <mark> whose id its row links to. Words that overlap
    an earlier proposal's are marked from where that one ends; line breaks kept."""
    def plain(part):
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in part.split("\n")))

    pieces, position = [], 0
    for proposal in sorted(proposals, key=lambda p: (p.start, p.end)):
        start, end = max(proposal.start, position), max(proposal.end, position)
        pieces.append(plain(text[position:start]))
        pieces.append(format_html('<mark id="{}">{}</mark>', proposal.anchor, plain(text[start:end])))
        position = end
    pieces.append(plain(text[position:]))
    return mark_safe("".join(pieces))


def _match_lines(proposals, user):
    """For each proposal, what it would write, in words, beside what the records hold: one query for the flows."""
    flow_keys = {pk for p in proposals for pk in p.match.get("flows", [])}
    flows = FundingFlow.objects.restrict(user, "view").in_bulk(flow_keys) if flow_keys else {}
    lines = {}
    for proposal in proposals:
        match, fields = proposal.match, proposal.fields
        if proposal.kind == Proposal.Kind.MOVEMENT:
            if match.get("movement"):
                line = format_html(gettext('A citation on <a href="{}">movement #{}</a> (already recorded)'),
                                   reverse("force:movement_detail", args=[match["movement"]]), match["movement"])
            else:
                line = gettext("A new movement")
        elif proposal.kind == Proposal.Kind.CLAIM:
            computed = match.get("computed")
            if computed is None:
                line = gettext("A claim")
            elif computed != fields.get("value"):
                line = format_html('{} <strong class="flag">{}</strong>', gettext("A claim, flagged:"),
                                   gettext("differs from the records: %(n)s computed") % {"n": f"{computed:,}"})
            else:
                line = gettext("A claim, as the records compute it")
        elif proposal.kind == Proposal.Kind.FUNDING:
            seen = [flows[pk] for pk in match.get("flows", []) if pk in flows]
            if fields.get("flow"):
                line = gettext("A transaction on the flow chosen")
            elif len(seen) == 1:
                line = format_html('{} <a href="{}">{}</a>', gettext("A transaction on"),
                                   seen[0].get_absolute_url(), seen[0])
            elif seen:
                line = gettext("A transaction: the donor has %(n)s flows in this mission; edit it to choose one") % {
                    "n": len(seen)}
            else:
                line = gettext("A transaction: the donor has no flow in this mission that you may see; one must "
                               "be added (or chosen by who may see it)")
        elif proposal.kind == Proposal.Kind.PARTICIPATION and fields.get("person"):
            line = gettext("A new appointment")
        elif proposal.kind == Proposal.Kind.PARTICIPATION:
            if match.get("contingent"):
                line = format_html(gettext('A citation on <a href="{}">contingent #{}</a> (as it stands)'),
                                   reverse("force:contingent_detail", args=[match["contingent"]]), match["contingent"])
            elif fields.get("category"):
                line = gettext("The country's contingent in this category: made, or its pledged strength set")
            else:
                line = gettext("The country's contingent, once its category is chosen (edit it)")
        elif proposal.kind == Proposal.Kind.INCIDENT:
            line = (gettext("A new incident") if fields.get("event_type") and fields.get("actor1") else
                    gettext("A new incident, once its event type and actor are chosen (edit it)"))
        else:
            line = gettext("Nothing: Muster keeps no record of this kind; record it by hand or reject it")
        lines[proposal.pk] = line
    return lines


class StatementView(LoginRequiredMixin, View):
    """A statement's review: its text, its proposals, and the buttons that accept or reject them (POST)."""

    def get_object(self, request, pk):
        return get_object_or_404(Statement.objects.restrict(request.user, "view")
                                 .select_related("mission", "source", "submitted_by"), pk=pk)

    def get(self, request, pk, grade_form=None):
        statement = self.get_object(request, pk)
        proposals = list(visible_proposals(request.user).filter(statement=statement))
        changeable = set(visible_proposals(request.user, "change").filter(statement=statement)
                         .values_list("pk", flat=True))
        # Every proposal's words are marked in the text; the table of them goes PROPOSALS_PAGE at a time, so that a
        # long statement of many figures keeps its page within the budget.
        page = Paginator(proposals, PROPOSALS_PAGE).get_page(request.GET.get("page"))
        lines = _match_lines(page.object_list, request.user)
        rows = [{"proposal": p, "fields": p.fields_text(), "line": lines[p.pk],
                 "words": _excerpt(statement.text[p.start:p.end]), "may_review": p.pk in changeable,
                 "may_accept": p.pk in changeable and services.record_addable(request.user, p)}
                for p in page.object_list]
        return render(request, "intake/statement_detail.html", {
            "object": statement, "opts": Statement._meta, "rows": rows, "page": page,
            "text": marked_text(statement.text, proposals),
            "pending": any(p.pk in changeable and p.status == Proposal.Status.PENDING for p in proposals),
            # The version of every proposal "accept all" would accept, read with the page (not only this page's).
            "versions": ",".join(f"{p.pk}:{p.version}" for p in proposals
                                 if p.pk in changeable and p.status == Proposal.Status.PENDING),
            "grade_form": grade_form or GradeForm(),
            "history_url": reverse("core:history", args=["intake.statement", statement.pk]),
        })

    def post(self, request, pk):
        statement = self.get_object(request, pk)
        grade_form = GradeForm(request.POST)
        if not grade_form.is_valid():
            return self.get(request, pk, grade_form=grade_form)
        reviewable = visible_proposals(request.user, "change").filter(statement=statement).select_related(
            "statement__mission", "statement__source")
        if "reject" in request.POST:
            proposal = get_object_or_404(reviewable, pk=_key(request.POST["reject"]))
            chosen = [proposal]
        elif "accept" in request.POST:
            chosen = [get_object_or_404(reviewable, pk=_key(request.POST["accept"]))]
        else:  # accept all: every pending proposal this reviewer may review
            chosen = list(reviewable.filter(status=Proposal.Status.PENDING))
        read = dict(_versions(request.POST.get("versions", "")))
        versions = {p.pk: _key(request.POST.get(f"version-{p.pk}")) or read.get(p.pk) or p.version for p in chosen}
        try:
            if "reject" in request.POST:
                services.proposal_reject(user=request.user, proposal=chosen[0], version=versions[chosen[0].pk])
                messages.success(request, gettext("Rejected: nothing was recorded from those words."))
            else:
                records = services.proposals_accept(
                    user=request.user, statement=statement, accepted=[(p, versions[p.pk], None) for p in chosen],
                    **grade_form.cleaned_data)
                messages.success(request, gettext("Accepted: %(n)s records written or cited.") % {"n": len(records)})
        except (StaleEditError, PermissionDenied) as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, gettext("Nothing was recorded:") + " " + " ".join(error.messages))
        return redirect(statement.get_absolute_url())


def _excerpt(words, length=60):
    """The start of a proposal's words for its row (the text above shows them whole, and the row links there): a
    statement of many figures keeps its review page within the page budget (DESIGN.md, principle 4)."""
    return words if len(words) <= length else words[:length - 1].rstrip() + "\u2026"


def _versions(text):
    """(pk, version) pairs of the page's "versions" field: "12:1,13:2"."""
    for pair in text.split(","):
        pk, _sep, version = pair.partition(":")
        if _key(pk) and _key(version):
            yield _key(pk), _key(version)


def _key(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProposalListView(generic.ObjectListView):
    model = Proposal
    columns = [
        Column("statement", _("Statement"), link=False),
        Column("kind", _("Kind"), sort="kind"),
        Column("words", _("Words"), link=True),
        Column("country", _("Country")),
        Column("status", _("Status"), sort="status"),
    ]
    default_sort = ("-statement__published_on", "statement", "start")
    related = ("statement", "country")


class ProposalView(LoginRequiredMixin, View):
    """One proposal: its words in their paragraph, what it would record, and its fields to edit, then save or accept
    (POST; refused as a stale edit if someone changed it since the page was read)."""

    def get_object(self, request, pk, action="view"):
        return get_object_or_404(visible_proposals(request.user, action).select_related(
            "statement__mission", "statement__source"), pk=pk)

    def render_page(self, request, proposal, form, grade_form=None):
        may_review = visible_proposals(request.user, "change").filter(pk=proposal.pk).exists()
        return render(request, "intake/proposal_detail.html", {
            "object": proposal, "opts": Proposal._meta, "form": form, "may_review": may_review,
            "may_accept": may_review and services.record_addable(request.user, proposal),
            "line": _match_lines([proposal], request.user)[proposal.pk], "fields": proposal.fields_text(),
            "grade_form": grade_form or GradeForm(),
            "locator": services.locator_of(proposal.statement.text, proposal.start, proposal.end),
            "history_url": reverse("core:history", args=["intake.proposal", proposal.pk]),
        })

    def get(self, request, pk):
        proposal = self.get_object(request, pk)
        return self.render_page(request, proposal, fields_form(proposal, user=request.user))

    def post(self, request, pk):
        proposal = self.get_object(request, pk, "change")
        form = fields_form(proposal, user=request.user, data=request.POST)
        grade_form = GradeForm(request.POST)
        if form is None or proposal.status != Proposal.Status.PENDING:
            messages.error(request, gettext("This proposal cannot be edited (reviewed already, or of a kind Muster "
                                            "keeps no record of)."))
            return redirect(proposal.get_absolute_url())
        if form.is_valid() and grade_form.is_valid():
            version = form.cleaned_data["version"]
            try:
                if "accept" in request.POST:
                    services.proposals_accept(user=request.user, statement=proposal.statement,
                                              accepted=[(proposal, version, form.fields_json())],
                                              **grade_form.cleaned_data)
                    messages.success(request, gettext("Accepted as edited."))
                    return redirect(proposal.statement.get_absolute_url() + f"#row-{proposal.pk}")
                services.proposal_edit(user=request.user, proposal=proposal, version=version,
                                       fields=form.fields_json())
                messages.success(request, gettext("Saved the proposal; it waits for review."))
                return redirect(proposal.get_absolute_url())
            except (StaleEditError, PermissionDenied) as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
        return self.render_page(request, proposal, form, grade_form)
