"""Generic views: list (filter, sort, paginate, export), detail, edit, delete and history.

Each starts from `Model.objects.restrict(user, action)`, so scope is the same on every page: a record
outside it answers 404. For an htmx request the same view renders only the part of the page it replaces.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .changelog import set_message
from .exports import EXPORT_FORMATS, table_download
from .models import ObjectChange, StaleEditError
from .permissions import permission_filter
from .store import record_delete, record_store

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def form_many(form):
    """The many-to-many values of a model form's cleaned data, as record_store takes them."""
    return {f.name: form.cleaned_data[f.name] for f in form._meta.model._meta.many_to_many
            if f.name in form.cleaned_data}


def url_name(model, action):
    """The URL name of a model's generic view: `force:movement_list`, `force:movement_edit`, …"""
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def _perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may(user, model, action):
    return permission_filter(user, model, action) is not None


class ObjectListView(LoginRequiredMixin, View):
    model = None
    filterset_class = None
    columns = []
    default_sort = None
    template_name = "core/object_list.html"
    table_template = "core/_object_table.html"
    related = ()  # foreign keys the columns show, fetched in the same query

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user, "view").select_related(*self.related)

    def get(self, request):
        if not may(request.user, self.model, "view"):
            raise PermissionDenied
        queryset = self.get_queryset(request)
        filterset = None
        if self.filterset_class:
            filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
            queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        sort = request.GET.get("sort", "")
        sortable = {c.sort: c for c in self.columns if c.sort}
        if sort.lstrip("-") in sortable:
            queryset = queryset.order_by(sort, "pk")
        elif self.default_sort:
            queryset = queryset.order_by(*self.default_sort)
        export = request.GET.get("export")
        if export in EXPORT_FORMATS:
            return table_download(
                [str(c.label) for c in self.columns],
                ([c.export_value(obj) for c in self.columns] for obj in queryset.iterator(chunk_size=2000)),
                filename=self.model._meta.verbose_name_plural.replace(" ", "_"), fmt=export,
                title=str(self.model._meta.verbose_name_plural),
            )
        page = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        narrowed = filterset.narrow_choices() if filterset else []
        partial = request.htmx and not request.htmx.boosted
        context = {
            "model": self.model,
            "opts": self.model._meta,
            "filterset": filterset,
            # An update of the table alone brings the narrowed choices with it, swapped in by their ids (htmx).
            "choices_swapped": [field.as_widget(attrs={"hx-swap-oob": "true"}) for field in narrowed] if partial
            else [],
            "columns": self.columns,
            "rows": [(obj, [c.html(obj, obj) for c in self.columns]) for obj in page.object_list],
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "query_without_sort": _without(query, "sort"),
            "may_add": may(request.user, self.model, "add") and _has_url(self.model, "add"),
            "add_url": _reverse_or_none(url_name(self.model, "add")),
        }
        template = self.table_template if partial else self.template_name
        return render(request, template, context)


def _page_size(request):
    """`?per_page=` between 10 and MAX_PAGE_SIZE; PAGE_SIZE otherwise."""
    try:
        return min(max(int(request.GET.get("per_page", PAGE_SIZE)), 10), MAX_PAGE_SIZE)
    except ValueError:
        return PAGE_SIZE


def _without(query, key):
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


def _reverse_or_none(name, *args):
    from django.urls import NoReverseMatch

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _has_url(model, action):
    return _reverse_or_none(url_name(model, action), *([1] if action in ("edit", "delete") else [])) is not None


