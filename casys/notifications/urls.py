"""Pages of the notifications app (mounted at /notifications/)."""

from django.urls import path

from casys.notifications import views

app_name = "notifications"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("<slug:slug>/webhooks/", views.webhooks, name="webhooks"),
    path("<slug:slug>/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("<slug:slug>/webhooks/deliveries/", views.deliveries, name="deliveries"),
]
