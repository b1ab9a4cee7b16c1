"""Loyalty campaigns: drafted, scheduled and cancelled by ENROK and sent by beat to the customers of their
segment (one delivery row per customer, channel and occasion); recurring ones every day to the customers
whose date it is in the PYME's time zone; a customer opts out by the link or by replying BAJA/STOP."""

import unicodedata
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from atencion import escrituras, selectors
from atencion.canales import payload_plantilla, payload_texto
from atencion.mensajes import (
    MSG_BAJA_INVALIDA,
    MSG_CAMPANA_RECURRENTE_SIN_FECHA,
    MSG_PLANTILLA_NO_APROBADA,
)
from atencion.models import Campana, Canal, Cliente, EnvioCampana, MensajeSaliente, PerfilPyme, PlantillaWhatsapp
from atencion.services.comun import ErrorAtencion, url_absoluta
from atencion.services.salida import encolar
from enlace import acciones, bitacora
from enlace.copia import copiar
from enlace.recolector import sin_recolector

# What a customer replies on WhatsApp to opt out (compared without case, accents or punctuation).
PALABRAS_BAJA = {"BAJA", "STOP"}
CONFIRMACION_BAJA = "Listo: ya no recibirás mensajes de promociones de {pyme}."


def _validar_campos(pyme, campos, etiquetas):
    plantilla = campos.get("plantilla")
    if plantilla and (plantilla.pyme_id != pyme.pk or plantilla.estado != PlantillaWhatsapp.Estado.APROBADA):
        raise ErrorAtencion(MSG_PLANTILLA_NO_APROBADA)
    especial = campos.get("fecha_especial")
    if campos.get("recurrente_por") == Campana.FechaBase.ESPECIAL and (not especial or especial.pyme_id != pyme.pk):
        raise ErrorAtencion(MSG_CAMPANA_RECURRENTE_SIN_FECHA)
    if any(e.pyme_id != pyme.pk for e in etiquetas):
        raise ErrorAtencion("Las etiquetas del segmento deben ser de la misma PYME.")


def campana_crear(*, actor, pyme, segmento_etiquetas=(), **campos):
    """A campaign in draft, with its segment and, if recurring, the customers' date it repeats on. Raises
    AccionRechazada unless the actor manages campaigns (escrituras.CAMPANA_CREAR), ErrorAtencion for a
    template that is not approved or a tag, date or template of another PYME."""
    _validar_campos(pyme, campos, segmento_etiquetas)
    with transaction.atomic():
        escrituras.CAMPANA_CREAR.exigir(pyme, actor)
        campana = Campana.objects.create(pyme=pyme, creada_por=actor, **campos)
        campana.segmento_etiquetas.set(segmento_etiquetas)
        bitacora.registrar(
            tipo="atencion.campana.creada",
            actor=actor,
            objeto=campana,
            organizacion=pyme,
            datos={"tipo": campana.tipo, "recurrente_por": campana.recurrente_por},
        )
        return campana


def campana_programar(*, actor, campana):
    """Schedule a draft for its date (which must not have passed; a recurring one starts then). Raises
    AccionRechazada, also while the PYME is suspended."""
    return acciones.ejecutar(
        campana,
        "programar",
        actor=actor,
        evento="atencion.campana.programada",
        datos={"programada_para": campana.programada_para},
        organizacion=campana.pyme,
    )


def campana_cancelar(*, actor, campana):
    """Cancel a draft or scheduled campaign (a recurring one stops). Raises AccionRechazada."""
    return acciones.ejecutar(
        campana, "cancelar", actor=actor, evento="atencion.campana.cancelada", organizacion=campana.pyme
    )


# --- Sending -------------------------------------------------------------------------------


class _Cliente:
    """The columns of a customer the sending reads (50,000 model instances would cost seconds)."""

    __slots__ = ("acepta_campanas", "correo", "nombre", "pk", "telefono", "token_baja")

    def __init__(self, fila):
        self.pk, self.nombre, self.telefono, self.correo, self.acepta_campanas, self.token_baja = fila

    def __str__(self):
        return self.nombre or self.telefono or self.correo


