from django.urls import path

from comercial.digitales import views

app_name = "digitales"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("llamadas/nueva/", views.registrar_llamada, name="registrar_llamada"),
    path("solicitudes/<int:pk>/", views.solicitud, name="solicitud"),
    path("solicitudes/<int:pk>/acciones/<slug:codigo>/", views.accion, name="accion"),
    path("solicitudes/<int:pk>/adjuntos/<int:adjunto_id>/", views.adjunto, name="adjunto"),
    path("solicitudes/<int:pk>/contrato-firmado/", views.contrato_firmado, name="contrato_firmado"),
    path("buscar/", views.buscar, name="buscar"),
    path("ordenes/", views.ordenes, name="ordenes"),
    path("ordenes/<int:pk>/", views.orden, name="orden"),
    path("ordenes/<int:pk>/acciones/<slug:codigo>/", views.accion_orden, name="accion_orden"),
    path("solicitudes/<int:pk>/solicitud-de-servicio.pdf", views.solicitud_servicio_pdf, name="solicitud_pdf"),
    path("solicitudes/<int:pk>/contrato-de-servicios.pdf", views.contrato_pdf, name="contrato_pdf"),
    path("indicador/", views.indicador, name="indicador"),
    path("impedimentos/", views.impedimentos, name="impedimentos"),
    path("productos/", views.productos, name="productos"),
    path("productos/nuevo/", views.producto_form, name="producto_nuevo"),
    path("productos/<int:pk>/", views.producto_form, name="producto"),
    # Public, without login: the web contact form and the authenticated lead webhook.
    path("contacto/", views.contacto, name="contacto"),
    path("contacto/gracias/", views.contacto_gracias, name="contacto_gracias"),
    path("webhook/leads/", views.webhook_leads, name="webhook_leads"),
]
