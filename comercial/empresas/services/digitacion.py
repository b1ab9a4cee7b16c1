"""Supporting documents, the derivation to the Gestor(a) Comercial, the feasibility check for the record,
the typing into Smartflex and its quality control, and the derivation to the Gestor(a) Técnico Comercial."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comercial.empresas.mensajes import (
    GESTOR_INVALIDO,
    SIN_ERRORES_DIGITACION,
    SIN_PERMISO_DOCUMENTO,
    VENTA_TERMINADA,
)
from comercial.empresas.models import DocumentoVenta
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import (
    ErrorEmpresas,
    aviso_de_venta,
    bloquear_venta,
    consultar_gis,
    paso_de_venta,
    registrar_evento,
)
from enlace import acciones
from enlace.acciones import condicion
from enlace.archivos import validar_subida


@condicion(VENTA_TERMINADA)
def venta_en_curso(venta):
    return not venta.terminada


# Supporting documents are attached while the sale has not ended.
ADJUNTAR_DOCUMENTO = acciones.Escritura(
    permiso="comercial_empresas.adjuntar_documento", condiciones=(venta_en_curso,), sin_permiso=SIN_PERMISO_DOCUMENTO
)


def _con_rol_en(organizacion, usuario, codigo, nombre):
    if usuario is None or not usuarios_con_rol(organizacion, codigo).filter(pk=usuario.pk).exists():
        raise ErrorEmpresas(GESTOR_INVALIDO.format(rol=nombre))


def documento_subir(*, actor, venta, archivo, descripcion):
    """Attach a supporting document (type and size validated) to a sale not yet ended; returns it.

    Raises AccionRechazada (ADJUNTAR_DOCUMENTO), or ErrorEmpresas for a file of the wrong type or size.
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        ADJUNTAR_DOCUMENTO.exigir(venta, actor)
        try:
            validar_subida(archivo, tipos=("pdf", "imagen"))
        except ValidationError as error:
            raise ErrorEmpresas(" ".join(error.messages)) from error
        documento = DocumentoVenta.objects.create(
            venta=venta, descripcion=descripcion, archivo=archivo, subido_por=actor
        )
        venta.cantidad_documentos = venta.documentos.count()
        venta.save(update_fields=["cantidad_documentos"])
        registrar_evento("venta.documento", actor, venta, {"documento": descripcion, "archivo": documento.archivo.name})
    return documento


def venta_derivar(*, actor, venta, gestor):
    """Step 8–9.1 (A) / 4 (B): derive the accepted sale with its documents to a Gestor(a) Comercial."""
    _con_rol_en(venta.organizacion, gestor, "gestor_comercial", "Gestor(a) Comercial")
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta,
            [gestor],
            f"Venta para digitar: {venta.empresa.razon_social}",
            f"{venta.ejecutivo} deriva {venta.codigo} con {venta.cantidad_documentos} documento(s) de respaldo.",
        )
        return paso_de_venta(
            venta,
            "derivar",
            actor=actor,
            argumentos={"gestor": gestor, "cuando": timezone.now()},
            avisos=[aviso],
            gestor=gestor.pk,
            documentos=venta.cantidad_documentos,
        )


def venta_verificar_respaldo(*, actor, venta, requisitos_cumplidos):
    """Step 9 (A) / 5 (B): the Gestor(a) Comercial re-checks feasibility for the record.

    Not feasible → the documents go back to the ejecutiva (devuelta). Returns (venta, Factibilidad).
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        resultado, pedido = consultar_gis(venta)
        evidencia = {**resultado.como_evidencia(), **pedido, "requisitos_cumplidos": requisitos_cumplidos}
        avisos = []
        if resultado.factible and requisitos_cumplidos:
            nombre = "verificar_respaldo"
        else:
            nombre = "devolver_sin_factibilidad"
            motivo = resultado.motivo if not resultado.factible else "No cumple con los requisitos."
            avisos.append(
                aviso_de_venta(
                    venta,
                    [venta.ejecutivo],
                    f"Documentación devuelta sin factibilidad: {venta.empresa.razon_social}",
                    motivo,
                )
            )
        venta = paso_de_venta(
            venta, nombre, actor=actor, argumentos={"evidencia": evidencia}, avisos=avisos, factibilidad=evidencia
        )
    return venta, resultado


def venta_digitar(*, actor, venta, numero_smartflex):
    """Step 10 (A) / 6 (B): typed into Smartflex; the Solicitud de Pedido can be printed.

    Refused without the gestor's feasibility check (DIGITAR_SIN_FACTIBILIDAD, a condition of the transition).
    """
    argumentos = {"numero": numero_smartflex, "por": actor, "cuando": timezone.now()}
    with transaction.atomic():
        venta = bloquear_venta(venta)
        return paso_de_venta(venta, "digitar", actor=actor, argumentos=argumentos, numero_smartflex=numero_smartflex)


def venta_controlar_digitacion(*, actor, venta, correcta, observaciones=""):
    """Step 11 (A) / 7 (B): quality control of the typing by someone other than who typed it.

    Correct → controlada; with errors → back to verificada to be typed again (the typist is told).
    Refused for who typed it (CONTROL_MISMA_PERSONA, a condition of both transitions).
    """
    if not correcta and not (observaciones or "").strip():
        raise ErrorEmpresas(SIN_ERRORES_DIGITACION)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        digitador = venta.digitada_por
        if correcta:
            nombre = "aprobar_digitacion"
            argumentos = {"por": actor, "cuando": timezone.now(), "observaciones": observaciones}
            avisos = []
        else:
            nombre = "observar_digitacion"
            argumentos = {"observaciones": observaciones}
            avisos = [
                aviso_de_venta(
                    venta, [digitador], f"Digitación observada: {venta.codigo}", observaciones, por_correo=False
                )
            ]
        return paso_de_venta(
            venta,
            nombre,
            actor=actor,
            argumentos=argumentos,
            avisos=avisos,
            digitada_por=venta.digitada_por_id,
            observaciones=observaciones,
        )


def venta_derivar_tecnico(*, actor, venta, gestor):
    """Step 12–13.1 (A) / 8 (B): complete documentation to the Gestor(a) Técnico Comercial."""
    _con_rol_en(venta.organizacion, gestor, "gestor_tecnico", "Gestor(a) Técnico Comercial")
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta,
            [gestor],
            f"Órdenes de trabajo por gestionar: {venta.empresa.razon_social}",
            f"Venta {venta.codigo} digitada (Smartflex {venta.numero_smartflex}).",
        )
        return paso_de_venta(
            venta, "derivar_tecnico", actor=actor, argumentos={"gestor": gestor}, avisos=[aviso], gestor=gestor.pk
        )
