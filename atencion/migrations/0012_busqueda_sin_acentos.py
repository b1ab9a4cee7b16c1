from django.db import migrations

from enlace.busqueda import IndiceBusqueda, QuitarIndiceBusqueda


class Migration(migrations.Migration):
    dependencies = [("atencion", "0011_fusion_at1"), ("enlace", "0008_funcion_busqueda")]

    operations = [
        IndiceBusqueda("atencion_ticket", "asunto", sin_acentos=True),
        IndiceBusqueda("atencion_cliente", "nombre", sin_acentos=True),
        QuitarIndiceBusqueda("atencion_ticket", "asunto"),
        QuitarIndiceBusqueda("atencion_cliente", "nombre"),
    ]
