// Counts down the SLA labels of a ticket page (atencion `sla` filter): «Respuesta: quedan 12 min».
(function () {
  function duracion(ms) {
    var minutos = Math.max(Math.floor(ms / 60000), 1);
    var dias = Math.floor(minutos / 1440), horas = Math.floor((minutos % 1440) / 60), resto = minutos % 60;
    if (dias) return dias + " d " + horas + " h";
    return horas ? horas + " h " + resto + " min" : resto + " min";
  }
  function actualizar() {
    document.querySelectorAll(".sla[data-vence]").forEach(function (el) {
      var que = el.textContent.split(/[: ]/)[0];
      var falta = new Date(el.dataset.vence) - Date.now();
      if (falta > 0) {
        el.textContent = que + ": quedan " + duracion(falta);
      } else {
        el.textContent = que + " vencida hace " + duracion(-falta);
        el.className = "sla sla-vencido";
      }
    });
  }
  setInterval(actualizar, 30000);
})();
