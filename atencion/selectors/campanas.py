"""Reads of loyalty campaigns: who a campaign reaches (its segment, and on a recurring campaign's day the
customers whose date it is) and the preview shown before scheduling."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from atencion.models import Campana, Cliente, FechaCliente, Interaccion, Ticket
from atencion.models.pymes import Canal


def campanas_visibles(user):
    return Campana.objects.visibles_para(user).select_related("pyme")


def envios_de(campana):
    return campana.envios.select_related("cliente").order_by("-ocasion", "cliente__nombre")


def segmento(campana, *, ahora=None):
    """The PYME's customers that the campaign's filters select (tags, channel, last contact). Opted-out
    customers stay in: the sending records them as omitted, so the preview can say how many."""
    ahora = ahora or timezone.now()
    clientes = Cliente.objects.filter(pyme_id=campana.pyme_id)
    etiquetas = [e.pk for e in campana.segmento_etiquetas.all()]
    if etiquetas:
        con_etiqueta = Cliente.etiquetas.through.objects.filter(cliente_id=OuterRef("pk"), etiqueta_id__in=etiquetas)
        clientes = clientes.filter(Exists(con_etiqueta))
    if campana.segmento_canal == Canal.WHATSAPP:
        clientes = clientes.exclude(telefono="")
    elif campana.segmento_canal == Canal.CORREO:
        clientes = clientes.exclude(correo="")
    if campana.segmento_sin_contacto_dias is not None:
        desde = ahora - timedelta(days=campana.segmento_sin_contacto_dias)
        clientes = clientes.exclude(Exists(Ticket.objects.filter(cliente_id=OuterRef("pk"), creado__gte=desde)))
    return clientes


def _mismo_dia(campo, dia):
    """``campo`` falls on ``dia``'s day and month; on 28 February of a common year, 29 February too."""
    q = Q(**{f"{campo}__month": dia.month, f"{campo}__day": dia.day})
    es_bisiesto = dia.year % 4 == 0 and (dia.year % 100 != 0 or dia.year % 400 == 0)
    if (dia.month, dia.day) == (2, 28) and not es_bisiesto:
        q |= Q(**{f"{campo}__month": 2, f"{campo}__day": 29})
    return q


def con_fecha_el(campana, dia):
    """The Q of the customers whose recurring date (birthday, anniversary or the PYME's special date) is ``dia``."""
    if campana.recurrente_por == Campana.FechaBase.NACIMIENTO:
        return _mismo_dia("fecha_nacimiento", dia)
    if campana.recurrente_por == Campana.FechaBase.ANIVERSARIO:
        return _mismo_dia("aniversario", dia)
    fechas = FechaCliente.objects.filter(_mismo_dia("fecha", dia), cliente_id=OuterRef("pk"))
    return Q(Exists(fechas.filter(fecha_especial_id=campana.fecha_especial_id)))


def destinatarios(campana, *, dia=None, ahora=None):
    """Who the campaign goes to: its segment, and for a recurring campaign only those whose date is ``dia``."""
    clientes = segmento(campana, ahora=ahora)
    return clientes.filter(con_fecha_el(campana, dia)) if campana.recurrente else clientes


def en_ventana_whatsapp(pyme, *, ahora):
    """Ids of the PYME's customers who wrote on WhatsApp in the last 24 hours: free text may reach them."""
    return set(
        Interaccion.objects.filter(
            pyme=pyme,
            canal=Canal.WHATSAPP,
            direccion=Interaccion.Direccion.ENTRANTE,
            creado__gte=ahora - timedelta(hours=24),
        ).values_list("ticket__cliente_id", flat=True)
    )


def vista_previa(campana, *, dia, ahora=None):
    """Counts of who the campaign would reach (one aggregate query): the segment, those with the date on
    ``dia`` (recurring), opted out, and reachable by email and by WhatsApp."""
    acepta = Q(acepta_campanas=True)
    filtros = {
        "segmento": Q(),
        "baja": Q(acepta_campanas=False),
        "con_correo": acepta & ~Q(correo=""),
        "con_whatsapp": acepta & ~Q(telefono=""),
        "sin_datos": acepta & Q(correo="", telefono=""),
    }
    if campana.recurrente:
        hoy = con_fecha_el(campana, dia)
        filtros |= {"hoy": hoy, "hoy_enviables": hoy & acepta & (~Q(correo="") | ~Q(telefono=""))}
    conteos = {k: Count("pk", filter=q) if q else Count("pk") for k, q in filtros.items()}
    return segmento(campana, ahora=ahora).aggregate(**conteos)
