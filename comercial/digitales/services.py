"""Every write of Ventas Digitales. Each service re-reads and locks the solicitud within the actor's scope,
runs its transition with ``enlace.acciones.ejecutar`` (which records the event and the outbox notifications)
or enforces the ``acciones.Escritura`` of the console step it takes, and writes the related rows, in one
transaction."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comercial.digitales import impedimentos as impedimentos_mod
from comercial.digitales.models import (
    ATENDER,
    DIAS_ESTIMADOS_MAX,
    DIAS_ESTIMADOS_MIN,
    PRODUCTO_INACTIVO,
    PRODUCTO_NO_DIGITAL,
    Canal,
    Estado,
    IntentoContacto,
    OrdenInstalacion,
    RegistroImpedimento,
    RequisitoAdjunto,
    SolicitudDigital,
    antes_de_digitar,
    digitada,
    en_atencion,
    en_cola,
    esperando_requisitos,
    lista_para_leer,
    motivos_delimitados,
    protocolo_por_avanzar,
    sin_impedimento,
    tiene_identificacion,
)
from comercial.digitales.protocolo import FASE_EXPLORAR, FASES
from comercial.digitales.rules import EDITAR_CATALOGO, IMPORTAR_IMPEDIMENTOS
from comercial.digitales.selectors import resumen_para_leer
from comercial.factibilidad import consultar_factibilidad
from comercial.models import Producto
from enlace import acciones, bitacora
from enlace.acciones import Aviso
from enlace.archivos import validar_subida
from enlace.errores import ErrorNegocio
from enlace.models import Usuario
from enlace.notificaciones.services import encolar_correo, notificar


class ErrorDigitales(ErrorNegocio):
    """A business rule refused the action; ``mensaje`` is the Spanish text for the user."""


NO_ENCONTRADA = "La solicitud no existe o no está a su cargo."
SIN_PERMISO = "Su rol no puede atender solicitudes de Ventas Digitales."
SIN_PERMISO_CATALOGO = "Solo los responsables del Centro de Llamadas y de Ventas Empresas editan el catálogo."
CODIGO_REPETIDO = "Ya existe un producto con el código «{codigo}» en el catálogo."
SIN_PERMISO_IMPORTAR = "Solo el Responsable del Centro de Llamadas importa la tabla de impedimentos."
LINEA_INVALIDA = "La línea {linea} no es una línea de Ventas Digitales ({lineas})."
REQUISITO_AJENO = "El requisito «{requisito}» no corresponde al servicio {servicio}."
DIAS_FUERA_DE_RANGO = (
    "El tiempo estimado de ejecución de {producto} debe estar entre {minimo} y {maximo} días; se indicó {dias}."
)
PRODUCTO_AJENO = "El producto elegido no pertenece al catálogo de su organización."
NOTAS_VACIAS = "Escriba la nota de lo que pidió el cliente."
ORDEN_NO_ENCONTRADA = "La orden de instalación no existe o no es de su organización."
OBSERVACION_OBLIGATORIA = "Indique por qué no se instaló el servicio."
MOTIVO_OBLIGATORIO = "Registre el motivo que se informó al cliente."
DIRECCION_OBLIGATORIA = "Indique la dirección y la zona o barrio del domicilio."


# --- The writes that are not transitions: who may (a rules permission) and when (guards in models.py) ----
# Each service enforces its own with ``exigir``; the console offers a step exactly when ``motivo`` is None.


SIN_ORGANIZACION = "Su usuario no pertenece a ninguna organización: las llamadas entran al centro de llamadas de una."


@acciones.condicion(SIN_ORGANIZACION)
def de_una_organizacion(organizacion):
    return organizacion is not None


def _del_centro(*condiciones):
    """A write of the call-center roles (ATENDER), allowed while every one of ``condiciones`` holds."""
    return acciones.Escritura(permiso=ATENDER, condiciones=condiciones, sin_permiso=SIN_PERMISO)


REGISTRAR_LLAMADA = _del_centro(de_una_organizacion)  # objeto: the actor's organisation
INTENTAR_CONTACTO = _del_centro(en_cola)
AVANZAR_FASE = _del_centro(en_atencion, protocolo_por_avanzar)
IDENTIFICAR = _del_centro(en_atencion, motivos_delimitados)
CONSULTAR_IMPEDIMENTOS = _del_centro(en_atencion, tiene_identificacion)
CONSULTAR_FACTIBILIDAD = _del_centro(sin_impedimento)
ADJUNTAR_REQUISITO = _del_centro(esperando_requisitos)
ANOTAR = _del_centro(antes_de_digitar)
CONFIRMAR_LECTURA = _del_centro(lista_para_leer)
ADJUNTAR_CONTRATO = _del_centro(digitada)
IMPORTAR_TABLA_DE_IMPEDIMENTOS = acciones.Escritura(permiso=IMPORTAR_IMPEDIMENTOS, sin_permiso=SIN_PERMISO_IMPORTAR)
EDITAR_EL_CATALOGO = acciones.Escritura(permiso=EDITAR_CATALOGO, sin_permiso=SIN_PERMISO_CATALOGO)


# --- Helpers ------------------------------------------------------------------------------------


def rango_eta(solicitud):
    """(min, max) days of the solicitud's product (the seed's 2–15 without one)."""
    if solicitud.producto_id:
        return solicitud.producto.eta_min_dias, solicitud.producto.eta_max_dias
    return DIAS_ESTIMADOS_MIN, DIAS_ESTIMADOS_MAX


def _bloquear(actor, solicitud):
    """Re-read and lock the solicitud within the actor's scope (another agent may have taken it since)."""
    try:
        return (
            SolicitudDigital.objects.para_usuario(actor)
            .select_related("producto")
            .select_for_update(of=("self",))
            .get(pk=solicitud.pk)
        )
    except SolicitudDigital.DoesNotExist:
        raise ErrorDigitales(NO_ENCONTRADA) from None


