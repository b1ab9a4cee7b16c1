from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    """Phones, CIs and contract numbers are looked up by their beginning (btree prefix indexes)."""

    dependencies = [("comercial_digitales", "0006_dig_orden_instalacion_consola")]

    operations = [
        IndiceBusqueda("comercial_digitales_solicituddigital", "telefono", prefijo=True),
        IndiceBusqueda("comercial_digitales_solicituddigital", "carnet", prefijo=True),
        IndiceBusqueda("comercial_digitales_solicituddigital", "referencia_smartflex", prefijo=True),
        IndiceBusqueda("comercial_digitales_clientecomteco", "telefono", prefijo=True),
        IndiceBusqueda("comercial_digitales_clientecomteco", "carnet", prefijo=True),
        IndiceBusqueda("comercial_digitales_clientecomteco", "numero_contrato", prefijo=True),
    ]
