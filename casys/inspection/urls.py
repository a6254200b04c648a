"""Pages of the inspection app (mounted at /inspection/); verify/<body>/<number>/ is the QR target."""


app_name = "inspection"
urlpatterns: list = []
