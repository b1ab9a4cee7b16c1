"""Loyalty campaigns: drafted, scheduled and cancelled by ENROK, sent by beat to every customer of the PYME
who did not opt out (one delivery row per customer and channel), and the customer's opt-out link."""

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from atencion import escrituras
from atencion.canales import payload_texto
from atencion.mensajes import MSG_BAJA_INVALIDA
from atencion.models import Campana, Canal, Cliente, EnvioCampana, PerfilPyme
from atencion.services.comun import ErrorAtencion, url_absoluta
from atencion.services.salida import encolar
from enlace import acciones, bitacora


def campana_crear(*, actor, pyme, **campos):
    """A campaign in draft. Raises AccionRechazada unless the actor manages campaigns (escrituras.CAMPANA_CREAR)."""
    with transaction.atomic():
        escrituras.CAMPANA_CREAR.exigir(pyme, actor)
        campana = Campana.objects.create(pyme=pyme, creada_por=actor, **campos)
        bitacora.registrar(
            tipo="atencion.campana.creada", actor=actor, objeto=campana, organizacion=pyme, datos={"tipo": campana.tipo}
        )
        return campana


def campana_programar(*, actor, campana):
    """Schedule a draft for its date (which must not have passed). Raises AccionRechazada."""
    return acciones.ejecutar(
        campana,
        "programar",
        actor=actor,
        evento="atencion.campana.programada",
        datos={"programada_para": campana.programada_para},
        organizacion=campana.pyme,
    )


def campana_cancelar(*, actor, campana):
    """Cancel a draft or scheduled campaign. Raises AccionRechazada."""
    return acciones.ejecutar(
        campana, "cancelar", actor=actor, evento="atencion.campana.cancelada", organizacion=campana.pyme
    )


def _baja(cliente):
    return url_absoluta(reverse("atencion:baja", args=[cliente.token_baja]))


def _texto_campana(campana, cliente):
    return render_to_string(
        "atencion/correo/campana.txt", {"campana": campana, "cliente": cliente, "baja": _baja(cliente)}
    )


def campanas_enviar(*, ahora=None):
    """Send the due scheduled campaigns: one delivery row per customer and channel, opt-outs skipped.

    Idempotent: the unique delivery row and the outbox key make a second run send nothing.
    """
    ahora = ahora or timezone.now()
    enviadas = 0
    candidatos = Campana.objects.filter(estado=Campana.Estado.PROGRAMADA, programada_para__lte=ahora)
    for campana_id in candidatos.values_list("pk", flat=True):
        with transaction.atomic():
            qs = Campana.objects.filter(pk=campana_id, estado=Campana.Estado.PROGRAMADA)
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            campana = qs.select_related("pyme").first()
            if campana is None:
                continue
            perfil = PerfilPyme.objects.filter(pyme=campana.pyme).first()
            ya = set(EnvioCampana.objects.filter(campana=campana).values_list("cliente_id", "canal"))
            envios = []
            for cliente in Cliente.objects.filter(pyme=campana.pyme).order_by("pk").iterator(chunk_size=1000):
                canales_cliente = [Canal.CORREO]
                if campana.por_whatsapp and perfil and perfil.canal_whatsapp:
                    canales_cliente.append(Canal.WHATSAPP)
                for canal in canales_cliente:
                    if (cliente.pk, canal) in ya:
                        continue
                    destino = cliente.correo if canal == Canal.CORREO else cliente.telefono
                    if not cliente.acepta_campanas:
                        estado, mensaje = EnvioCampana.Estado.OMITIDO_BAJA, None
                    elif not destino:
                        estado, mensaje = EnvioCampana.Estado.SIN_DATOS, None
                    else:
                        texto = _texto_campana(campana, cliente)
                        payload = payload_texto(destino, texto) if canal == Canal.WHATSAPP else None
                        mensaje = encolar(
                            pyme=campana.pyme,
                            ticket=None,
                            canal=canal,
                            destino=destino,
                            asunto=campana.asunto,
                            cuerpo=texto,
                            payload=payload,
                            cabeceras={"List-Unsubscribe": f"<{_baja(cliente)}>"} if canal == Canal.CORREO else None,
                            clave=f"campana-{campana.pk}",
                        )
                        estado = EnvioCampana.Estado.ENCOLADO
                    envios.append(
                        EnvioCampana(campana=campana, cliente=cliente, canal=canal, estado=estado, mensaje=mensaje)
                    )
            EnvioCampana.objects.bulk_create(envios, ignore_conflicts=True, batch_size=1000)
            acciones.ejecutar(
                campana,
                "marcar_enviada",
                actor=None,
                argumentos={"ahora": ahora},
                evento="atencion.campana.enviada",
                datos={"envios": len(envios), "omitidos_baja": sum(e.estado == "omitido_baja" for e in envios)},
                organizacion=campana.pyme,
                bloquear=False,
            )
            enviadas += 1
    return enviadas


def cliente_baja(*, token, ahora=None):
    """Opt a customer out of loyalty campaigns (idempotent). Raises ErrorAtencion for an unknown token."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        cliente = Cliente.objects.select_for_update().filter(token_baja=token).first()
        if cliente is None:
            raise ErrorAtencion(MSG_BAJA_INVALIDA)
        if cliente.acepta_campanas:
            cliente.acepta_campanas = False
            cliente.baja_en = ahora
            cliente.save(update_fields=["acepta_campanas", "baja_en"])
            bitacora.registrar(tipo="atencion.cliente.baja", actor=None, objeto=cliente, organizacion=cliente.pyme)
        return cliente


# --- Daily metrics roll-up ---------------------------------------------------------------
