"""Anexo 1 (protocolo de atención) and the requirements per service: the scripts the console shows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fase:
    codigo: str
    nombre: str
    mensajes: tuple[str, ...]
    comportamiento: str
    evitar: tuple[str, ...] = ()


FASES = (
    Fase(
        "saludo",
        "Saludo inicial",
        ("Bienvenido(a) a Ventas Digitales Comteco, «Muy buenos días».",),
        "Recepcionar la llamada saludando amablemente; en ningún caso esperar que el cliente salude primero. "
        "Utilizar un tono de voz claro, modulado y pausado.",
    ),
    Fase(
        "presentacion",
        "Presentación",
        ("Mi nombre es {agente}.", "Habla {agente}."),
        "Saludar amablemente e identificarse brindando su nombre. El personal es quien debe abrir la relación de "
        "atención y poner interés en lo que le expone el cliente.",
    ),
    Fase(
        "motivos",
        "Delimitar los motivos del contacto",
        (
            "¿En qué puedo ayudarle/colaborarle?",
            "¿Cuál es su número telefónico o su número de Cédula de Identidad o número de contrato?",
        ),
        "La adecuada delimitación del motivo de la llamada es la base de la comunicación eficaz: "
        "hacer una pregunta abierta.",
    ),
    Fase(
        "explorar",
        "Explorar y resolver los requerimientos del cliente",
        ("¿Tome nota por favor?", "¿Aguarde un momento por favor?"),
        "Escucha activa: escuchar con atención los requerimientos del cliente y registrarlos. Transmitir la "
        "respuesta en forma precisa y clara, en lenguaje simple y sin tecnicismos; orientar al usuario donde "
        "corresponda. Repetir la información relevante para asegurarse de que la comprendió y recibir la "
        "confirmación.",
        ("¡No, aquí no es!", "¡No sé!", "No sabría decirle", "Pregunte en otro lado"),
    ),
)
FASE_MOTIVOS = 2  # from this phase on the agent captures the service and the carnet
FASE_EXPLORAR = 3


def mensajes_de(fase, agente):
    return [mensaje.format(agente=agente) for mensaje in fase.mensajes]


# The catalogue's first products (the four services Ventas Digitales sold before the catalogue existed);
# the demo and new organisations start from them, the Responsable edits them in the app.
REQUISITOS_COMUNES = [
    {"codigo": "ci_anverso", "nombre": "Carnet de identidad del titular (anverso)"},
    {"codigo": "ci_reverso", "nombre": "Carnet de identidad del titular (reverso)"},
    {"codigo": "factura_luz", "nombre": "Factura de luz reciente del domicilio (ubicación)"},
]
PRODUCTOS_INICIALES = [
    {"codigo": "internet", "nombre": "Internet hogar", "requisitos": REQUISITOS_COMUNES},
    {
        "codigo": "telefonia",
        "nombre": "Telefonía fija",
        "requisitos": [
            *REQUISITOS_COMUNES,
            {"codigo": "certificado_socio", "nombre": "Certificado de aportación de socio o carta del titular"},
        ],
    },
    {"codigo": "tv", "nombre": "Televisión por cable", "requisitos": REQUISITOS_COMUNES},
    {
        "codigo": "paquete",
        "nombre": "Paquete internet + TV + telefonía",
        "requisitos": [*REQUISITOS_COMUNES, {"codigo": "croquis", "nombre": "Croquis de ubicación del domicilio"}],
    },
]
