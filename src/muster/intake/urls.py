"""Addresses of intake: statements (the list, submitting one, its review) and proposals."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("intake/", views.StatementListView.as_view(), name="statement_list"),
    path("intake/add/", views.StatementAddView.as_view(), name="statement_add"),
    path("intake/<int:pk>/", views.StatementView.as_view(), name="statement_detail"),
    path("intake/proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("intake/proposals/<int:pk>/", views.ProposalView.as_view(), name="proposal_detail"),
]
