"""Pages of the registry app (mounted at /registry/); verify/<issuer>/<number>/ is the QR target."""

from django.urls import path

from casys.registry.views import chain, issuer, marks, public, static

app_name = "registry"
urlpatterns = [
    path("", public.search_page, name="search"),
    path("issuer/<slug:slug>/", issuer.issuer_page, name="issuer"),
    path("issuer/<slug:slug>/import/", issuer.issuer_import, name="issuer-import"),
    path("issuer/<slug:slug>/export/", issuer.issuer_export, name="issuer-export"),
    path("issuer/<slug:slug>/resign/", issuer.issuer_resign, name="issuer-resign"),
    path("issuer/<slug:slug>/rotate-key/", issuer.issuer_rotate_key, name="issuer-rotate-key"),
    path("export.csv", public.export, {"fmt": "csv"}, name="export-csv"),
    path("export.json", public.export, {"fmt": "json"}, name="export-json"),
    path("credential/<str:issuer>/<path:number>/", public.credential_download, name="credential"),
    path("verify/<str:issuer>/<path:number>/", public.verify_page, name="verify"),
    path("holder/<str:issuer>/<path:number>/", public.holder_page, name="holder"),
    path("body/<slug:slug>/", public.body_page, name="body"),
    path("mark/<str:issuer>/<slug:code>/", marks.mark_page, name="mark"),
    path("mark/<str:issuer>/<slug:code>/artwork.svg", marks.mark_artwork, name="mark-artwork"),
    path(
        "licence-credential/<str:issuer>/<path:number>/", marks.licence_credential, name="licence-credential"
    ),
    path("licence/<str:issuer>/<path:number>/", marks.licence_page, name="licence"),
    path("status/<str:issuer>/<str:name>.jwt", static.status_list, name="status-list"),
    path("keys/<str:issuer>/jwks.json", static.jwks, name="jwks"),
    path("did/<str:issuer>/did.json", static.did, name="did"),
    path("accreditation/<str:ab>/<str:number>.jwt", chain.accreditation_credential, name="accreditation"),
    path("accreditation/<str:ab>/<str:number>/", chain.accreditation_page, name="accreditation-page"),
    path("recognition/<str:ab>.json", chain.recognition_data, name="recognition"),
]