class ObjectDetailView(LoginRequiredMixin, View):
    model = None
    template_name = None
    related = ()  # foreign keys the page shows, fetched in the same query

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user, "view").select_related(*self.related)

    def get_extra_context(self, request, obj):
        return {}

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        citations = obj.citations.select_related("source") if hasattr(obj, "citations") else None
        context = {
            "object": obj,
            "opts": self.model._meta,
            "citations": citations,
            "may_change": request.user.has_perm(_perm(self.model, "change"), obj) and _has_url(self.model, "edit"),
            "may_delete": request.user.has_perm(_perm(self.model, "delete"), obj) and _has_url(self.model, "delete"),
            "history_url": reverse("core:history", args=[self.model._meta.label_lower, obj.pk]),
            **self.get_extra_context(request, obj),
        }
        template = self.template_name or f"{self.model._meta.app_label}/{self.model._meta.model_name}_detail.html"
        return render(request, [template, "core/object_detail.html"], context)


class ObjectEditView(LoginRequiredMixin, View):
    """Create (no pk) or change (pk) one record through its form."""

    model = None
    form_class = None
    template_name = "core/object_edit.html"

    def get_object(self, request, pk):
        if pk is None:
            if not may(request.user, self.model, "add"):
                raise PermissionDenied
            return self.model()
        return get_object_or_404(self.model.objects.restrict(request.user, "change"), pk=pk)

    def get_initial(self, request):
        return {k: v for k, v in request.GET.items() if k in self.form_class.base_fields}

    def render_form(self, request, form, obj):
        return render(request, self.template_name, {"form": form, "object": obj, "opts": self.model._meta})

    def get(self, request, pk=None):
        obj = self.get_object(request, pk)
        initial = self.get_initial(request) if pk is None else None
        form = self.form_class(instance=obj, user=request.user, initial=initial)
        return self.render_form(request, form, obj)

    def post(self, request, pk=None):
        obj = self.get_object(request, pk)
        form = self.form_class(request.POST, instance=obj, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    set_message(form.cleaned_data.get("change_message", ""))
                    obj = self.save(form)
            except (StaleEditError, PermissionDenied) as error:
                form.add_error(None, str(error))
            except ValidationError as error:  # a rule broken by someone else's write since the form was checked
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved %s.") % obj)
                return redirect(obj.get_absolute_url())
        return self.render_form(request, form, obj)

    def save(self, form):
        """Store the form's record through the one store (record_store: locked, validated again, scope-checked).
        A subclass that stores through a service passes the service `self.request.user` for the same checks."""
        return record_store(user=self.request.user, record=form.instance, many=form_many(form))


class ObjectDeleteView(LoginRequiredMixin, View):
    model = None
    template_name = "core/object_delete.html"

    def get_object(self, request, pk):
        return get_object_or_404(self.model.objects.restrict(request.user, "delete"), pk=pk)

    def get(self, request, pk):
        return render(request, self.template_name, {"object": self.get_object(request, pk), "opts": self.model._meta})

    def post(self, request, pk):
        obj = self.get_object(request, pk)
        try:
            with transaction.atomic():
                set_message(request.POST.get("change_message", ""))
                record_delete(record=obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(obj.get_absolute_url())
        except ProtectedError as error:
            blocking = ", ".join(str(o) for o in list(error.protected_objects)[:5])
            messages.error(request, _("%(object)s cannot be deleted while records depend on it: %(blocking)s.")
                           % {"object": obj, "blocking": blocking})
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %s.") % obj)
        return redirect(url_name(self.model, "list"))


class ObjectHistoryView(LoginRequiredMixin, View):
    """Every recorded change of one record, newest first, for those who may see the record."""

    def get(self, request, label, pk):
        try:
            content_type = ContentType.objects.get_by_natural_key(*label.split("."))
        except (ContentType.DoesNotExist, TypeError):
            raise Http404 from None
        model = content_type.model_class()
        if model is None or not hasattr(model.objects, "restrict"):
            raise Http404
        obj = get_object_or_404(model.objects.restrict(request.user, "view"), pk=pk)
        changes = ObjectChange.objects.filter(object_type=content_type, object_id=str(obj.pk)).select_related("user")
        page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "core/object_history.html", {"object": obj, "opts": model._meta, "page": page})
