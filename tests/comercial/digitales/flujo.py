"""Walk a solicitud through the services, step by step (shared by the tests)."""

from comercial.digitales import services
from comercial.digitales.models import Estado, OrdenInstalacion, SolicitudDigital
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import producto_de
from tests.enlace.factories import UsuarioFactory

ORDEN = [
    Estado.EN_ATENCION,
    Estado.SIN_IMPEDIMENTO,
    Estado.FACTIBLE,
    Estado.ESPERANDO_REQUISITOS,
    Estado.DIGITADA,
    Estado.DERIVADA,
    Estado.COMUNICADA,
    Estado.SEGUIDA,
    Estado.CONCLUIDA,
]


def nueva_llamada(agente, linea="4200400"):
    return services.solicitud_registrar_llamada(actor=agente, linea=linea, telefono="71234567", nombre_cliente="Ana")


def llevar_hasta(agente, estado, *, solicitud=None, carnet="7788990 CB", localidad="Cala Cala", velocidad=100):
    s = solicitud or nueva_llamada(agente)
    pk = s.pk
    desde, hasta = ORDEN.index(s.estado), ORDEN.index(estado)

    def toca(paso):
        return desde < paso <= hasta

    if toca(1):
        services.solicitud_avanzar_fase(actor=agente, solicitud=s)
        services.solicitud_avanzar_fase(actor=agente, solicitud=s)
        services.solicitud_identificar(
            actor=agente,
            solicitud=s,
            producto=producto_de(agente.organizacion),
            carnet=carnet,
            velocidad_mbps=velocidad,
        )
        services.solicitud_consultar_impedimentos(actor=agente, solicitud=s)
    if toca(2):
        services.solicitud_consultar_factibilidad(
            actor=agente, solicitud=s, direccion="Av. Heroínas 123", localidad=localidad
        )
    if toca(3):
        services.solicitud_solicitar_requisitos(actor=agente, solicitud=s)
    if toca(4):
        services.solicitud_confirmar_lectura(actor=agente, solicitud=s)
        for codigo in SolicitudDigital.objects.get(pk=pk).requisitos():
            services.solicitud_adjuntar_requisito(
                actor=agente, solicitud=s, requisito=codigo, archivo=archivo_pdf(f"{codigo}.pdf")
            )
        services.solicitud_digitar(actor=agente, solicitud=s, referencia="SF-123")
    if toca(5):
        gestor = UsuarioFactory(rol="gestor_comercial", organizacion=agente.organizacion)
        services.solicitud_controlar_digitacion(actor=gestor, solicitud=s, dias=5)
    if toca(6):
        services.solicitud_comunicar(actor=agente, solicitud=s)
    if toca(7):
        recursos = UsuarioFactory(rol="gestion_recursos", organizacion=agente.organizacion)
        services.orden_instalar(actor=recursos, orden=OrdenInstalacion.objects.get(solicitud_id=pk))
        services.solicitud_registrar_seguimiento(actor=agente, solicitud=s, nota="Instalado")
    if toca(8):
        services.solicitud_controlar_calidad(actor=agente, solicitud=s, satisfecho=True, comentario="Conforme")
    s = SolicitudDigital.objects.get(pk=pk)
    assert s.estado == estado, (s.estado, estado)
    return s
