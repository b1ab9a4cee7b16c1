from django.urls import path

from atencion import views

app_name = "atencion"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("tablero/", views.tablero, name="tablero"),
    path("escalamientos/", views.escalamientos, name="escalamientos"),
    path("tickets/", views.tickets, name="tickets"),
    path("tickets/llamada/", views.llamada_nueva, name="llamada"),
    path("tickets/<int:pk>/", views.ticket, name="ticket"),
    path("tickets/<int:pk>/<slug:accion>/", views.ticket_accion, name="ticket_accion"),
    path("metricas/", views.metricas, name="metricas"),
    path("metricas/exportar.<str:formato>", views.exportar, name="exportar"),
    path("pymes/", views.pymes, name="pymes"),
    path("pymes/<slug:slug>/", views.pyme, name="pyme"),
    path("reportes/", views.reportes_lista, name="reportes"),
    path("reportes/nuevo/", views.reporte_nuevo, name="reporte_nuevo"),
    path("reportes/<int:pk>/", views.reporte, name="reporte"),
    path("reportes/<int:pk>/pdf/", views.reporte_pdf, name="reporte_pdf"),
    path("reportes/<int:pk>/<slug:accion>/", views.reporte_accion, name="reporte_accion"),
    path("campanas/", views.campanas, name="campanas"),
    path("campanas/nueva/", views.campana_nueva, name="campana_nueva"),
    path("campanas/<int:pk>/", views.campana, name="campana"),
    path("campanas/<int:pk>/<slug:accion>/", views.campana_accion, name="campana_accion"),
    path("encuesta/<str:token>/", views.encuesta, name="encuesta"),
    path("baja/<str:token>/", views.baja, name="baja"),
    path("webhooks/whatsapp/", views.webhook_whatsapp, name="webhook_whatsapp"),
    path("webhooks/correo/", views.webhook_correo, name="webhook_correo"),
]