def _registrar(tipo, solicitud, actor, **datos):
    bitacora.registrar(
        tipo=f"digitales.{tipo}",
        actor=actor,
        objeto=solicitud,
        organizacion=solicitud.organizacion,
        datos={"estado": solicitud.estado, **datos},
    )


def _url(solicitud):
    return reverse("comercial:digitales:solicitud", args=[solicitud.pk])


def _usuarios_con_rol(organizacion, codigo):
    return list(Usuario.objects.filter(organizacion=organizacion, groups__name=codigo, is_active=True))


# --- Intake (steps 1 and 2) -------------------------------------------------------------------


def solicitud_registrar_llamada(*, actor, linea, telefono, nombre_cliente="", perdida=False):
    """Register a call derived by the IVR (option 1) to one of the three numbers (step 1).

    An answered call goes straight into the agent's attention; a lost one joins the callback
    queue (step 1.2). Raises AccionRechazada for another role, ErrorDigitales for a line that is not a
    Ventas Digitales number.
    """
    REGISTRAR_LLAMADA.exigir(actor.organizacion, actor)
    if linea not in settings.DIGITALES_LINEAS:
        raise ErrorDigitales(LINEA_INVALIDA.format(linea=linea, lineas=", ".join(settings.DIGITALES_LINEAS)))
    with transaction.atomic():
        solicitud = SolicitudDigital.objects.create(
            organizacion=actor.organizacion,
            canal=Canal.LLAMADA,
            linea=linea,
            telefono=telefono,
            nombre_cliente=nombre_cliente,
            perdida=perdida,
        )
        if not perdida:
            solicitud = acciones.ejecutar(
                solicitud, "atender", actor=actor, argumentos={"agente": actor}, bloquear=False
            )
        _registrar("llamada_registrada", solicitud, actor, linea=linea, perdida=perdida)
        return solicitud


