"""The import of a published contribution table (IPI or UN): its figures become claims."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.sources.models import Claim, Source

from .. import forms, services
from ..contributions import ContributionFileError


class ContributionImportView(LoginRequiredMixin, View):
    """Upload a published contribution table (IPI or UN): its figures for one mission become claims of it."""

    template_name = "force/contributions_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (generic.may(request.user, Claim, "add")
                                                  and generic.may(request.user, Source, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ContributionTableForm(user=request.user)})

    def post(self, request):
        form = forms.ContributionTableForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload, mission = form.cleaned_data["file"], form.cleaned_data["mission"]
        try:
            result = services.contribution_table_import(user=request.user, mission=mission, content=upload.read(),
                                                        filename=upload.name[:150], fmt=form.cleaned_data["fmt"])
        except ContributionFileError as error:
            return render(request, self.template_name, {"form": form, "errors": error.errors})
        except PermissionDenied as error:
            return render(request, self.template_name, {"form": form, "errors": [str(error)]})
        messages.success(request, _("%(created)s claims added from %(rows)s figures of %(file)s for %(mission)s "
                                    "(%(other)s figures of other missions left alone).") % {
            "created": result.created, "rows": result.rows, "file": upload.name, "mission": mission.code,
            "other": result.other_missions})
        return redirect(result.source.get_absolute_url())
