"""ENROK pages: thin views (selector → form → service → message → redirect), webhooks and public pages."""

import csv
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from atencion import canales, forms, reportes, selectors, services
from atencion.models import PRINCIPIOS, Campana, Guion, Interaccion
from enlace.acceso import modulo_requerido, rol_requerido
from enlace.paginacion import paginar_sin_total
from enlace.pdf import respuesta_pdf
from enlace.roles import tiene_rol

logger = logging.getLogger(__name__)

PERSONAL = ("director", "gerente_operaciones", "agente", "analista")
ATIENDEN = ("agente", "gerente_operaciones")
CONFIGURAN = ("director", "gerente_operaciones")
CAMPANAS = ("gerente_operaciones", "analista")
TODOS = (*PERSONAL, "pyme")
POR_PAGINA = 50
INICIO_CACHE_SEGUNDOS = 300


def _puede(user, *roles):
    return user.is_superuser or tiene_rol(user, *roles)


# --- Home, boards ----------------------------------------------------------------------


@modulo_requerido("atencion:inicio")
def inicio(request):
    hoy = timezone.localdate()
    periodo = selectors.Periodo(hoy.replace(day=1), hoy, settings.TIME_ZONE)
    # The landing summary is cached briefly per organisation: the metrics page has the live figures.
    clave = f"atencion-inicio-{request.user.organizacion_id}-{request.user.is_superuser}-{hoy.isoformat()}"
    kpis = cache.get(clave)
    if kpis is None:
        kpis = selectors.metricas(
            selectors.tickets_visibles(request.user),
            periodo=periodo,
            pymes=selectors.pymes_visibles(request.user).values("pk"),
        )
        cache.set(clave, kpis, INICIO_CACHE_SEGUNDOS)
    contexto = {"kpis": kpis, "es_pyme": tiene_rol(request.user, "pyme") and not request.user.is_superuser}
    if contexto["es_pyme"]:
        contexto["tickets"] = list(selectors.lista_tickets(request.user)[:10])
        contexto["reportes"] = list(selectors.reportes_visibles(request.user)[:5])
    return render(request, "atencion/inicio.html", contexto)


@rol_requerido(*ATIENDEN)
def tablero(request):
    return render(request, "atencion/tablero.html", selectors.tablero_agente(request.user))


@rol_requerido("gerente_operaciones", "director")
def escalamientos(request):
    return render(request, "atencion/escalamientos.html", selectors.tablero_gerente(request.user))


# --- Tickets -------------------------------------------------------------------------


@rol_requerido(*TODOS)
def tickets(request):
    filtro = forms.FiltroTicketsForm(request.GET or None)
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    qs = selectors.lista_tickets(
        request.user,
        estado=datos.get("estado", ""),
        pyme=datos.get("pyme", ""),
        canal=datos.get("canal", ""),
        prioridad=datos.get("prioridad", ""),
        q=datos.get("q", ""),
    )
    pagina = paginar_sin_total(qs, request.GET.get("pagina"), POR_PAGINA)
    return render(request, "atencion/tickets.html", {"pagina": pagina, "filtro": filtro})


