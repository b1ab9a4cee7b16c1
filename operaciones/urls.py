from django.urls import path

from operaciones.views import apartados, cierre, comisiones, desempeno, entrega, negociacion, supervision, tradein

app_name = "operaciones"
urlpatterns = [
    path("", apartados.inicio, name="inicio"),
    path("inventario/", apartados.inventario, name="inventario"),
    path("unidades/<int:pk>/", apartados.unidad, name="unidad"),
    path("unidades/<int:pk>/apartar/", apartados.apartar, name="apartar"),
    path("unidades/<int:pk>/historial/", apartados.historial_unidad, name="historial_unidad"),
    path("unidades/<int:pk>/fotos/", apartados.subir_foto, name="subir_foto"),
    path("unidades/<int:pk>/fotos/<int:foto_pk>/", apartados.foto, name="foto"),
    path("apartados/", apartados.apartados, name="apartados"),
    path("apartados/<int:pk>/", apartados.apartado, name="apartado"),
    path("apartados/<int:pk>/confirmar/", apartados.confirmar, name="confirmar"),
    path("apartados/<int:pk>/validar/", apartados.validar, name="validar"),
    path("apartados/<int:pk>/liberar/", apartados.liberar, name="liberar"),
    path("apartados/<int:pk>/cancelar/", apartados.cancelar, name="cancelar"),
    path("apartados/<int:pk>/adjunto/", apartados.adjunto, name="adjunto"),
    path("cop/bandeja/", apartados.bandeja, name="bandeja"),
    path("cop/red/", apartados.red, name="red"),
    path("concesionario/inventario/", apartados.mi_inventario, name="mi_inventario"),
    path("antiguedad/", apartados.antiguedad, name="antiguedad"),
    path("antiguedad/<int:pk>/estrategia/", apartados.estrategia, name="estrategia"),
    # --- negociacion: descuentos y financiamiento ---
    path("apartados/<int:pk>/descuentos/nuevo/", negociacion.descuento_solicitar, name="descuento_solicitar"),
    path(
        "apartados/<int:pk>/descuentos/<int:descuento_pk>/negociar/",
        negociacion.descuento_negociar,
        name="descuento_negociar",
    ),
    path(
        "apartados/<int:pk>/descuentos/<int:descuento_pk>/resolver/",
        negociacion.descuento_resolver,
        name="descuento_resolver",
    ),
    path("apartados/<int:pk>/financiamiento/nuevo/", negociacion.financiamiento_enviar, name="financiamiento_enviar"),
    path(
        "apartados/<int:pk>/financiamiento/<int:financiamiento_pk>/respuesta/",
        negociacion.financiamiento_responder,
        name="financiamiento_responder",
    ),
    path(
        "apartados/<int:pk>/financiamiento/<int:financiamiento_pk>/credito/",
        negociacion.financiamiento_confirmar,
        name="financiamiento_confirmar",
    ),
    path("cop/negociaciones/", negociacion.negociaciones, name="negociaciones"),
    # --- tradein ---
    path("apartados/<int:pk>/trade-in/", tradein.tradein, name="tradein"),
    path("apartados/<int:pk>/trade-in/activar/", tradein.tradein_activar, name="tradein_activar"),
    path("apartados/<int:pk>/trade-in/checklist/", tradein.tradein_revision, name="tradein_revision"),
    path("apartados/<int:pk>/trade-in/archivos/", tradein.tradein_subir, name="tradein_subir"),
    path("apartados/<int:pk>/trade-in/archivos/<int:archivo_pk>/", tradein.tradein_archivo, name="tradein_archivo"),
    path("apartados/<int:pk>/trade-in/responder/", tradein.tradein_responder, name="tradein_responder"),
    path("apartados/<int:pk>/trade-in/segunda-oferta/", tradein.tradein_segunda, name="tradein_segunda"),
    # --- entrega: entrega, documentos, pago, factura, proveedores, directorio ---
    path("apartados/<int:pk>/documentos/", entrega.documento_subir, name="documento_subir"),
    path("apartados/<int:pk>/documentos/<int:documento_pk>/", entrega.documento, name="documento"),
    path("apartados/<int:pk>/pago/", entrega.pago, name="pago"),
    path("apartados/<int:pk>/factura/", entrega.factura, name="factura"),
    path("apartados/<int:pk>/factura/<str:formato>/", entrega.factura_archivo, name="factura_archivo"),
    path("apartados/<int:pk>/entrega/", entrega.entrega, name="entrega"),
    path("apartados/<int:pk>/tareas/nueva/", entrega.tarea_nueva, name="tarea_nueva"),
    path("unidades/<int:unidad_pk>/tareas/nueva/", entrega.tarea_nueva, name="tarea_nueva_unidad"),
    path("tareas/<int:pk>/<str:accion>/", entrega.tarea_accion, name="tarea_accion"),
    path("cop/tareas/", entrega.tareas, name="tareas"),
    path("concesionario/tareas/", entrega.mis_tareas, name="mis_tareas"),
    path("cop/directorio/", entrega.directorio, name="directorio"),
    path("cop/directorio/nuevo/", entrega.contacto, name="contacto_nuevo"),
    path("cop/directorio/<int:pk>/", entrega.contacto, name="contacto"),
    # --- cierre: cierre de operación y encuesta ---
    path("apartados/<int:pk>/cierre/", cierre.cierre, name="cierre"),
    path("encuesta/<str:token>/", cierre.encuesta, name="encuesta"),
    # --- comisiones ---
    path("comisiones/", comisiones.tablero_comisiones, name="comisiones"),
    path("comisiones/mias/", comisiones.mis_comisiones, name="mis_comisiones"),
    path("comisiones/<int:pk>/", comisiones.comision, name="comision"),
    path("comisiones/verificar/", comisiones.comisiones_verificar, name="comisiones_verificar"),
    path("comisiones/pagar/", comisiones.comisiones_pagar, name="comisiones_pagar"),
    path("comisiones/reporte.pdf", comisiones.comisiones_reporte, name="comisiones_reporte"),
    # --- desempeno: coaching, desempeño y ranking ---
    path("desempeno/ranking/", desempeno.ranking, name="ranking"),
    path("desempeno/asesores/<int:pk>/", desempeno.desempeno_asesor, name="desempeno_asesor"),
    path("coaching/", desempeno.coaching, name="coaching"),
    path("coaching/nueva/", desempeno.coaching_nueva, name="coaching_nueva"),
    # --- supervision: cuellos de botella, operaciones estancadas, retiros en revisión ---
    path("cop/cuellos-de-botella/", supervision.cuellos_de_botella, name="cuellos_de_botella"),
    path("cop/retiros-en-revision/", supervision.retiros_revision, name="retiros_revision"),
    path("cop/retiros-en-revision/<int:pk>/resolver/", supervision.resolver_retiro, name="resolver_retiro"),
    path("unidades/<int:pk>/retirar/", supervision.retirar_unidad, name="retirar_unidad"),
]