# Stand-ins rendered once into the campaign's text and then replaced per customer: rendering the template
# and reversing the opt-out URL 50,000 times took most of a large campaign's time.
_NOMBRE, _TOKEN = "\x00nombre\x00", "\x00token\x00"


def _texto_de(campana):
    """(customer) -> the campaign's text for that customer, with its own opt-out link."""
    baja = url_absoluta(reverse("atencion:baja", args=["TOKEN"])).replace("TOKEN", _TOKEN)
    molde = get_template("atencion/correo/campana.txt").render(
        {"campana": campana, "cliente": {"nombre": _NOMBRE}, "baja": baja}
    )

    def texto(cliente):
        return molde.replace(_NOMBRE, cliente.nombre or "").replace(_TOKEN, cliente.token_baja)

    return texto, baja


def _inicio_del_ritmo(pyme, ahora):
    """When the PYME's next campaign message may go: after the last one already spaced out."""
    ultimo = MensajeSaliente.objects.filter(
        pyme=pyme, estado=MensajeSaliente.Estado.PENDIENTE, clave__startswith="campana-"
    ).aggregate(m=Max("proximo_intento"))["m"]
    return max(ahora, ultimo + _intervalo()) if ultimo else ahora


def _intervalo():
    return timedelta(minutes=1) / max(1, settings.ATENCION_CAMPANA_MENSAJES_POR_MINUTO)


def _canales(campana, perfil):
    if campana.por_whatsapp and perfil is not None and perfil.canal_whatsapp:
        return (Canal.CORREO, Canal.WHATSAPP)
    return (Canal.CORREO,)


# What the fan-out writes per message and per delivery, as tuples (enlace.copia.copiar with columnas): the
# other fields take their defaults. 175,000 model instances cost most of a 50,000-customer campaign's time.
COLUMNAS_MENSAJE = ("pyme", "canal", "destino", "asunto", "cuerpo", "payload", "cabeceras", "clave", "proximo_intento")
COLUMNAS_ENVIO = ("campana", "cliente", "canal", "ocasion", "estado", "mensaje")


def _estado_envio(cliente, canal, destino, *, en_ventana, plantilla):
    if not cliente.acepta_campanas:
        return EnvioCampana.Estado.OMITIDO_BAJA
    if not destino:
        return EnvioCampana.Estado.SIN_DATOS
    if canal == Canal.WHATSAPP and cliente.pk not in en_ventana and plantilla is None:
        return EnvioCampana.Estado.SIN_PLANTILLA
    return EnvioCampana.Estado.ENCOLADO


def _payload_y_cabeceras(campana, cliente, canal, texto, *, en_ventana, plantilla, enlace_baja):
    if canal == Canal.CORREO:
        return {}, {"List-Unsubscribe": f"<{enlace_baja.replace(_TOKEN, cliente.token_baja)}>"}
    if cliente.pk in en_ventana:
        return payload_texto(cliente.telefono, texto), {}
    valores = {"cliente": cliente.nombre, "pyme": campana.pyme.nombre}
    return payload_plantilla(cliente.telefono, plantilla, plantilla.parametros(valores)), {}