@rol_requerido(*ATIENDEN)
@require_http_methods(["GET", "POST"])
def llamada_nueva(request):
    pymes = selectors.pymes_visibles(request.user)
    form = forms.LlamadaForm(request.POST or None, pymes=pymes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ticket = services.llamada_registrar(
                actor=request.user,
                pyme=d["pyme"],
                telefono=d["telefono"],
                nombre=d["nombre"],
                asunto=d["asunto"],
                motivo=d["motivo"],
                prioridad=d["prioridad"],
                notas=d["notas"],
                duracion_segundos=int(d["duracion_minutos"] * 60),
                resuelta=d["resuelta"],
            )
        except services.ErrorAtencion as exc:
            messages.error(request, exc.mensaje)
        else:
            messages.success(request, f"Llamada registrada en el ticket #{ticket.pk}.")
            return redirect("atencion:ticket", ticket.pk)
    return render(request, "atencion/llamada.html", {"form": form})


def _ticket_visible(request, pk):
    return get_object_or_404(selectors.ticket_de(request.user, pk), pk=pk)


@rol_requerido(*TODOS)
def ticket(request, pk):
    ticket = _ticket_visible(request, pk)
    puede_atender = _puede(request.user, *ATIENDEN)
    es_pyme = tiene_rol(request.user, "pyme") and not request.user.is_superuser
    interacciones = selectors.interacciones_de(ticket)
    if es_pyme:  # internal notes are ENROK's own
        interacciones = interacciones.exclude(direccion=Interaccion.Direccion.NOTA)
    contexto = {
        "ticket": ticket,
        "interacciones": list(interacciones),
        "puede_atender": puede_atender,
        "es_pyme": es_pyme,
    }
    if puede_atender or _puede(request.user, "director", "analista"):
        contexto.update(
            guiones=selectors.guiones_para(ticket),
            principios=PRINCIPIOS,
            avisos=list(ticket.avisos_sla.order_by("creado")),
            encuesta=getattr(ticket, "encuesta", None) if hasattr(ticket, "encuesta") else None,
        )
    if puede_atender and ticket.abierto:
        contexto.update(
            form_respuesta=forms.TextoForm(),
            form_llamada=forms.LlamadaSeguimientoForm(),
            form_clasificar=forms.ClasificarForm(
                pyme=ticket.pyme, initial={"motivo": ticket.motivo_id, "prioridad": ticket.prioridad}
            ),
            form_escalar=forms.EscalarForm(),
            form_asignar=forms.AsignarForm(agentes=selectors.agentes_de_enrok(request.user)),
            form_cita=forms.CitaForm(),
        )
    return render(request, "atencion/ticket.html", contexto)


def _minutos_a_segundos(valor):
    return int(Decimal(valor) * 60)


@rol_requerido(*ATIENDEN)
@require_POST
def ticket_accion(request, pk, accion):
    ticket = _ticket_visible(request, pk)
    u = request.user
    try:
        if accion == "responder":
            form = forms.TextoForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion(services.MSG_TEXTO_VACIO)
            services.ticket_responder(actor=u, ticket=ticket, texto=form.cleaned_data["texto"])
            mensaje = "Respuesta enviada al cliente."
        elif accion == "nota":
            form = forms.TextoForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion(services.MSG_TEXTO_VACIO)
            services.ticket_nota(actor=u, ticket=ticket, texto=form.cleaned_data["texto"])
            mensaje = "Nota registrada."
        elif accion == "llamada":
            form = forms.LlamadaSeguimientoForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion("Indique las notas y la duración de la llamada.")
            services.llamada_agregar(
                actor=u,
                ticket=ticket,
                notas=form.cleaned_data["notas"],
                duracion_segundos=_minutos_a_segundos(form.cleaned_data["duracion_minutos"]),
            )
            mensaje = "Llamada registrada."
        elif accion == "clasificar":
            form = forms.ClasificarForm(request.POST, pyme=ticket.pyme)
            if not form.is_valid():
                raise services.ErrorAtencion("Elija un motivo y una prioridad válidos.")
            services.ticket_clasificar(
                actor=u, ticket=ticket, motivo=form.cleaned_data["motivo"], prioridad=form.cleaned_data["prioridad"]
            )
            mensaje = "Ticket clasificado."
        elif accion == "escalar":
            form = forms.EscalarForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion("Indique el motivo del escalamiento.")
            services.ticket_escalar(actor=u, ticket=ticket, motivo=form.cleaned_data["motivo"])
            mensaje = "Caso escalado al Gerente de Operaciones."
        elif accion == "asignar":
            form = forms.AsignarForm(request.POST, agentes=selectors.agentes_de_enrok(u))
            if not form.is_valid():
                raise services.ErrorAtencion(services.MSG_AGENTE_INVALIDO)
            services.ticket_asignar(actor=u, ticket=ticket, agente=form.cleaned_data["agente"])
            mensaje = "Ticket asignado."
        elif accion == "cita":
            form = forms.CitaForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion("Indique una fecha y hora válidas para la cita.")
            services.cita_recordatorio_programar(
                actor=u, ticket=ticket, cita=form.cleaned_data["cita"], horas_antes=form.cleaned_data["horas_antes"]
            )
            mensaje = "Recordatorio de cita programado."
        elif accion == "esperar":
            services.ticket_esperar_cliente(actor=u, ticket=ticket)
            mensaje = "El ticket espera al cliente: el reloj de resolución está en pausa."
        elif accion == "reanudar":
            services.ticket_reanudar(actor=u, ticket=ticket)
            mensaje = "Ticket reanudado."
        elif accion == "resolver":
            services.ticket_resolver(actor=u, ticket=ticket)
            mensaje = "Ticket resuelto: se envió la encuesta de satisfacción al cliente."
        elif accion == "cerrar":
            services.ticket_cerrar(actor=u, ticket=ticket)
            mensaje = "Ticket cerrado."
        elif accion == "reabrir":
            services.ticket_reabrir(actor=u, ticket=ticket)
            mensaje = "Ticket reabierto."
        else:
            raise Http404
    except services.ErrorAtencion as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, mensaje)
    return redirect("atencion:ticket", ticket.pk)


