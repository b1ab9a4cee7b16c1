from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    dependencies = [("atencion", "0007_nombres_en_espanol_para_el_admin")]

    operations = [
        IndiceBusqueda("atencion_ticket", "asunto"),
        IndiceBusqueda("atencion_cliente", "nombre"),
        IndiceBusqueda("atencion_cliente", "telefono"),
    ]
