from django.db import migrations

from enlace.busqueda import FuncionBusqueda


class Migration(migrations.Migration):
    dependencies = [("enlace", "0007_pdf_preparados")]

    operations = [FuncionBusqueda()]
