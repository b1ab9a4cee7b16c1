"""A real IMAP server on loopback: a private Dovecot (Debian's dovecot-imapd) for the mailbox tests.

Its own config in a temporary directory, a free port, passwd-file users, maildirs in the same directory and
no TLS (loopback only). Run as the current user; as root (CI containers) Dovecot refuses to run its login
process as root, so the package's own ``dovenull`` and ``dovecot`` users take those roles. Without
``/usr/sbin/dovecot`` the fixture skips with the reason, and fails under CI=true (like the browser tests).
"""

import grp
import imaplib
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.smtp_local import puerto_libre

CUENTAS = 200  # mailboxes for a whole session
DOVECOT = os.environ.get("DOVECOT_PATH") or shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIGURACION = """
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/estado
instance_name = enlace-pruebas-{puerto}
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
mail_fsync = never
default_internal_user = {interno}
default_internal_group = {grupo}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{dir}/correo/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/usuarios
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/correo/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {puerto}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    """A running private Dovecot: ``cuenta_nueva()`` hands out an empty mailbox, ``agregar()`` APPENDs to it."""

    def __init__(self, directorio: Path):
        self.dir = directorio
        self.puerto = puerto_libre()

    def iniciar(self):
        if os.geteuid() == 0:
            cuenta = pwd.getpwnam("dovecot")
            interno, login, uid, gid = "dovecot", "dovenull", cuenta.pw_uid, cuenta.pw_gid
        else:
            cuenta = pwd.getpwuid(os.geteuid())
            interno = login = cuenta.pw_name
            uid, gid = cuenta.pw_uid, cuenta.pw_gid
        (self.dir / "correo").mkdir(parents=True)
        os.chown(self.dir / "correo", uid, gid)
        self.usuarios = {f"buzon{n}@pyme.test": secrets.token_hex(8) for n in range(CUENTAS)}
        self._libres = iter(self.usuarios)
        (self.dir / "usuarios").write_text("".join(f"{u}:{{PLAIN}}{c}\n" for u, c in self.usuarios.items()))
        grupo = _grupo(gid)
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            CONFIGURACION.format(
                dir=self.dir, puerto=self.puerto, interno=interno, grupo=grupo, login=login, uid=uid, gid=gid
            )
        )
        # The master daemonizes and keeps the inherited descriptors: capturing them would wait forever.
        with open(self.dir / "arranque.log", "wb") as salida:
            subprocess.run([DOVECOT, "-c", str(self.conf)], check=True, stdout=salida, stderr=salida)  # noqa: S603
        for _ in range(100):
            try:
                imaplib.IMAP4("127.0.0.1", self.puerto, timeout=2).logout()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Dovecot no respondió: " + self.registro())

    def detener(self):
        with open(self.dir / "arranque.log", "ab") as salida:
            subprocess.run([DOVECOT, "-c", str(self.conf), "stop"], stdout=salida, stderr=salida)  # noqa: S603

    def registro(self):
        archivo = self.dir / "dovecot.log"
        return archivo.read_text() if archivo.exists() else ""

    def cuenta_nueva(self):
        """(login, password) of an account no test has used: its INBOX is empty. The accounts are all written
        at start, since Dovecot re-reads its passwd-file at most once a second."""
        nombre = next(self._libres)
        return nombre, self.usuarios[nombre]

    def conectar(self, nombre):
        conexion = imaplib.IMAP4("127.0.0.1", self.puerto, timeout=30)
        conexion.login(nombre, self.usuarios[nombre])
        return conexion

    def agregar(self, nombre, mensajes, carpeta="INBOX"):
        """APPEND every raw message in one connection and one command (MULTIAPPEND with LITERAL+ literals,
        which Dovecot offers): one round trip for the lot instead of two per message."""
        conexion = self.conectar(nombre)
        try:
            comando = bytearray(b"A1 APPEND " + carpeta.encode())
            for crudo in mensajes:
                comando += b" {%d+}\r\n" % len(crudo) + crudo
            conexion.send(bytes(comando) + b"\r\n")
            while True:
                linea = conexion.readline()
                if not linea:
                    raise RuntimeError("Dovecot cerró la conexión durante APPEND.")
                if linea.startswith(b"A1 "):
                    if not linea.startswith(b"A1 OK"):
                        raise RuntimeError(linea.decode(errors="replace"))
                    return len(mensajes)
        finally:
            conexion.logout()


def _grupo(gid):
    return grp.getgrgid(gid).gr_name


@pytest.fixture(scope="session")
def dovecot():
    if not os.path.exists(DOVECOT):
        mensaje = f"Pruebas de IMAP omitidas: no se encontró Dovecot en {DOVECOT} (apt-get install dovecot-imapd)."
        if os.environ.get("CI") == "true":
            pytest.fail(mensaje.replace("omitidas", "fallidas en CI"))
        pytest.skip(mensaje)
    # Not under pytest's tmp (0700 per user): as root, the mail processes run as ``dovecot`` and must reach it.
    directorio = Path(tempfile.mkdtemp(prefix="enlace-dovecot-"))
    directorio.chmod(0o711)
    servidor = Dovecot(directorio)
    try:
        yield servidor.iniciar()
    finally:
        servidor.detener()
        shutil.rmtree(directorio, ignore_errors=True)