@sin_recolector()  # tens of thousands of messages and deliveries built in memory: see enlace.recolector
def _encolar_envios(campana, clientes, *, ocasion, ahora):
    """Queue the campaign for ``clientes`` once per customer, channel and occasion; returns the states of
    the new deliveries. The caller holds the campaign's lock, so the deliveries already recorded are exact;
    the unique delivery row (inserted ignoring conflicts) and the outbox key are the belt and braces.

    Messages are spaced ATENCION_CAMPANA_MENSAJES_POR_MINUTO apart per PYME (``proximo_intento``) and left
    to the outbox sweep, which sends each when due (no task per message). WhatsApp goes as free text only
    to customers who wrote in the last 24 hours; to the others through the campaign's approved template."""
    perfil = PerfilPyme.objects.filter(pyme_id=campana.pyme_id).first()
    canales = _canales(campana, perfil)
    ya = set(EnvioCampana.objects.filter(campana=campana, ocasion=ocasion).values_list("cliente_id", "canal"))
    en_ventana = selectors.en_ventana_whatsapp(campana.pyme, ahora=ahora) if Canal.WHATSAPP in canales else set()
    plantilla = campana.plantilla if campana.plantilla_id else None
    plantilla = plantilla if plantilla and plantilla.estado == PlantillaWhatsapp.Estado.APROBADA else None
    texto_de, enlace_baja = _texto_de(campana)
    clave = f"campana-{campana.pk}-{ocasion}" if ocasion else f"campana-{campana.pk}"
    asunto = campana.asunto[:250]
    siguiente, intervalo = _inicio_del_ritmo(campana.pyme, ahora), _intervalo()
    filas = clientes.order_by("pk").values_list("pk", "nombre", "telefono", "correo", "acepta_campanas", "token_baja")
    envios, mensajes = [], []  # envios: (customer, channel, state, index of its message or None)
    for cliente in map(_Cliente, filas.iterator(chunk_size=5000)):
        for canal in canales:
            if (cliente.pk, canal) in ya:
                continue
            destino = cliente.correo if canal == Canal.CORREO else cliente.telefono
            estado = _estado_envio(cliente, canal, destino, en_ventana=en_ventana, plantilla=plantilla)
            if estado != EnvioCampana.Estado.ENCOLADO:
                envios.append((cliente.pk, canal, estado, None))
                continue
            texto = texto_de(cliente)
            payload, cabeceras = _payload_y_cabeceras(
                campana, cliente, canal, texto, en_ventana=en_ventana, plantilla=plantilla, enlace_baja=enlace_baja
            )
            envios.append((cliente.pk, canal, estado, len(mensajes)))
            mensajes.append((campana.pyme_id, canal, destino, asunto, texto, payload, cabeceras, clave, siguiente))
            siguiente += intervalo
    ids = copiar(MensajeSaliente, mensajes, columnas=COLUMNAS_MENSAJE)  # the deliveries point at these keys
    copiar(
        EnvioCampana,
        [(campana.pk, c, canal, ocasion, estado, None if i is None else ids[i]) for c, canal, estado, i in envios],
        columnas=COLUMNAS_ENVIO,
        ignorar_conflictos=True,
    )
    return [estado for _, _, estado, _ in envios]


def _bloquear_campana(campana_id):
    qs = Campana.objects.filter(pk=campana_id, estado=Campana.Estado.PROGRAMADA)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_related("pyme", "plantilla").first()


def _resumen(estados):
    return {"envios": len(estados), "omitidos_baja": estados.count(EnvioCampana.Estado.OMITIDO_BAJA)}


def _programadas(ahora):
    """Scheduled campaigns whose date came, of PYMES that are not suspended."""
    return Campana.objects.filter(estado=Campana.Estado.PROGRAMADA, programada_para__lte=ahora).exclude(
        pyme__perfil_atencion__estado=PerfilPyme.Estado.SUSPENDIDA
    )


def campanas_enviar(*, ahora=None):
    """Send the due one-off campaigns (then marked sent) and today's occasion of each recurring campaign.

    Idempotent: the deliveries already recorded, the unique delivery row and the outbox key make a second
    run send nothing. A suspended PYME's campaigns wait. Returns how many campaigns queued something.
    """
    ahora = ahora or timezone.now()
    enviadas = 0
    for campana_id in _programadas(ahora).filter(recurrente_por="").values_list("pk", flat=True):
        with transaction.atomic():
            campana = _bloquear_campana(campana_id)
            if campana is None:
                continue
            estados = _encolar_envios(campana, selectors.destinatarios(campana, ahora=ahora), ocasion="", ahora=ahora)
            acciones.ejecutar(
                campana,
                "marcar_enviada",
                actor=None,
                argumentos={"ahora": ahora},
                evento="atencion.campana.enviada",
                datos=_resumen(estados),
                organizacion=campana.pyme,
                bloquear=False,
            )
            enviadas += 1
    return enviadas + campanas_recurrentes_enviar(ahora=ahora)


