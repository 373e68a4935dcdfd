"""API of intake: `POST /api/statements/` stores a statement (its text, or a .txt/.html/.pdf file sent as
multipart) and answers 201 with the records it proposes; `GET /api/statements/{id}/`; a proposal accepted
(`POST /api/proposals/{id}/accept/`, with the version read, optionally its fields edited and the source's grade) or
rejected (`…/reject/`). As on the pages, a proposal about another country is, to a liaison, one that does not exist:
absent from every list and count, 404 on its own address. Viewsets as ROUTES [(prefix, viewset)].
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from muster.core.api import RestrictedRelationsSerializer
from muster.core.api_errors import error_response_conform
from muster.core.api_policy import ACTION_FOR_METHOD, CHANGE_MESSAGE_HEADER
from muster.core.api_schema import STATUSES, ErrorSerializer
from muster.core.changelog import set_message
from muster.core.uploads import UploadRefused, size_checked
from muster.missions.models import Mission
from muster.sources.models import Source

from . import services
from .forms import LANGUAGES, STATEMENT_EXTENSIONS, STATEMENT_MAX_BYTES, fields_form
from .models import Proposal, Statement

COMMON = ["version", "created", "last_updated"]
# A review is refused with 409 when the proposal changed since the version read (the schema adds 409 only to PUT,
# PATCH and DELETE by itself).
REVIEWED = {409: OpenApiResponse(response=ErrorSerializer, description=STATUSES["409"])}


class ProposalSerializer(serializers.ModelSerializer):
    fields = serializers.JSONField(read_only=True, help_text=(
        "What it would record: movement {country, category, kind, count, men, women, date}; claim {country, "
        "category, metric, value, as_of}; funding {donor, type, amount, currency, date, purposes[, flow]}; "
        "participation {country, role, count, and to accept it category} (its contingent) or {person, role, country[, "
        "since]} (an appointment); incident {date, tolls [{group, outcome, "
        "count}], and to accept it title, event_type, actor1, a place (site or adm2, the commune), location, "
        "classification}."))
    words = serializers.SerializerMethodField(help_text="The statement's words it comes from: text[start:end].")
    match = serializers.JSONField(read_only=True, help_text=(
        'What it matches among the records: {"movement": id} (it would be cited on that movement), {"computed": n} '
        '(the strength the movements give for a claim), {"flows": [ids]} (the donor\'s flows in the mission), '
        '{"contingent": id} (a participation would be cited on that contingent, as it stands).'))
    record = serializers.SerializerMethodField(help_text="The record accepting it wrote or cited, as app.model:id.")

    class Meta:
        model = Proposal
        fields = ["id", "statement", "kind", "fields", "words", "start", "end", "hedged", "note", "country", "match",
                  "status", "record", *COMMON]
        read_only_fields = fields

    def get_words(self, proposal) -> str:
        return proposal.statement.text[proposal.start:proposal.end]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_record(self, proposal):
        if proposal.record_id is None or proposal.record_type_id is None:
            return None
        return f"{proposal.record_type.app_label}.{proposal.record_type.model}:{proposal.record_id}"


class StatementSerializer(RestrictedRelationsSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="The statement's text; or send `file` instead (multipart).")
    file = serializers.FileField(write_only=True, required=False, help_text=(
        f"A .txt, .html or .pdf file of at most {STATEMENT_MAX_BYTES // (1024 * 1024)} MB (multipart/form-data)."))
    publisher = serializers.CharField(required=False, max_length=200, help_text=(
        "Who published it; may be left out when `source` names a source Muster holds."))
    language = serializers.ChoiceField(choices=[code for code, _label in LANGUAGES if code], required=False,
                                       help_text="en, fr, es or ht; detected when left out.")
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    proposals = ProposalSerializer(many=True, read_only=True, help_text="Those you may see.")

    class Meta:
        model = Statement
        fields = ["id", "mission", "text", "file", "publisher", "published_on", "language", "language_detected",
                  "filename", "source", "submitted_by", "country", "proposals", *COMMON]
        read_only_fields = ["language_detected", "filename", "country"]

    def validate(self, attrs):
        upload = attrs.pop("file", None)
        if upload is not None:
            try:
                size_checked(upload.size, limit=STATEMENT_MAX_BYTES)
            except UploadRefused as refused:
                raise serializers.ValidationError({"file": refused.message}) from None
            if not upload.name.lower().endswith(STATEMENT_EXTENSIONS):
                raise serializers.ValidationError({"file": _("Send a .txt, .html or .pdf file.")})
            from .reading import StatementError, statement_text

            try:
                attrs["text"] = statement_text(upload.read(), filename=upload.name)
            except StatementError as error:
                raise serializers.ValidationError({"file": str(error)}) from None
            attrs["filename"] = upload.name
        if not attrs.get("publisher"):
            if attrs.get("source") is None:
                raise serializers.ValidationError({"publisher": _("Say who published it, or name the source.")})
            attrs["publisher"] = attrs["source"].publisher
        return attrs

    def create(self, validated_data):
        return services.statement_submit(
            user=self.context["request"].user, mission=validated_data["mission"],
            text=validated_data.get("text", ""), publisher=validated_data["publisher"],
            published=validated_data["published_on"], language=validated_data.get("language"),
            filename=validated_data.get("filename", ""), source=validated_data.get("source"))


class ReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version of the proposal you read: a proposal "
                                                              "changed since is refused with 409.")


class AcceptSerializer(ReviewSerializer):
    fields = serializers.DictField(required=False, help_text=(
        "The proposal's fields as you edited them (see the proposal's `fields`; a funding proposal also takes "
        "`flow`, the id of the funding flow); left out, as proposed."))
    kind = serializers.ChoiceField(choices=Source.Kind.choices, default=Source.Kind.PRESS_STATEMENT,
                                   help_text="The kind of the source made from the statement, if it has none yet.")
    reliability = serializers.ChoiceField(choices=Source.Reliability.choices, default=Source.Reliability.F)
    credibility = serializers.ChoiceField(choices=Source.Credibility.choices,
                                          default=Source.Credibility.CANNOT_JUDGE)


class IntakeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Lists and records read through the user's scope (as core.api.RestrictedModelViewSet's), without the generic
    update and delete: a statement is kept as submitted, a proposal changes only by its review."""

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, ACTION_FOR_METHOD.get(self.request.method, "view"))

    def finalize_response(self, request, response, *args, **kwargs):
        return super().finalize_response(request, error_response_conform(response), *args, **kwargs)


