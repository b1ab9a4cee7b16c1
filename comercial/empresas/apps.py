from django.apps import AppConfig


class EmpresasConfig(AppConfig):
    name = "comercial.empresas"
    label = "comercial_empresas"
    verbose_name = "COMTECO · Ventas Equipo Empresas"
