from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "muster.places"
    label = "places"
    verbose_name = "Places"
