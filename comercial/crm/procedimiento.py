"""The text of the procedure GC-PRO-05 (Procedimiento CRM, versión 03) as the seed writes it.

Shown on the procedure page, which every form page (GC-FOR-05, GC-FOR-06, GC-FOR-21) links to.
"""

from dataclasses import dataclass

from django.conf import settings

CODIGO = "GC-PRO-05"
VERSION = "03"
PROCESO = "Gestión comercial"
TITULO = "Procedimiento CRM"

OBJETIVO = (
    "Realizar seguimiento a la prospección y a las actividades creadas por parte de la fuerza comercial "
    "de CARRAZOS SAS."
)
ALCANCE = "Este procedimiento aplica para la fuerza comercial de Carrazos SAS."
RESPONSABLE = "Líder CRM"
PARTICIPANTES = (
    "Coordinador de mercadeo",
    "Líder CRM",
    "Asesores comerciales",
    "Gerentes comerciales",
    "Gerente General",
)
INDICADORES = (
    ("Prospección Carrazos", "Prospectos válidos / Meta prospectos × 100 %"),
    ("Actividades de seguimiento", "Actividades realizadas válidas / Meta actividad seguimiento × 100 %"),
)
REQUISITOS = ("Lineamientos métodos de ventas CARRAZOS", "Requisitos de uso plataformas CRM marcas")
RECURSOS = (
    ("Humano", "personal competente"),
    ("Infraestructura", "instalaciones, equipos de cómputo, teléfonos, internet y papelería"),
    ("Económico", "presupuesto mercadeo"),
)


@dataclass(frozen=True)
class Riesgo:
    riesgo: str
    control: str
    ruta: str  # the page of Enlace where the control is run
    en_enlace: str


RIESGOS = (
    Riesgo(
        "Creación de clientes falsos",
        "Llamada de verificación de atención asesor",
        "comercial:crm:prospectos",
        "llamada de verificación en GC-FOR-06",
    ),
    Riesgo(
        "No realización de seguimiento a LEADS",
        "Reporte de cumplimiento CRM",
        "comercial:crm:cumplimiento",
        "Reporte de cumplimiento CRM",
    ),
)


@dataclass(frozen=True)
class Anexo:
    codigo: str
    nombre: str
    ruta: str  # the page of Enlace where the form is filled in


ANEXOS = (
    Anexo("GC-FOR-05", "Informe Validez de Actividades de Seguimiento", "comercial:crm:actividades"),
    Anexo("GC-FOR-06", "Informe Validez de Prospectos", "comercial:crm:prospectos"),
    Anexo("GC-FOR-21", "Registro Semáforo de Seguimiento", "comercial:crm:semaforo"),
)


@dataclass(frozen=True)
class Actividad:
    numero: str
    nombre: str
    descripcion: tuple  # paragraphs
    responsables: tuple
    informacion: tuple  # documented information (forms)


ACTIVIDADES = (
    Actividad(
        "01",
        "Seguimiento de la prospección",
        (
            "El LÍDER CRM por medio de la plataforma SPIGA realiza la búsqueda y descarga del informe: Tráfico de "
            "Exposición, efectúa llamadas de seguimiento a los prospectos identificados en el informe, y se hace "
            "una pregunta consultiva al cliente sobre la recepción de asesoría comercial y se valida que el "
            "prospecto sea real.",
        ),
        ("Líder CRM",),
        ("Informe de validez de prospectos GC-FOR-06",),
    ),
    Actividad(
        "02",
        "Seguimiento a actividades realizadas y no realizadas",
        (
            "El Agente CRM por medio de la plataforma de SPIGA descarga el informe: VISITAS REALIZADAS Y NO "
            "REALIZADAS en la ruta de CRM, INFORMES.",
            "Se valida la actividad dependiendo el comentario y se registra en el FORMATO VALIDEZ DE SEGUIMIENTO "
            "DE ACTIVIDADES GC-FOR-05.",
            "Las actividades identificadas como no realizadas, es decir, no se evidencia un seguimiento por parte "
            "del asesor comercial se reporta a los mismos por medio de correo electrónico para la actualización "
            "de datos de SPIGA.",
            "Se hace reporte semanal en el comité gerencial de las actividades y prospección de seguimiento de "
            "cada asesor Comercial.",
            "Se verifica la gestión por cada prospecto, revisando cantidad de llamadas, cotizaciones, visita, test "
            "drive y otros seguimientos (matrícula, entrega, whatsapp) en los prospectos del mismo mes. Adicional "
            "se registra la fecha del último seguimiento realizado para así generar la cantidad de días sin "
            "seguimiento a esos clientes.",
        ),
        ("Líder CRM", "Gerentes Comerciales"),
        ("Registro Semáforo de Seguimiento GC-FOR-21",),
    ),
    Actividad(
        "03",
        "Indicador",
        (
            "Se generan indicadores semanal y mensualmente sobre el número de prospectos válidos y el número de "
            "actividades de seguimientos realizados válidas versus la meta establecida de cumplimiento según la "
            "marca.",
            "Los indicadores son socializados con Gerentes Comerciales, Líder Motos y Gerente General.",
            "Desde de Calidad se realiza seguimiento al diligenciamiento de estas herramientas de control.",
        ),
        ("Líder CRM", "Gerente General", "Coordinador Sistemas de Gestión"),
        (
            "Informe de validez de prospectos GC-FOR-06",
            "Formato Validez De Seguimiento de Actividades GC-FOR-05",
            "Registro Semáforo de Seguimiento GC-FOR-21",
        ),
    ),
)

CAMBIOS = (
    ("1", "10/02/2022", "Elaboración del procedimiento"),
    (
        "2",
        "31/03/2023",
        "Actualización del procedimiento. Se incluyen las herramientas de seguimiento y control de prospección.",
    ),
    (
        "3",
        "15/07/2024",
        "Modificación Cargos según organigrama, eliminación cargo Líder de Motos, actualización vigencia.",
    ),
)
FIRMAS = (("Elaboró", "Líder CRM"), ("Revisó", "Gerentes comerciales"), ("Aprobó", "Gerente general"))


def contexto():
    """Everything the procedure page shows."""
    return {
        "codigo": CODIGO,
        "version": VERSION,
        "vigencia": settings.CRM_FORMATOS_VIGENCIA,  # the header's date, also printed on the forms
        "proceso": PROCESO,
        "titulo": TITULO,
        "objetivo": OBJETIVO,
        "alcance": ALCANCE,
        "responsable": RESPONSABLE,
        "participantes": PARTICIPANTES,
        "riesgos": RIESGOS,
        "indicadores": INDICADORES,
        "requisitos": REQUISITOS,
        "recursos": RECURSOS,
        "anexos": ANEXOS,
        "actividades": ACTIVIDADES,
        "cambios": CAMBIOS,
        "firmas": FIRMAS,
    }
