"""Dates are typed and shown as dd/mm/aaaa (enlace.formatos, enlace.forms.FechaInput)."""

from datetime import date, datetime

from django import forms
from django.template import Context, Template
from django.utils import timezone

from enlace.forms import FechaInput


class FormularioFecha(forms.Form):
    fecha = forms.DateField(label="Fecha", widget=FechaInput())


def test_a_date_typed_day_first_is_read_day_first():
    for escrito in ("05/12/2026", "5/12/2026", "05-12-2026", "05.12.2026", "05/12/26", "2026-12-05"):
        form = FormularioFecha({"fecha": escrito})
        assert form.is_valid(), escrito
        assert form.cleaned_data["fecha"] == date(2026, 12, 5)


def test_an_impossible_date_is_refused_in_spanish():
    form = FormularioFecha({"fecha": "31/02/2026"})
    assert not form.is_valid()
    assert form.errors["fecha"] == ["Introduzca una fecha válida."]


def test_the_field_shows_its_value_and_the_expected_shape():
    html = str(FormularioFecha(initial={"fecha": date(2026, 12, 5)})["fecha"])
    assert 'value="05/12/2026"' in html and 'placeholder="dd/mm/aaaa"' in html and 'type="text"' in html


def test_pages_show_dates_day_first_without_an_explicit_format():
    momento = timezone.make_aware(datetime(2026, 12, 5, 9, 30))
    html = Template("{{ d }} · {{ d|date }} · {{ m|date:'SHORT_DATETIME_FORMAT' }}").render(
        Context({"d": date(2026, 12, 5), "m": momento})
    )
    assert html == "05/12/2026 · 05/12/2026 · 05/12/2026 09:30"
