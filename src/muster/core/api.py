"""API framework: restricted viewsets, validated serializers, permissions and errors.

Every viewset reads from `Model.objects.restrict(user, action)`; every write runs the model's own
validation, is re-checked against the user's scope inside its transaction, and is change-logged.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from .api_errors import error_response_conform
from .api_policy import ACTION_FOR_METHOD, CHANGE_MESSAGE_HEADER
from .api_types import StrictTypesMixin
from .changelog import set_message
from .forms import restrict_choices
from .store import record_delete, record_store


class RestrictedRelationsSerializer(StrictTypesMixin, serializers.ModelSerializer):
    """Every relation the serializer accepts is limited to what the requesting user may see (restrict_choices), so
    an id out of scope is refused exactly as one that does not exist, before any validation reads its record; and
    every value is of the JSON type the document gives (core.api_types)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            restrict_choices(self.fields, request.user, model=self.Meta.model,
                             action="change" if self.instance is not None else "add")


class ValidatedModelSerializer(RestrictedRelationsSerializer):
    """Runs the model's `full_clean()` too, so the API refuses exactly what the forms refuse.

    Related-object choices are limited to what the requesting user may see, and an update must carry
    the `version` it was based on.
    """

    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="The version you read. Required when updating: a stale version is refused with 409.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": "Send the version you read, to guard against overwriting."})
        many = {f.name for f in self.Meta.model._meta.many_to_many}
        instance = self.instance or self.Meta.model()
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        instance.editor = self.context["request"].user if "request" in self.context else None
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)  # a new record starts at version 1
        many = self._many(validated_data)
        return record_store(user=self.context["request"].user, record=self.Meta.model(**validated_data), many=many)

    def update(self, instance, validated_data):
        many = self._many(validated_data)
        for name, value in validated_data.items():  # `version` too: the save is refused if it is stale
            setattr(instance, name, value)
        return record_store(user=self.context["request"].user, record=instance, many=many)

    def _many(self, validated_data):
        """Take the many-to-many values out of `validated_data`, for record_store to set after the save."""
        return {f.name: validated_data.pop(f.name) for f in self.Meta.model._meta.many_to_many
                if f.name in validated_data}


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """CRUD for one model, scoped by the user's permissions, every write change-logged and re-checked."""

    def get_queryset(self):
        # A record the user may see but not change (or delete) is, for a write, as absent as one out of scope: 404.
        action = ACTION_FOR_METHOD.get(self.request.method, "view")
        return self.queryset.restrict(self.request.user, action)

    def _write(self, serializer):
        # The serializer stores through record_store (or a service that does), which checks scope.
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            return serializer.save()

    def perform_create(self, serializer):
        self._write(serializer)

    def perform_update(self, serializer):
        self._write(serializer)

    def perform_destroy(self, instance):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            record_delete(record=instance)

    def finalize_response(self, request, response, *args, **kwargs):
        # The 409 that destroy() answers itself for a protected record, in the one error shape like every other.
        return super().finalize_response(request, error_response_conform(response), *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        from django.db.models import ProtectedError

        try:
            return super().destroy(request, *args, **kwargs)
        except ProtectedError as error:
            blocking = ", ".join(str(o) for o in list(error.protected_objects)[:5])
            return Response({"detail": f"Records depend on this one: {blocking}."}, status=status.HTTP_409_CONFLICT)

