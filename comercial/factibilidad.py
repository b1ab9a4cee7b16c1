"""GIS feasibility behind one interface.

``consultar_factibilidad`` is what empresas and digitales call; the provider is
chosen by ``COMERCIAL_FACTIBILIDAD`` (a dotted path), so a real GIS can replace
the built-in one that answers from the admin-maintained coverage zones.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from comercial.models import ZonaCobertura

SIN_COBERTURA = "No hay cobertura en la localidad indicada."
VELOCIDAD_INSUFICIENTE = "La zona {zona} llega a {maxima} Mbps; se solicitaron {pedida} Mbps."
SIN_CARACTERISTICAS = "La zona {zona} no ofrece: {faltantes}."
# How a refusal names each special feature (the stored codes are never shown to users).
NOMBRES_CARACTERISTICAS = {"ip_fija": "IP fija", "simetrico": "velocidad simétrica"}


def nombre_caracteristica(codigo):
    return NOMBRES_CARACTERISTICAS.get(codigo, codigo.replace("_", " "))


@dataclass(frozen=True)
class Factibilidad:
    factible: bool
    motivo: str
    zona: str = ""
    tecnologia: str = ""
    velocidad_max_mbps: int = 0
    caracteristicas: list = field(default_factory=list)
    consultado: str = ""

    def como_evidencia(self):
        """A JSON-able record to store with the request."""
        return asdict(self)


class FactibilidadPorZonas:
    """Built-in provider: the best active zone of the organisation that covers the locality."""

    def consultar(self, *, organizacion, localidad, velocidad_mbps=0, caracteristicas=()):
        consultado = timezone.now().isoformat()
        zonas = [z for z in ZonaCobertura.objects.filter(organizacion=organizacion, activa=True) if z.cubre(localidad)]
        if not zonas:
            return Factibilidad(factible=False, motivo=SIN_COBERTURA, consultado=consultado)
        pedidas = set(caracteristicas)
        zonas.sort(key=lambda z: (pedidas <= set(z.caracteristicas), z.velocidad_max_mbps), reverse=True)
        zona = zonas[0]
        datos = {
            "zona": zona.nombre,
            "tecnologia": zona.get_tecnologia_display(),
            "velocidad_max_mbps": zona.velocidad_max_mbps,
            "caracteristicas": list(zona.caracteristicas),
            "consultado": consultado,
        }
        faltantes = sorted(pedidas - set(zona.caracteristicas))
        if faltantes:
            nombres = ", ".join(nombre_caracteristica(c) for c in faltantes)
            motivo = SIN_CARACTERISTICAS.format(zona=zona.nombre, faltantes=nombres)
            return Factibilidad(factible=False, motivo=motivo, **datos)
        if velocidad_mbps > zona.velocidad_max_mbps:
            motivo = VELOCIDAD_INSUFICIENTE.format(
                zona=zona.nombre, maxima=zona.velocidad_max_mbps, pedida=velocidad_mbps
            )
            return Factibilidad(factible=False, motivo=motivo, **datos)
        return Factibilidad(factible=True, motivo="Factible.", **datos)


def consultar_factibilidad(*, organizacion, localidad, velocidad_mbps=0, caracteristicas=()):
    """Ask the configured provider; returns a ``Factibilidad`` (never raises for lack of coverage)."""
    proveedor = import_string(settings.COMERCIAL_FACTIBILIDAD)()
    return proveedor.consultar(
        organizacion=organizacion, localidad=localidad, velocidad_mbps=velocidad_mbps, caracteristicas=caracteristicas
    )
