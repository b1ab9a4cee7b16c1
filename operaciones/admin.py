"""Admin of operaciones: every model with its history; FSM buttons that go through the services."""

from django.contrib import admin, messages
from django_fsm.admin import FSMAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from operaciones import services
from operaciones.models import AlertaAntiguedad, Apartado, Cliente, FotoUnidad, Unidad


class FotoEnLinea(admin.TabularInline):
    model = FotoUnidad
    extra = 0
    fields = ("archivo", "descripcion", "orden", "subida_por", "creada")
    readonly_fields = ("subida_por", "creada")


class UnidadTransiciones(FSMAdminMixin):
    """Withdraw / reactivate through the services (event log included)."""

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        servicio = {"retirar": services.unidad_retirar, "reactivar": services.unidad_reactivar}[transition_name]
        try:
            servicio(actor=request.user, unidad_id=obj.pk, motivo="Desde el admin")
        except services.ErrorOperacion as error:
            self.message_user(request, error.mensaje, level=messages.ERROR)
            return False
        self.message_user(request, "Transición aplicada.", level=messages.SUCCESS)
        return True


@admin.register(Unidad)
class UnidadAdmin(UnidadTransiciones, SimpleHistoryAdmin):
    fsm_fields = ["estado"]
    list_display = ("vin", "marca", "modelo", "anio", "precio", "concesionario", "ciudad", "fecha_ingreso", "estado")
    list_filter = ("estado", "concesionario", "marca")
    search_fields = ("vin", "marca", "modelo")
    list_select_related = ("concesionario",)
    readonly_fields = ("reservada_hasta", "actualizada")
    inlines = [FotoEnLinea]
    show_full_result_count = False


class ApartadoTransiciones(FSMAdminMixin):
    """Route the admin's transition buttons to the services: same guards, event log and notifications."""

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        kwargs = dict(kwargs or {})
        acciones = {
            "validar": lambda: services.apartado_validar(actor=request.user, apartado_id=obj.pk),
            "liberar": lambda: services.apartado_liberar(
                actor=request.user, apartado_id=obj.pk, motivo=kwargs.get("motivo", "")
            ),
            "cancelar": lambda: services.apartado_cancelar(
                actor=request.user,
                apartado_id=obj.pk,
                motivo=kwargs.get("motivo", ""),
                detalle=kwargs.get("detalle", ""),
            ),
        }
        try:
            acciones[transition_name]()
        except services.ErrorOperacion as error:
            self.message_user(request, error.mensaje, level=messages.ERROR)
            return False
        self.message_user(request, "Transición aplicada.", level=messages.SUCCESS)
        return True


@admin.register(Apartado)
class ApartadoAdmin(ApartadoTransiciones, SimpleHistoryAdmin):
    fsm_fields = ["estado"]
    list_display = ("pk", "unidad", "asesor", "cliente", "concesionario", "estado", "creado", "vence")
    list_filter = ("estado", "concesionario", "forma_pago", "liberacion_automatica")
    search_fields = ("unidad__vin", "cliente__nombre", "asesor__email")
    list_select_related = ("unidad", "asesor", "cliente", "concesionario")
    raw_id_fields = ("unidad", "cliente", "asesor")
    readonly_fields = (
        "creado",
        "vence",
        "validado_en",
        "validado_por",
        "liberado_en",
        "liberado_por",
        "liberacion_automatica",
        "motivo_liberacion",
        "cancelado_en",
        "cancelado_por",
        "motivo_cancelacion",
        "detalle_cancelacion",
        "disponibilidad_confirmada_en",
        "disponibilidad_registrada_por",
    )
    show_full_result_count = False


@admin.register(Cliente)
class ClienteAdmin(SimpleHistoryAdmin):
    list_display = ("nombre", "tipo_persona", "asesor", "organizacion", "creado")
    list_filter = ("tipo_persona",)
    search_fields = ("nombre", "rfc", "correo")
    raw_id_fields = ("asesor",)


@admin.register(FotoUnidad)
class FotoUnidadAdmin(SimpleHistoryAdmin):
    list_display = ("unidad", "descripcion", "orden", "creada")
    raw_id_fields = ("unidad",)


@admin.register(AlertaAntiguedad)
class AlertaAntiguedadAdmin(SimpleHistoryAdmin):
    list_display = ("unidad", "umbral", "dias_al_generar", "creada", "estrategia")
    list_filter = ("umbral", "estrategia")
    raw_id_fields = ("unidad",)
    readonly_fields = ("unidad", "umbral", "dias_al_generar", "creada")


# --- negociacion ---

# --- tradein ---

# --- entrega ---

# --- cierre ---

# --- comisiones ---

# --- desempeno ---

# --- supervision ---
