from django.urls import path

from atencion.views import campanas, canales, encuestas, metricas, pymes, reportes, tickets

app_name = "atencion"
urlpatterns = [
    path("", metricas.inicio, name="inicio"),
    path("tablero/", tickets.tablero, name="tablero"),
    path("escalamientos/", tickets.escalamientos, name="escalamientos"),
    path("carga/", tickets.carga, name="carga"),
    path("tickets/", tickets.tickets, name="tickets"),
    path("tickets/llamada/", tickets.llamada_nueva, name="llamada"),
    path("tickets/<int:pk>/", tickets.ticket, name="ticket"),
    path("tickets/<int:pk>/adjuntos/<int:adjunto>/", tickets.adjunto_correo, name="adjunto_correo"),
    path("tickets/<int:pk>/<slug:codigo>/", tickets.ticket_accion, name="ticket_accion"),
    path("tickets/<int:pk>/medios/<int:medio_pk>/", tickets.ticket_medio, name="ticket_medio"),
    path("metricas/", metricas.metricas, name="metricas"),
    path("metricas/exportar.<str:formato>", metricas.exportar, name="exportar"),
    path("pymes/", pymes.pymes, name="pymes"),
    path("pymes/nueva/", pymes.pyme_nueva, name="pyme_nueva"),
    path("pymes/<slug:slug>/", pymes.pyme, name="pyme"),
    path("reportes/", reportes.reportes_lista, name="reportes"),
    path("reportes/nuevo/", reportes.reporte_nuevo, name="reporte_nuevo"),
    path("reportes/<int:pk>/", reportes.reporte, name="reporte"),
    path("reportes/<int:pk>/pdf/", reportes.reporte_pdf, name="reporte_pdf"),
    path("reportes/<int:pk>/<slug:codigo>/", reportes.reporte_accion, name="reporte_accion"),
    path("campanas/", campanas.campanas, name="campanas"),
    path("campanas/nueva/", campanas.campana_nueva, name="campana_nueva"),
    path("campanas/<int:pk>/", campanas.campana, name="campana"),
    path("campanas/<int:pk>/<slug:codigo>/", campanas.campana_accion, name="campana_accion"),
    path("encuesta/<str:token>/", encuestas.encuesta, name="encuesta"),
    path("baja/<str:token>/", campanas.baja, name="baja"),
    path("webhooks/whatsapp/", canales.webhook_whatsapp, name="webhook_whatsapp"),
    path("webhooks/correo/", canales.webhook_correo, name="webhook_correo"),
]
