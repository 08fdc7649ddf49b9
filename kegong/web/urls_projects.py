"""The projects pages' addresses (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_projects as v

urlpatterns: list = [
    path("projects/progress/", v.projects_progress, name="projects_progress"),
    path("projects/progress.xlsx", v.projects_progress_xlsx, name="projects_progress_xlsx"),
]
