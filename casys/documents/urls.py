"""Pages of the documents app (mounted at /documents/): a body's document template and its preview."""

from django.urls import path

from casys.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/template/", views.template_edit, name="template"),
    path("<slug:slug>/template/preview.pdf", views.template_preview, name="preview"),
]
