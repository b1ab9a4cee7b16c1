from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comercial_digitales", "0003_productos_del_catalogo")]

    operations = [
        migrations.RemoveConstraint(
            model_name='solicituddigital',
            name='dig_dias_estimados_2_a_15',
        ),
        migrations.RemoveField(
            model_name='historicalsolicituddigital',
            name='servicio',
        ),
        migrations.RemoveField(
            model_name='solicituddigital',
            name='servicio',
        ),
        migrations.AddConstraint(
            model_name='solicituddigital',
            constraint=models.CheckConstraint(condition=models.Q(('dias_estimados__isnull', True), ('dias_estimados__gte', 1), _connector='OR'), name='dig_dias_estimados_positivos'),
        ),
    ]
