from django.urls import path

from comercial.crm import views

app_name = "crm"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("procedimiento/", views.procedimiento, name="procedimiento"),
    path("importar/", views.importar, name="importar"),
    path("importaciones/", views.importaciones, name="importaciones"),
    path("importaciones/<int:pk>/archivo/", views.importacion_archivo, name="importacion_archivo"),
    path("prospectos/", views.prospectos, name="prospectos"),
    path("prospectos/<int:pk>/", views.prospecto, name="prospecto"),
    path("prospectos/<int:pk>/<slug:codigo>/", views.prospecto_accion, name="prospecto_accion"),
    path("actividades/", views.actividades, name="actividades"),
    path("actividades/<int:pk>/", views.actividad, name="actividad"),
    path("actividades/<int:pk>/<slug:codigo>/", views.actividad_accion, name="actividad_accion"),
    path("avisos/", views.avisos, name="avisos"),
    path("semaforo/", views.semaforo, name="semaforo"),
    path("comite/", views.comite, name="comite"),
    path("comite.pdf", views.comite_descarga, {"extension": "pdf"}, name="comite_pdf"),
    path("comite.xlsx", views.comite_descarga, {"extension": "xlsx"}, name="comite_xlsx"),
    path("cumplimiento/", views.cumplimiento, name="cumplimiento"),
    path("cumplimiento.pdf", views.cumplimiento_descarga, {"extension": "pdf"}, name="cumplimiento_pdf"),
    path("cumplimiento.xlsx", views.cumplimiento_descarga, {"extension": "xlsx"}, name="cumplimiento_xlsx"),
    path("formatos/", views.formatos_periodo, name="formatos_periodo"),
    path("indicadores/", views.indicadores, name="indicadores"),
    path("oportunidad/", views.oportunidad, name="oportunidad"),
    path("metas/", views.metas, name="metas"),
    path("metas/<int:pk>/", views.meta_guardar, name="meta_guardar"),
    path("formatos/<slug:clave>.pdf", views.formato, {"extension": "pdf"}, name="formato_pdf"),
    path("formatos/<slug:clave>.xlsx", views.formato, {"extension": "xlsx"}, name="formato_xlsx"),
]