def _statements(user):
    """Statements `user` may see, each with the proposals they may see (one query for all of them)."""
    visible = Proposal.objects.restrict(user, "view").select_related("statement", "record_type")
    return (Statement.objects.restrict(user, "view").select_related("mission", "submitted_by")
            .prefetch_related(Prefetch("proposals", queryset=visible)))


class StatementViewSet(mixins.CreateModelMixin, IntakeViewSet):
    """Statements submitted for intake, with the proposals you may see. Submitting stores the statement and its
    proposals, nothing else; a statement dated before its mission, empty, too long, not text, or naming a currency
    that is not ISO 4217 is refused (400, naming the field) and nothing is stored."""

    queryset = Statement.objects.all()
    serializer_class = StatementSerializer
    parser_classes = [JSONParser, MultiPartParser]
    ordering_fields = ["published_on"]

    def get_queryset(self):
        if self.request.method == "POST":
            return super().get_queryset()
        return _statements(self.request.user)

    def perform_create(self, serializer):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            serializer.save()

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        # What the statement proposes, as the submitter may see it (read back through their scope).
        response.data = self.get_serializer(_statements(request.user).get(pk=response.data["id"])).data
        return response


class ProposalViewSet(IntakeViewSet):
    """The records statements propose, waiting for review or reviewed; only those you may see."""

    queryset = Proposal.objects.select_related("statement__mission", "statement__source", "record_type")
    serializer_class = ProposalSerializer
    ordering_fields = ["start"]

    def get_queryset(self):
        if self.action in ("accept", "reject"):
            return self.queryset.restrict(self.request.user, "change")
        return self.queryset.restrict(self.request.user, "view")

    @extend_schema(request=AcceptSerializer, responses=REVIEWED | {200: ProposalSerializer}, description=(
        "Accept the proposal: in one transaction, the statement's source (made once, with the grade given), the "
        "record (or a citation on the movement or contingent it matches) citing the source with the proposal's "
        "words and where they are. 409 if it changed since `version` or was reviewed already; 400 naming the field "
        "the record's own rules refuse; nothing is written then."))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        proposal = self.get_object()
        given = AcceptSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = given.validated_data.get("fields")
        if fields is not None:
            fields = _fields_checked(proposal, fields, request.user)
        with transaction.atomic():
            set_message(request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            services.proposals_accept(
                user=request.user, statement=proposal.statement,
                accepted=[(proposal, given.validated_data["version"], fields)],
                **{name: given.validated_data[name] for name in ("kind", "reliability", "credibility")})
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=ReviewSerializer, responses=REVIEWED | {200: ProposalSerializer}, description=(
        "Reject the proposal: nothing is recorded from its words. 409 if it changed since `version`."))
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        proposal = self.get_object()
        given = ReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with transaction.atomic():
            set_message(request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            services.proposal_reject(user=request.user, proposal=proposal, version=given.validated_data["version"])
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)


def _fields_checked(proposal, fields, user):
    """`fields` checked by the kind's form, as the page checks them; a 400 naming each field it refuses."""
    prefix = f"p{proposal.pk}-"
    data = {f"{prefix}{name}": value for name, value in fields.items()} | {f"{prefix}version": proposal.version}
    form = fields_form(proposal, user=user, data=data)
    if form is None:
        raise DjangoValidationError({"fields": _("Muster keeps no record of this kind yet: record it by hand, or "
                                                 "reject it.")})
    if not form.is_valid():
        raise serializers.ValidationError({"fields": [f"{name}: {' '.join(errors)}"
                                                      for name, errors in form.errors.items()]})
    return form.fields_json()


ROUTES = [("statements", StatementViewSet), ("proposals", ProposalViewSet)]
PATHS = []
