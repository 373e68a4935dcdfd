"""What a mission publishes on the transparency site: chosen by an administrator, nothing by default."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.models import ChangeLoggedModel
from muster.missions.models import Mission


class Publication(ChangeLoggedModel):
    """A mission's choice of what the public may see without signing in, and under which licence.

    A mission without one publishes nothing: its public address answers 404, as any record the visitor may not
    see. Each part is chosen separately, because a mission may publish its strength long before its funding.
    """

    class Licence(models.TextChoices):
        # The licences open-data portals (HDX, data.gov) offer for statistics; the data package names the SPDX id.
        CC_BY_4_0 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
        CC0_1_0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain)")
        ODC_BY_1_0 = "ODC-By-1.0", _("Open Data Commons Attribution 1.0")
        ODBL_1_0 = "ODbL-1.0", _("Open Data Commons Open Database Licence 1.0")

    LICENCE_ADDRESSES = {
        Licence.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
        Licence.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
        Licence.ODC_BY_1_0: "https://opendatacommons.org/licenses/by/1-0/",
        Licence.ODBL_1_0: "https://opendatacommons.org/licenses/odbl/1-0/",
    }

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, related_name="publication",
                                   verbose_name=_("mission"))
    strength = models.BooleanField(_("strength"), default=False,
                                   help_text=_("Strength by contributing country and category, women's share, the "
                                               "authorization, and the published figures beside the records."))
    funding = models.BooleanField(_("funding"), default=False,
                                  help_text=_("Funding by donor: pledged, received, frozen and released, with the "
                                              "freezes and waivers as events."))
    incidents = models.BooleanField(_("incidents"), default=False,
                                    help_text=_("Incidents classified public, by department and month."))
    timeline = models.BooleanField(_("timeline"), default=False,
                                   help_text=_("The mission's cited events (arrivals, authorizations, funding)."))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4_0)

    scope_paths = {"mission": "mission__code"}

    class Meta:
        ordering = ["mission__code"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return str(self.mission)

    def get_absolute_url(self):
        return reverse("public:publication_detail", args=[self.pk])

    @property
    def licence_address(self):
        return self.LICENCE_ADDRESSES[self.licence]
