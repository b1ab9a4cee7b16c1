"""enlace.recolector: the cycle collector paused around a block, and always resumed as it was."""

import gc

import pytest

from enlace.recolector import sin_recolector


def test_pausa_el_recolector_dentro_del_bloque_y_lo_reanuda_al_salir():
    assert gc.isenabled()
    with sin_recolector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_lo_reanuda_tras_un_error():
    with pytest.raises(RuntimeError), sin_recolector():
        raise RuntimeError("falla a medio trabajo")
    assert gc.isenabled()


def test_no_lo_enciende_si_ya_estaba_apagado():
    gc.disable()
    try:
        with sin_recolector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_como_decorador():
    @sin_recolector()
    def trabajo():
        return gc.isenabled()

    assert trabajo() is False
    assert gc.isenabled()