# --- Metrics and exports ---------------------------------------------------------------


def _metricas_filtradas(request):
    pymes = selectors.pymes_visibles(request.user)
    agentes = selectors.agentes_de_enrok(request.user)
    form = forms.MetricasForm(request.GET or None, pymes=pymes, agentes=agentes)
    if request.GET and not form.is_valid():
        return form, None, None
    if not request.GET:
        form = forms.MetricasForm({}, pymes=pymes, agentes=agentes)
        form.is_valid()
    d = form.cleaned_data
    tickets = selectors.tickets_visibles(request.user)
    zona = settings.TIME_ZONE
    form.pymes_ids = pymes.values("pk")
    if d.get("pyme"):
        tickets = tickets.filter(pyme=d["pyme"])
        zona = d["pyme"].zona_horaria
        form.pymes_ids = [d["pyme"].pk]
    periodo = selectors.Periodo(d["desde"], d["hasta"], zona)
    return form, tickets, periodo


@rol_requerido(*TODOS)
def metricas(request):
    form, tickets, periodo = _metricas_filtradas(request)
    if tickets is None:
        return render(request, "atencion/metricas.html", {"form": form})
    agente = form.cleaned_data.get("agente")
    kpis = selectors.metricas(tickets, periodo=periodo, pymes=form.pymes_ids, agente=agente)
    snapshot = services.kpis_para_json(kpis)
    return render(
        request,
        "atencion/metricas.html",
        {
            "form": form,
            "kpis": kpis,
            "graficas": reportes.graficas_de(snapshot),
            "por_agente": selectors.metricas_por_agente(tickets, periodo=periodo, pymes=form.pymes_ids)
            if not tiene_rol(request.user, "pyme")
            else [],
            "consulta": request.GET.urlencode(),
        },
    )


class _Eco:
    def write(self, valor):
        return valor


@rol_requerido(*TODOS)
def exportar(request, formato):
    form, tickets, periodo = _metricas_filtradas(request)
    if tickets is None:
        messages.error(request, "Corrija el filtro antes de exportar.")
        return redirect("atencion:metricas")
    tickets = tickets.filter(creado__gte=periodo.inicio, creado__lt=periodo.fin)
    if form.cleaned_data.get("agente"):
        tickets = tickets.filter(agente=form.cleaned_data["agente"])
    zona = request.user.zona_horaria
    nombre = f"tickets_{periodo.desde:%Y%m%d}_{periodo.hasta:%Y%m%d}"
    if formato == "csv":
        escritor = csv.writer(_Eco())
        respuesta = StreamingHttpResponse(
            _csv(escritor, selectors.filas_exportacion(tickets, zona)), content_type="text/csv; charset=utf-8"
        )
        respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.csv"'
        return respuesta
    if formato == "xlsx":
        return _xlsx(selectors.filas_exportacion(tickets, zona), nombre)
    raise Http404


def _csv(escritor, filas):
    yield "\ufeff" + escritor.writerow(list(selectors.COLUMNAS_EXPORTACION))
    for fila in filas:
        yield escritor.writerow(fila)


