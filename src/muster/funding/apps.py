from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "muster.funding"
    label = "funding"
    verbose_name = "Funding"