def solicitud_recibir_lead(*, organizacion, canal, telefono, lead_id="", nombre_cliente="", correo="", mensaje=""):
    """Store a lead from the web form, the chatbot or Facebook in the queue (step 2); actor is the system.

    Idempotent by (canal, lead_id): the same lead twice returns the first solicitud.
    Returns (solicitud, creada).
    """
    if lead_id:
        existente = SolicitudDigital.objects.filter(organizacion=organizacion, canal=canal, lead_id=lead_id).first()
        if existente:
            return existente, False
    try:
        with transaction.atomic():
            solicitud = SolicitudDigital.objects.create(
                organizacion=organizacion,
                canal=canal,
                lead_id=lead_id,
                telefono=telefono,
                nombre_cliente=nombre_cliente,
                correo=correo,
                mensaje=mensaje,
            )
            _registrar("lead_recibido", solicitud, None, canal=canal, lead_id=lead_id)
            notificar(
                destinatarios=_usuarios_con_rol(organizacion, "agente_digital"),
                titulo=f"Nuevo contacto por {solicitud.get_canal_display()}: {solicitud.numero}",
                cuerpo=f"{nombre_cliente or 'Cliente'} ({telefono}) espera ser contactado.",
                enlace=_url(solicitud),
                por_correo=False,
                clave=f"digitales-lead-{solicitud.pk}",
            )
            return solicitud, True
    except IntegrityError:
        # A concurrent delivery of the same lead won the unique constraint.
        return SolicitudDigital.objects.get(organizacion=organizacion, canal=canal, lead_id=lead_id), False


