"""Create the catalogue's four products (the former fixed ``servicio`` choices) for each organisation with
digital solicitudes and point every solicitud at its product."""

from django.db import migrations

COMUNES = [
    {"codigo": "ci_anverso", "nombre": "Carnet de identidad del titular (anverso)"},
    {"codigo": "ci_reverso", "nombre": "Carnet de identidad del titular (reverso)"},
    {"codigo": "factura_luz", "nombre": "Factura de luz reciente del domicilio (ubicación)"},
]
PRODUCTOS = {
    "internet": ("Internet hogar", COMUNES),
    "telefonia": (
        "Telefonía fija",
        [*COMUNES, {"codigo": "certificado_socio", "nombre": "Certificado de aportación de socio o carta del titular"}],
    ),
    "tv": ("Televisión por cable", COMUNES),
    "paquete": (
        "Paquete internet + TV + telefonía",
        [*COMUNES, {"codigo": "croquis", "nombre": "Croquis de ubicación del domicilio"}],
    ),
}


def crear_y_asignar(apps, schema_editor):
    Producto = apps.get_model("comercial", "Producto")
    Solicitud = apps.get_model("comercial_digitales", "SolicitudDigital")
    organizaciones = Solicitud.objects.values_list("organizacion_id", flat=True).distinct().order_by()
    for organizacion_id in organizaciones:
        for codigo, (nombre, requisitos) in PRODUCTOS.items():
            producto, _ = Producto.objects.get_or_create(
                organizacion_id=organizacion_id,
                codigo=codigo,
                defaults={"nombre": nombre, "requisitos": requisitos, "canal": "digital"},
            )
            Solicitud.objects.filter(organizacion_id=organizacion_id, servicio=codigo).update(producto=producto)


def devolver(apps, schema_editor):
    Solicitud = apps.get_model("comercial_digitales", "SolicitudDigital")
    for solicitud in Solicitud.objects.exclude(producto=None).select_related("producto").iterator():
        Solicitud.objects.filter(pk=solicitud.pk).update(servicio=solicitud.producto.codigo[:12])


class Migration(migrations.Migration):
    dependencies = [("comercial_digitales", "0002_solicitud_producto"), ("comercial", "0002_producto_catalogo")]

    operations = [migrations.RunPython(crear_y_asignar, devolver)]