def _xlsx(filas, nombre):
    import tempfile

    from openpyxl import Workbook

    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Tickets")
    hoja.append(list(selectors.COLUMNAS_EXPORTACION))
    for fila in filas:
        hoja.append(fila)
    with tempfile.TemporaryFile() as archivo:
        libro.save(archivo)
        archivo.seek(0)
        contenido = archivo.read()
    respuesta = HttpResponse(
        contenido, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.xlsx"'
    return respuesta


# --- PYMEs: onboarding and protocol ----------------------------------------------------


@rol_requerido(*PERSONAL)
def pymes(request):
    return render(request, "atencion/pymes.html", {"pymes": selectors.pymes_visibles(request.user)})


@rol_requerido(*PERSONAL)
@require_http_methods(["GET", "POST"])
def pyme(request, slug):
    pyme = get_object_or_404(selectors.pymes_visibles(request.user), slug=slug)
    perfil = getattr(pyme, "perfil_atencion", None)
    puede = _puede(request.user, *CONFIGURAN)
    if perfil is None:
        if not puede:
            raise Http404
        perfil = services.perfil_obtener_o_crear(actor=request.user, pyme=pyme)
    seccion = request.POST.get("seccion", "")
    inicial = {h.dia_semana: (h.abre, h.cierra) for h in pyme.horarios_atencion.all()}
    f_perfil = forms.PerfilForm(instance=perfil)
    f_horario = forms.HorarioForm(inicial=inicial)
    f_dia, f_sla, f_motivo = forms.DiaInhabilForm(), forms.ObjetivoSlaForm(), forms.MotivoForm()
    f_guion = forms.GuionForm(pyme=pyme)
    if request.method == "POST":
        if not puede:
            raise PermissionDenied("Su rol no puede configurar PYMES.")
        try:
            if seccion == "perfil":
                f_perfil = forms.PerfilForm(request.POST, instance=perfil)
                if f_perfil.is_valid():
                    services.perfil_actualizar(
                        actor=request.user, perfil=perfil, **{k: f_perfil.cleaned_data[k] for k in f_perfil.Meta.fields}
                    )
                    messages.success(request, "Perfil de la PYME guardado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "horario":
                f_horario = forms.HorarioForm(request.POST, inicial=inicial)
                if f_horario.is_valid():
                    services.horario_guardar(actor=request.user, pyme=pyme, tramos=f_horario.cleaned_data["tramos"])
                    messages.success(request, "Horario de atención guardado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "dia":
                f_dia = forms.DiaInhabilForm(request.POST)
                if f_dia.is_valid():
                    services.dia_inhabil_agregar(actor=request.user, pyme=pyme, **f_dia.cleaned_data)
                    messages.success(request, "Día inhábil agregado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "sla":
                f_sla = forms.ObjetivoSlaForm(request.POST)
                if f_sla.is_valid():
                    services.objetivo_sla_guardar(actor=request.user, pyme=pyme, **f_sla.cleaned_data)
                    messages.success(request, "Objetivo SLA guardado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "motivo":
                f_motivo = forms.MotivoForm(request.POST)
                if f_motivo.is_valid():
                    services.motivo_agregar(actor=request.user, pyme=pyme, nombre=f_motivo.cleaned_data["nombre"])
                    messages.success(request, "Motivo agregado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "guion":
                f_guion = forms.GuionForm(request.POST, pyme=pyme)
                if f_guion.is_valid():
                    services.guion_guardar(actor=request.user, pyme=pyme, giro=perfil.giro, **f_guion.cleaned_data)
                    messages.success(request, "Guion guardado.")
                    return redirect("atencion:pyme", slug)
            elif seccion == "diagnostico":
                services.perfil_terminar_diagnostico(actor=request.user, perfil=perfil)
                messages.success(request, "Diagnóstico terminado: configure los protocolos.")
                return redirect("atencion:pyme", slug)
            elif seccion == "activar":
                services.perfil_activar(actor=request.user, perfil=perfil)
                messages.success(request, "PYME activa: sus canales ya se atienden.")
                return redirect("atencion:pyme", slug)
        except services.ErrorAtencion as exc:
            messages.error(request, exc.mensaje)
            return redirect("atencion:pyme", slug)
        messages.error(request, "Revise los datos del formulario.")
    return render(
        request,
        "atencion/pyme.html",
        {
            "pyme": pyme,
            "perfil": perfil,
            "puede": puede,
            "f_perfil": f_perfil,
            "f_horario": f_horario,
            "f_dia": f_dia,
            "f_sla": f_sla,
            "f_motivo": f_motivo,
            "f_guion": f_guion,
            "horarios": pyme.horarios_atencion.all(),
            "dias": pyme.dias_inhabiles.all(),
            "objetivos": pyme.objetivos_sla.all(),
            "motivos": pyme.motivos_contacto.all(),
            "guiones": Guion.objects.para(perfil).select_related("motivo", "pyme"),
            "principios": PRINCIPIOS,
        },
    )


# --- Executive reports -----------------------------------------------------------------


@rol_requerido(*TODOS)
def reportes_lista(request):
    pagina = paginar_sin_total(selectors.reportes_visibles(request.user), request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "atencion/reportes.html",
        {
            "pagina": pagina,
            "puede_crear": _puede(request.user, "analista"),
        },
    )


@rol_requerido("analista")
@require_http_methods(["GET", "POST"])
def reporte_nuevo(request):
    form = forms.ReporteForm(request.POST or None, pymes=selectors.pymes_visibles(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        inicio, fin = selectors.periodo_de_reporte(d["periodicidad"], d["referencia"] or timezone.localdate())
        try:
            reporte = services.reporte_crear(
                actor=request.user, pyme=d["pyme"], periodicidad=d["periodicidad"], inicio=inicio, fin=fin
            )
        except services.ErrorAtencion as exc:
            messages.error(request, exc.mensaje)
        else:
            messages.success(request, "Borrador del reporte creado con recomendaciones sugeridas: revíselas.")
            return redirect("atencion:reporte", reporte.pk)
    return render(request, "atencion/reporte_nuevo.html", {"form": form})


def _reporte_visible(request, pk):
    return get_object_or_404(selectors.reportes_visibles(request.user), pk=pk)


@rol_requerido(*TODOS)
def reporte(request, pk):
    reporte = _reporte_visible(request, pk)
    contexto = reportes.contexto_reporte(reporte)
    contexto.update(
        es_analista=_puede(request.user, "analista"),
        es_gerente=_puede(request.user, "gerente_operaciones"),
        form_recomendaciones=forms.RecomendacionesForm(initial={"recomendaciones": reporte.recomendaciones}),
        form_devolver=forms.DevolverForm(),
    )
    return render(request, "atencion/reporte.html", contexto)


@rol_requerido(*TODOS)
def reporte_pdf(request, pk):
    reporte = _reporte_visible(request, pk)
    return respuesta_pdf(
        "atencion/pdf/reporte.html",
        reportes.contexto_reporte(reporte),
        nombre_archivo=f"reporte-{reporte.pyme.slug}-{reporte.inicio:%Y%m%d}.pdf",
        request=request,
        adjunto=True,
    )


@rol_requerido("analista", "gerente_operaciones")
@require_POST
def reporte_accion(request, pk, accion):
    reporte = _reporte_visible(request, pk)
    u = request.user
    analista, gerente = _puede(u, "analista"), _puede(u, "gerente_operaciones")
    try:
        if accion == "editar" and analista:
            form = forms.RecomendacionesForm(request.POST)
            if not form.is_valid():
                raise services.ErrorAtencion(services.MSG_REPORTE_SIN_RECOMENDACIONES)
            services.reporte_editar(actor=u, reporte=reporte, recomendaciones=form.cleaned_data["recomendaciones"])
            mensaje = "Recomendaciones guardadas."
        elif accion == "recalcular" and analista:
            services.reporte_recalcular(actor=u, reporte=reporte)
            mensaje = "Métricas recalculadas."
        elif accion == "enviar" and analista:
            services.reporte_enviar_a_validacion(actor=u, reporte=reporte)
            mensaje = "Reporte enviado a validación del gerente."
        elif accion == "devolver" and gerente:
            services.reporte_devolver(actor=u, reporte=reporte, observacion=request.POST.get("observacion", ""))
            mensaje = "Reporte devuelto al analista."
        elif accion == "validar" and gerente:
            services.reporte_validar(actor=u, reporte=reporte)
            mensaje = "Reporte validado: se envió a la PYME y ya aparece en su portal."
        else:
            raise PermissionDenied("Su rol no puede hacer esa acción sobre el reporte.")
    except services.ErrorAtencion as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, mensaje)
    return redirect("atencion:reporte", reporte.pk)


# --- Campaigns -------------------------------------------------------------------------


@rol_requerido(*CAMPANAS, "director")
def campanas(request):
    pagina = paginar_sin_total(selectors.campanas_visibles(request.user), request.GET.get("pagina"), POR_PAGINA)
    return render(request, "atencion/campanas.html", {"pagina": pagina, "puede": _puede(request.user, *CAMPANAS)})


@rol_requerido(*CAMPANAS)
@require_http_methods(["GET", "POST"])
def campana_nueva(request):
    form = forms.CampanaForm(request.POST or None, pymes=selectors.pymes_visibles(request.user))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        pyme = d.pop("pyme")
        campana = services.campana_crear(actor=request.user, pyme=pyme, **d)
        messages.success(request, "Campaña creada en borrador.")
        return redirect("atencion:campana", campana.pk)
    return render(request, "atencion/campana_nueva.html", {"form": form})


@rol_requerido(*CAMPANAS, "director")
def campana(request, pk):
    campana = get_object_or_404(selectors.campanas_visibles(request.user), pk=pk)
    envios = campana.envios.select_related("cliente").order_by("cliente__nombre")
    return render(
        request,
        "atencion/campana.html",
        {
            "campana": campana,
            "pagina": paginar_sin_total(envios, request.GET.get("pagina"), POR_PAGINA),
            "puede": _puede(request.user, *CAMPANAS),
        },
    )


@rol_requerido(*CAMPANAS)
@require_POST
def campana_accion(request, pk, accion):
    campana = get_object_or_404(Campana.objects.visibles_para(request.user), pk=pk)
    try:
        if accion == "programar":
            services.campana_programar(actor=request.user, campana=campana)
            messages.success(request, "Campaña programada.")
        elif accion == "cancelar":
            services.campana_cancelar(actor=request.user, campana=campana)
            messages.success(request, "Campaña cancelada.")
        else:
            raise Http404
    except services.ErrorAtencion as exc:
        messages.error(request, exc.mensaje)
    return redirect("atencion:campana", campana.pk)


# --- Public pages (customers) ----------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def encuesta(request, token):
    """GET shows the form and records nothing (mail scanners follow links); only a POST answers."""
    try:
        enc = services.encuesta_de_token(token)
    except services.ErrorAtencion as exc:
        return render(request, "atencion/publico/mensaje.html", {"mensaje": exc.mensaje}, status=404)
    if enc.respondida_en is not None:
        return render(request, "atencion/publico/mensaje.html", {"mensaje": services.MSG_ENCUESTA_RESPONDIDA})
    if enc.expira_en <= timezone.now():
        return render(request, "atencion/publico/mensaje.html", {"mensaje": services.MSG_ENCUESTA_EXPIRADA}, status=410)
    form = forms.EncuestaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.encuesta_responder(token=token, **form.cleaned_data)
            except services.ErrorAtencion as exc:
                return render(request, "atencion/publico/mensaje.html", {"mensaje": exc.mensaje}, status=400)
            return render(
                request,
                "atencion/publico/mensaje.html",
                {"mensaje": "¡Gracias por tu respuesta! Nos ayuda a atenderte mejor."},
            )
        messages.error(request, services.MSG_ENCUESTA_VALORES)
    return render(request, "atencion/publico/encuesta.html", {"form": form, "encuesta": enc})


@require_http_methods(["GET", "HEAD", "POST"])
def baja(request, token):
    """Unsubscribe from campaigns: GET asks for confirmation (records nothing), POST opts out."""
    if request.method == "POST":
        try:
            services.cliente_baja(token=token)
        except services.ErrorAtencion as exc:
            return render(request, "atencion/publico/mensaje.html", {"mensaje": exc.mensaje}, status=404)
        return render(
            request, "atencion/publico/mensaje.html", {"mensaje": "Listo: ya no recibirás mensajes de promociones."}
        )
    from atencion.models import Cliente

    cliente = Cliente.objects.filter(token_baja=token).select_related("pyme").first()
    if cliente is None:
        return render(
            request,
            "atencion/publico/mensaje.html",
            {"mensaje": "El enlace para darse de baja no es válido."},
            status=404,
        )
    return render(request, "atencion/publico/baja.html", {"cliente": cliente})


# --- Webhooks --------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook_whatsapp(request):
    """WhatsApp Cloud API: GET verification handshake; POST signed with the app secret (else 403)."""
    if request.method == "GET":
        token = settings.ATENCION_WHATSAPP_VERIFY_TOKEN
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and constant_time_compare(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("Token de verificación inválido.")
    cuerpo = request.body
    if not canales.firma_valida(cuerpo, request.headers.get("X-Hub-Signature-256")):
        logger.warning("Webhook de WhatsApp con firma inválida rechazado.")
        return HttpResponseForbidden("Firma inválida.")
    try:
        payload = json.loads(cuerpo)
    except ValueError:
        return HttpResponse("JSON inválido.", status=400)
    services.whatsapp_procesar(payload=payload)
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def webhook_correo(request):
    """Inbound email (JSON from the mail gateway), authenticated by the shared token header."""
    token = settings.ATENCION_CORREO_WEBHOOK_TOKEN
    if not token or not constant_time_compare(request.headers.get("X-Atencion-Token", ""), token):
        return HttpResponseForbidden("Token inválido.")
    try:
        datos = json.loads(request.body)
    except ValueError:
        return HttpResponse("JSON inválido.", status=400)
    campos = ("para", "de", "nombre", "asunto", "message_id", "in_reply_to", "references", "texto")
    ticket = services.correo_procesar(**{c: str(datos.get(c, "") or "") for c in campos})
    return HttpResponse(json.dumps({"ticket": ticket.pk if ticket else None}), content_type="application/json")
