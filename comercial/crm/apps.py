from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "comercial.crm"
    label = "comercial_crm"
    verbose_name = "Carrazos · Procedimiento CRM"