def solicitud_intentar_contacto(*, actor, solicitud, resultado, nota=""):
    """Record a call back to a queued client (steps 1.2 and 2); if they answered, the agent takes it.

    Raises AccionRechazada for another role or when the solicitud is not in the queue.
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        INTENTAR_CONTACTO.exigir(solicitud, actor)
        IntentoContacto.objects.create(solicitud=solicitud, agente=actor, resultado=resultado, nota=nota)
        solicitud.intentos_contacto += 1
        solicitud.save(update_fields=["intentos_contacto"])
        if resultado == IntentoContacto.Resultado.CONTESTO:
            solicitud = acciones.ejecutar(
                solicitud, "atender", actor=actor, argumentos={"agente": actor}, bloquear=False
            )
        _registrar("contacto_intentado", solicitud, actor, resultado=resultado, intento=solicitud.intentos_contacto)
        return solicitud


def solicitud_descartar(*, actor, solicitud):
    """Close a queued solicitud nobody could reach after the configured number of attempts.

    Raises AccionRechazada (state, role, attempts) or ErrorDigitales (out of the actor's scope).
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        return acciones.ejecutar(
            solicitud,
            "descartar",
            actor=actor,
            argumentos={"cuando": timezone.now()},
            evento="digitales.descartada",
            datos={"estado": Estado.NO_CONTACTADA, "intentos": solicitud.intentos_contacto},
            bloquear=False,
        )


# --- The console (steps 3 to 7) ----------------------------------------------------------------


def solicitud_avanzar_fase(*, actor, solicitud):
    """Move the protocol (Anexo 1) to its next phase. Raises AccionRechazada out of attention or at the last phase."""
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        AVANZAR_FASE.exigir(solicitud, actor)
        solicitud.fase_protocolo += 1
        solicitud.save(update_fields=["fase_protocolo"])
        _registrar("fase_protocolo", solicitud, actor, fase=FASES[solicitud.fase_protocolo].codigo)
        return solicitud


def solicitud_identificar(
    *, actor, solicitud, producto, carnet, velocidad_mbps=0, caracteristicas=(), nombre_cliente=""
):
    """Record the product requested (from the catalogue) and the carnet (steps 3.1 and 3.2).

    ``carnet`` is already validated. A new carnet or product invalidates the earlier impediment check.
    Raises AccionRechazada outside attention or before the protocol reaches «Delimitar los motivos del
    contacto», ErrorDigitales for a product that is inactive, of another organisation or not sold digitally
    (its message says where to direct the client); nothing changes then.
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        IDENTIFICAR.exigir(solicitud, actor)
        producto = Producto.objects.filter(pk=producto.pk, organizacion=solicitud.organizacion).first()
        if producto is None:
            raise ErrorDigitales(PRODUCTO_AJENO)
        if not producto.activo:
            raise ErrorDigitales(PRODUCTO_INACTIVO.format(producto=producto))
        if not producto.vendido_digitalmente:
            raise ErrorDigitales(PRODUCTO_NO_DIGITAL.format(producto=producto, destino=producto.donde_dirigir))
        if (solicitud.carnet, solicitud.producto_id) != (carnet, producto.pk):
            solicitud.impedimentos_consultados = None
            solicitud.impedimentos = []
            solicitud.lectura_confirmada_en = None  # what was read back no longer holds
        solicitud.producto = producto
        solicitud.carnet = carnet
        solicitud.velocidad_mbps = velocidad_mbps
        solicitud.caracteristicas = sorted(set(caracteristicas))
        if nombre_cliente:
            solicitud.nombre_cliente = nombre_cliente
        solicitud.save(
            update_fields=[
                "producto",
                "carnet",
                "velocidad_mbps",
                "caracteristicas",
                "nombre_cliente",
                "impedimentos_consultados",
                "impedimentos",
                "lectura_confirmada_en",
            ]
        )
        _registrar(
            "identificada", solicitud, actor, producto=producto.codigo, carnet=carnet, velocidad_mbps=velocidad_mbps
        )
        return solicitud


def solicitud_consultar_impedimentos(*, actor, solicitud):
    """Ask the impediment provider (step 4) and store its answer as evidence.

    Without impediments the solicitud moves on (step 5); with one it stays in attention for
    step 14. Raises AccionRechazada outside attention or without service and carnet.
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        CONSULTAR_IMPEDIMENTOS.exigir(solicitud, actor)
        resultado = impedimentos_mod.consultar_impedimentos(
            organizacion=solicitud.organizacion, carnet=solicitud.carnet
        )
        solicitud.impedimentos = resultado.impedimentos
        solicitud.impedimentos_consultados = timezone.now()
        solicitud.fase_protocolo = max(solicitud.fase_protocolo, FASE_EXPLORAR)
        solicitud.save(update_fields=["impedimentos", "impedimentos_consultados", "fase_protocolo"])
        if not resultado.tiene_impedimento:
            solicitud = acciones.ejecutar(solicitud, "aprobar_impedimentos", actor=actor, bloquear=False)
        _registrar(
            "impedimentos_consultados",
            solicitud,
            actor,
            carnet=solicitud.carnet,
            tiene_impedimento=resultado.tiene_impedimento,
            evidencia=resultado.como_evidencia(),
        )
        return solicitud


def solicitud_consultar_factibilidad(*, actor, solicitud, direccion, localidad):
    """Record the client's address (step 5) and ask the GIS for capacity (steps 6–7).

    Stores the result and its evidence; a feasible one moves on to the requirements (step 8),
    an unfeasible one waits for step 14 (or a new address). Raises ErrorDigitales without an address,
    AccionRechazada out of order.
    """
    if not direccion.strip() or not localidad.strip():
        raise ErrorDigitales(DIRECCION_OBLIGATORIA)
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        CONSULTAR_FACTIBILIDAD.exigir(solicitud, actor)
        resultado = consultar_factibilidad(
            organizacion=solicitud.organizacion,
            localidad=localidad,
            velocidad_mbps=solicitud.velocidad_mbps,
            caracteristicas=solicitud.caracteristicas,
        )
        solicitud.direccion = direccion.strip()
        solicitud.localidad = localidad.strip()
        solicitud.factible = resultado.factible
        solicitud.factibilidad = resultado.como_evidencia()
        solicitud.lectura_confirmada_en = None
        solicitud.save(update_fields=["direccion", "localidad", "factible", "factibilidad", "lectura_confirmada_en"])
        if resultado.factible:
            solicitud = acciones.ejecutar(solicitud, "confirmar_capacidad", actor=actor, bloquear=False)
        _registrar("factibilidad_consultada", solicitud, actor, localidad=localidad, **resultado.como_evidencia())
        return solicitud


def solicitud_imposibilitar(*, actor, solicitud, motivo):
    """Step 14: the agent tells the client why the sale cannot be made and asks them to visit the offices.

    Only with a verified cause (impediment or no capacity), else AccionRechazada. Emails the client
    when there is an address.
    """
    motivo = motivo.strip()
    if not motivo:
        raise ErrorDigitales(MOTIVO_OBLIGATORIO)
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        solicitud = acciones.ejecutar(
            solicitud,
            "imposibilitar",
            actor=actor,
            argumentos={"motivo": motivo, "cuando": timezone.now()},
            evento="digitales.imposibilitada",
            datos={
                "estado": Estado.IMPOSIBILITADA,
                "motivo": motivo,
                "impedimentos": [i.get("tipo") for i in solicitud.impedimentos],
                "factible": solicitud.factible,
            },
            bloquear=False,
        )
        if solicitud.correo:
            encolar_correo(
                para=solicitud.correo,
                asunto=f"COMTECO · Su solicitud {solicitud.numero}",
                cuerpo_texto=(
                    f"Estimado(a) {solicitud.nombre_cliente or 'cliente'}:\n\n"
                    f"No fue posible concretar su solicitud por el siguiente motivo: {solicitud.motivo_imposibilidad}\n"
                    "Le pedimos pasar por nuestras oficinas para resolverlo.\n\nVentas Digitales COMTECO"
                ),
                clave=f"digitales-imposibilitada-{solicitud.pk}",
            )
        return solicitud


def solicitud_anotar(*, actor, solicitud, notas):
    """«Explorar y resolver» (Anexo 1): the agent notes what the client asks for. Raises ErrorDigitales for an
    empty note, AccionRechazada once the sale is digitized."""
    notas = (notas or "").strip()
    if not notas:
        raise ErrorDigitales(NOTAS_VACIAS)
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        ANOTAR.exigir(solicitud, actor)
        solicitud.notas = notas
        solicitud.save(update_fields=["notas"])
        _registrar("notas", solicitud, actor, largo=len(notas))
        return solicitud


def solicitud_confirmar_lectura(*, actor, solicitud):
    """The agent read the summary back and the client confirmed it («cliente confirmó»), required before
    digitación. The summary read is kept as it was. Raises AccionRechazada before the GIS confirmed capacity."""

    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        CONFIRMAR_LECTURA.exigir(solicitud, actor)
        solicitud.lectura_resumen = "\n".join(
            f"{etiqueta}: {valor}" for etiqueta, valor in resumen_para_leer(solicitud)
        )
        solicitud.lectura_confirmada_en = timezone.now()
        solicitud.save(update_fields=["lectura_resumen", "lectura_confirmada_en"])
        _registrar("lectura_confirmada", solicitud, actor, resumen=solicitud.lectura_resumen)
        return solicitud


# --- Requirements and digitization (steps 8 to 10) -----------------------------------------------


def solicitud_solicitar_requisitos(*, actor, solicitud):
    """Step 8: the agent asks the client to send the service's requirements by WhatsApp. Raises AccionRechazada."""
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        return acciones.ejecutar(
            solicitud,
            "solicitar_requisitos",
            actor=actor,
            argumentos={"cuando": timezone.now()},
            evento="digitales.requisitos_solicitados",
            datos={"estado": Estado.ESPERANDO_REQUISITOS, "requisitos": list(solicitud.requisitos())},
            bloquear=False,
        )


def solicitud_adjuntar_requisito(*, actor, solicitud, requisito, archivo):
    """Step 9: attach a requirement received by WhatsApp (PDF or image, validated, stored privately).

    A second file for the same requirement replaces the first. Raises AccionRechazada (role, state) or
    ErrorDigitales (unknown requirement, refused file).
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        ADJUNTAR_REQUISITO.exigir(solicitud, actor)
        if requisito not in solicitud.requisitos():
            raise ErrorDigitales(REQUISITO_AJENO.format(requisito=requisito, servicio=solicitud.producto))
        try:
            validar_subida(archivo, tipos=("pdf", "imagen"))
        except ValidationError as error:
            raise ErrorDigitales(error.messages[0]) from None
        adjunto = RequisitoAdjunto.objects.filter(solicitud=solicitud, requisito=requisito).first()
        anterior = adjunto.archivo.name if adjunto else None
        adjunto = adjunto or RequisitoAdjunto(solicitud=solicitud, requisito=requisito)
        adjunto.nombre_original = (archivo.name or requisito)[-200:]
        adjunto.subido_por = actor
        adjunto.subido = timezone.now()
        adjunto.archivo.save(archivo.name, archivo, save=False)
        adjunto.save()
        if anterior:
            storage = adjunto.archivo.storage
            transaction.on_commit(lambda: storage.delete(anterior))
        _registrar("requisito_adjuntado", solicitud, actor, requisito=requisito, archivo=adjunto.nombre_original)
        return adjunto


def solicitud_digitar(*, actor, solicitud, referencia=""):
    """Step 10: digitize the sale. Guards: identification, no impediment, GIS capacity, every requirement.

    Raises AccionRechazada with the first unmet condition.
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        ahora = timezone.now()
        return acciones.ejecutar(
            solicitud,
            "digitar",
            actor=actor,
            argumentos={"agente": actor, "cuando": ahora, "referencia": referencia.strip()},
            evento="digitales.digitada",
            datos={
                "estado": Estado.DIGITADA,
                "referencia": referencia.strip(),
                "horas_desde_ingreso": round((ahora - solicitud.recibida).total_seconds() / 3600, 2),
            },
            bloquear=False,
        )


# --- After the sale (steps 11 to 13) -------------------------------------------------------------


def solicitud_comunicar(*, actor, solicitud):
    """Step 11: tell the client their solicitud is done and when installation is expected: the order's
    estimated date (set within the product's ETA range when the digitación was controlled).

    Schedules the follow-up on that date and the QC call ``DIGITALES_DIAS_CONTROL_CALIDAD`` days later;
    emails the client when there is an address. Raises AccionRechazada out of order.
    """
    ahora = timezone.now()
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        orden = getattr(solicitud, "orden_instalacion", None)
        dias = orden.dias_estimados if orden else rango_eta(solicitud)[1]
        fecha = orden.fecha_estimada if orden else timezone.localdate(ahora) + timedelta(days=dias)
        seguimiento = timezone.make_aware(datetime.combine(fecha, time(9)))
        control = seguimiento + timedelta(days=settings.DIGITALES_DIAS_CONTROL_CALIDAD)
        solicitud = acciones.ejecutar(
            solicitud,
            "comunicar",
            actor=actor,
            argumentos={"dias": dias, "cuando": ahora, "seguimiento": seguimiento, "control_calidad": control},
            evento="digitales.comunicada",
            datos={
                "estado": Estado.COMUNICADA,
                "dias_estimados": dias,
                "seguimiento_programado": seguimiento,
                "control_calidad_programado": control,
            },
            bloquear=False,
        )
        if solicitud.correo:
            encolar_correo(
                para=solicitud.correo,
                asunto=f"COMTECO · Su solicitud {solicitud.numero} fue registrada",
                cuerpo_texto=(
                    f"Estimado(a) {solicitud.nombre_cliente or 'cliente'}:\n\n"
                    f"Su solicitud de {solicitud.producto} fue efectuada. "
                    f"El tiempo estimado de ejecución es de {dias} días "
                    f"(instalación prevista hasta el {fecha.strftime('%d/%m/%Y')}).\n\nVentas Digitales COMTECO"
                ),
                clave=f"digitales-comunicada-{solicitud.pk}",
            )
        return solicitud


def solicitud_registrar_seguimiento(*, actor, solicitud, nota=""):
    """Step 12: the follow-up reads the installation order: it is recorded once Instalaciones closed the
    order, and whether the service was installed is the order's outcome. Raises AccionRechazada while the
    order is pending (its message says which order and its estimated date)."""
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        orden = getattr(solicitud, "orden_instalacion", None)
        instalado = orden is not None and orden.estado == OrdenInstalacion.EstadoOrden.INSTALADA
        return acciones.ejecutar(
            solicitud,
            "registrar_seguimiento",
            actor=actor,
            argumentos={"cuando": timezone.now(), "instalado": instalado, "nota": nota.strip()},
            evento="digitales.seguimiento",
            datos={"estado": Estado.SEGUIDA, "instalado": instalado, "nota": nota.strip()},
            bloquear=False,
        )


def solicitud_adjuntar_contrato(*, actor, solicitud, archivo):
    """Attach the Contrato de Servicios (VD-F-02) the client signed (a manual document, seed 004 table):
    PDF or image validated like every upload, stored privately; a new file replaces the previous one.
    Raises AccionRechazada before digitación or for another role, ErrorDigitales for a refused file."""
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        ADJUNTAR_CONTRATO.exigir(solicitud, actor)
        try:
            validar_subida(archivo, tipos=("pdf", "imagen"))
        except ValidationError as error:
            raise ErrorDigitales(error.messages[0]) from None
        anterior = solicitud.contrato_firmado.name or None
        solicitud.contrato_firmado.save(f"{solicitud.pk}-{archivo.name}", archivo, save=False)
        solicitud.contrato_firmado_nombre = (archivo.name or "contrato")[-200:]
        solicitud.contrato_firmado_en = timezone.now()
        solicitud.save(update_fields=["contrato_firmado", "contrato_firmado_nombre", "contrato_firmado_en"])
        if anterior:
            storage = solicitud.contrato_firmado.storage
            transaction.on_commit(lambda: storage.delete(anterior))
        _registrar("contrato_firmado", solicitud, actor, archivo=solicitud.contrato_firmado_nombre)
        return solicitud


def _aviso_insatisfecho(solicitud):
    if solicitud.satisfecho:
        return []
    return [
        Aviso(
            destinatarios=_usuarios_con_rol(solicitud.organizacion, "responsable_call_center"),
            titulo=f"Cliente no satisfecho: {solicitud.numero}",
            cuerpo=solicitud.calidad_comentario or "El control de calidad no fue satisfactorio.",
            enlace=_url(solicitud),
            clave=f"digitales-insatisfecho-{solicitud.pk}",
        )
    ]


def solicitud_controlar_calidad(*, actor, solicitud, satisfecho, comentario=""):
    """Step 13: the QC call verifying the client's satisfaction concludes the procedure.

    An unsatisfied client notifies the Responsable Centro de Llamadas. Raises AccionRechazada.
    """
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        return acciones.ejecutar(
            solicitud,
            "controlar_calidad",
            actor=actor,
            argumentos={"cuando": timezone.now(), "satisfecho": satisfecho, "comentario": comentario.strip()},
            evento="digitales.control_calidad",
            datos={"estado": Estado.CONCLUIDA, "satisfecho": satisfecho, "comentario": comentario.strip()},
            avisos=_aviso_insatisfecho,
            bloquear=False,
        )


def recordatorios_enviar(*, ahora=None):
    """Remind each agent of the follow-ups and QC calls that fell due (idempotent: one per solicitud and step).

    Returns how many notifications were created.
    """
    ahora = ahora or timezone.now()
    creadas = 0
    pasos = (
        (Estado.COMUNICADA, "seguimiento_programado", "seguimiento", "Seguimiento pendiente"),
        (Estado.SEGUIDA, "control_calidad_programado", "calidad", "Control de calidad pendiente"),
    )
    for estado, campo, clave, titulo in pasos:
        with transaction.atomic():
            candidatos = (
                SolicitudDigital.objects.filter(estado=estado, agente__isnull=False, **{f"{campo}__lte": ahora})
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("agente", "producto")
            )
            for solicitud in candidatos:
                creadas += len(
                    notificar(
                        destinatarios=[solicitud.agente],
                        titulo=f"{titulo}: {solicitud.numero}",
                        cuerpo=f"{solicitud.nombre_cliente or solicitud.telefono} · {solicitud.producto or ''}",
                        enlace=_url(solicitud),
                        por_correo=False,
                        clave=f"digitales-{clave}-{solicitud.pk}",
                    )
                )
    return creadas


# --- Impediment table ---------------------------------------------------------------------------


def impedimentos_importar(*, actor, organizacion, archivo):
    """Replace the organisation's impediment table with a CSV snapshot, all or nothing.

    Raises AccionRechazada for another role, ErrorDigitales with every row's Spanish error; nothing changes
    then. Returns the row count.
    """
    IMPORTAR_TABLA_DE_IMPEDIMENTOS.exigir(organizacion, actor)
    try:
        validar_subida(archivo, tipos=("csv",))
        filas = impedimentos_mod.leer_csv_impedimentos(archivo.read())
    except ValidationError as error:
        raise ErrorDigitales("\n".join(error.messages)) from None
    ahora = timezone.now()
    with transaction.atomic():
        anteriores = RegistroImpedimento.objects.filter(organizacion=organizacion)
        cuantos_antes = anteriores.count()
        anteriores.delete()
        RegistroImpedimento.objects.bulk_create(
            [RegistroImpedimento(organizacion=organizacion, importado=ahora, **fila) for fila in filas],
            batch_size=2000,
        )
        bitacora.registrar(
            tipo="digitales.impedimentos_importados",
            actor=actor,
            organizacion=organizacion,
            datos={"filas": len(filas), "reemplazadas": cuantos_antes, "archivo": archivo.name},
        )
    return len(filas)


# --- Product catalogue ---------------------------------------------------------------------------

CAMPOS_PRODUCTO = (
    "codigo",
    "nombre",
    "activo",
    "canal",
    "requisitos",
    "eta_min_dias",
    "eta_max_dias",
    "vendido_digitalmente",
    "donde_dirigir",
)


def producto_guardar(*, actor, producto=None, datos):
    """Create (``producto=None``) or update a product of the actor's organisation's catalogue.

    ``datos`` are the form's clean values (``CAMPOS_PRODUCTO``). Raises AccionRechazada for another role,
    ErrorDigitales for a repeated code; nothing changes then. Returns the product.
    """
    organizacion = producto.organizacion if producto else actor.organizacion
    EDITAR_EL_CATALOGO.exigir(organizacion, actor)
    with transaction.atomic():
        if producto is None:
            producto = Producto(organizacion=organizacion)
        else:
            producto = Producto.objects.visibles_para(actor).select_for_update().get(pk=producto.pk)
        if Producto.objects.filter(organizacion=organizacion, codigo=datos["codigo"]).exclude(pk=producto.pk).exists():
            raise ErrorDigitales(CODIGO_REPETIDO.format(codigo=datos["codigo"]))
        creado = producto.pk is None
        for campo in CAMPOS_PRODUCTO:
            setattr(producto, campo, datos[campo])
        if producto.vendido_digitalmente:
            producto.donde_dirigir = datos["donde_dirigir"].strip()
        producto._change_reason = "catálogo editado en la aplicación"
        producto.save()
        bitacora.registrar(
            tipo="comercial.producto_creado" if creado else "comercial.producto_editado",
            actor=actor,
            objeto=producto,
            organizacion=organizacion,
            datos={campo: datos[campo] for campo in CAMPOS_PRODUCTO},
        )
        return producto


# The hand-off to Instalaciones y Traslados lives in its own module (it uses the helpers above).
from comercial.digitales.instalacion import (  # noqa: E402
    orden_instalar,
    orden_no_instalar,
    solicitud_controlar_digitacion,
)

__all__ = ["orden_instalar", "orden_no_instalar", "solicitud_controlar_digitacion"]