def campanas_recurrentes_enviar(*, ahora=None):
    """Each recurring campaign, once its hour has come in the PYME's time zone, goes to the customers whose
    date is today there (the occasion is that local date). Returns how many queued something."""
    ahora = ahora or timezone.now()
    enviadas = 0
    for campana_id in _programadas(ahora).exclude(recurrente_por="").values_list("pk", flat=True):
        with transaction.atomic():
            campana = _bloquear_campana(campana_id)
            if campana is None:
                continue
            local = timezone.localtime(ahora, timezone=ZoneInfo(campana.pyme.zona_horaria))
            if local.time() < campana.hora_envio:
                continue
            dia = local.date()
            clientes = selectors.destinatarios(campana, dia=dia, ahora=ahora)
            estados = _encolar_envios(campana, clientes, ocasion=dia.isoformat(), ahora=ahora)
            if estados:
                bitacora.registrar(
                    tipo="atencion.campana.envio_del_dia",
                    actor=None,
                    objeto=campana,
                    organizacion=campana.pyme,
                    datos={"dia": dia.isoformat(), **_resumen(estados)},
                )
                enviadas += 1
    return enviadas


# --- Opt-out --------------------------------------------------------------------------------


def _dar_de_baja(cliente, *, ahora, via):
    if not cliente.acepta_campanas:
        return False
    cliente.acepta_campanas = False
    cliente.baja_en = ahora
    cliente.save(update_fields=["acepta_campanas", "baja_en"])
    bitacora.registrar(
        tipo="atencion.cliente.baja", actor=None, objeto=cliente, organizacion=cliente.pyme, datos={"via": via}
    )
    return True


def cliente_baja(*, token, ahora=None):
    """Opt a customer out of loyalty campaigns (idempotent). Raises ErrorAtencion for an unknown token."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        cliente = Cliente.objects.select_for_update().filter(token_baja=token).first()
        if cliente is None:
            raise ErrorAtencion(MSG_BAJA_INVALIDA)
        _dar_de_baja(cliente, ahora=ahora, via="enlace")
        return cliente


def es_pedido_de_baja(texto):
    """True for «BAJA», «stop», «Baja.», «bájà»…: the whole message is one of PALABRAS_BAJA."""
    sin_acentos = unicodedata.normalize("NFKD", texto or "").encode("ascii", "ignore").decode()
    return "".join(c for c in sin_acentos if c.isalnum()).upper() in PALABRAS_BAJA


def cliente_baja_por_respuesta(*, cliente, mensaje_id, ahora=None):
    """A customer replied BAJA/STOP on WhatsApp: opted out at once (pending campaign messages to that
    number are dropped) and told so in the same conversation. Idempotent by the message id."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        cliente = Cliente.objects.select_for_update().select_related("pyme").get(pk=cliente.pk)
        if _dar_de_baja(cliente, ahora=ahora, via="whatsapp"):
            MensajeSaliente.objects.filter(
                pyme=cliente.pyme,
                destino__in=[d for d in (cliente.telefono, cliente.correo) if d],
                estado=MensajeSaliente.Estado.PENDIENTE,
                clave__startswith="campana-",
            ).update(estado=MensajeSaliente.Estado.FALLIDO, ultimo_error="El cliente se dio de baja.")
        texto = CONFIRMACION_BAJA.format(pyme=cliente.pyme)
        encolar(
            pyme=cliente.pyme,
            ticket=None,
            canal=Canal.WHATSAPP,
            destino=cliente.telefono,
            cuerpo=texto,
            payload=payload_texto(cliente.telefono, texto),
            clave=f"baja-{mensaje_id}",
        )
        return cliente
