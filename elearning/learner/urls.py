"""URLs of the learner's pages, under /learn/.

The fixed words (numbers, join, certificates) come before the module slug,
and a module's quiz before its lessons, so that no module or lesson can
shadow them. Codes are taken as any text and read strictly by the services.
"""

from django.urls import path

from . import views

app_name = "elearning"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("numbers/", views.numbers_view, name="numbers"),
    path("join/", views.join_view, name="join"),
    path("join/<str:code>/", views.join_link_view, name="join_link"),
    path("certificates/<str:code>/pdf", views.certificate_pdf_view, name="certificate_pdf"),
    path("<slug:slug>/", views.module_view, name="module"),
    path("<slug:slug>/quiz/", views.quiz_view, name="quiz"),
    path("<slug:slug>/quiz/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("<slug:slug>/quiz/<int:attempt_id>/result/", views.result_view, name="result"),
    path("<slug:slug>/<slug:lesson>/", views.lesson_view, name="lesson"),
]
