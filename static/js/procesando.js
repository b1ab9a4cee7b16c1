/* Long actions are sent once and say they are working (no inline script: CSP script-src 'self').
   - A POST form (not htmx) marks its button «Procesando…» (aria-busy: Pico's spinner) and ignores any
     further submit until the page changes. The button is not disabled, so its name/value is still sent.
   - Forms with data-descarga or a target (a file comes back, the page stays) are usable again after 5 s.
   - Links with data-procesando (PDF downloads) do the same for 5 s.
   - htmx requests from a form or button mark their target aria-busy while they run. */
(function () {
  if (window.enlaceProcesando) return;
  window.enlaceProcesando = true;
  var TEXTO = "Procesando…";
  var ESPERA_DESCARGA = 5000;

  function ocupar(elemento) {
    elemento.setAttribute("aria-busy", "true");
    elemento.setAttribute("aria-disabled", "true");
    if (elemento.dataset.textoOriginal === undefined) elemento.dataset.textoOriginal = elemento.textContent;
    elemento.textContent = TEXTO;
  }

  function liberar(elemento) {
    elemento.removeAttribute("aria-busy");
    elemento.removeAttribute("aria-disabled");
    if (elemento.dataset.textoOriginal !== undefined) {
      elemento.textContent = elemento.dataset.textoOriginal;
      delete elemento.dataset.textoOriginal;
    }
  }

  function boton(form, evento) {
    return evento.submitter || form.querySelector("button:not([type=button]), input[type=submit]");
  }

  document.addEventListener("submit", function (evento) {
    var form = evento.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) return;
    if (form.dataset.enviando) {
      evento.preventDefault();
      return;
    }
    form.dataset.enviando = "1";
    var pulsado = boton(form, evento);
    if (pulsado && pulsado.tagName === "BUTTON") ocupar(pulsado);
    if (form.hasAttribute("data-descarga") || form.target) {
      setTimeout(function () {
        delete form.dataset.enviando;
        if (pulsado) liberar(pulsado);
      }, ESPERA_DESCARGA);
    }
  });

  document.addEventListener("click", function (evento) {
    var enlace = evento.target.closest && evento.target.closest("a[data-procesando]");
    if (!enlace) return;
    if (enlace.getAttribute("aria-busy") === "true") {
      evento.preventDefault();
      return;
    }
    ocupar(enlace);
    setTimeout(function () { liberar(enlace); }, ESPERA_DESCARGA);
  });

  // Back to a page kept in the browser's cache: its forms must be usable again.
  window.addEventListener("pageshow", function (evento) {
    if (!evento.persisted) return;
    document.querySelectorAll("form[data-enviando]").forEach(function (form) { delete form.dataset.enviando; });
    document.querySelectorAll("[data-texto-original]").forEach(liberar);
  });

  function objetivo(evento) {
    var origen = evento.detail.elt;
    if (!origen || !/^(FORM|BUTTON)$/.test(origen.tagName)) return null;  // not the bell's polling
    return evento.detail.target;
  }
  document.addEventListener("htmx:beforeRequest", function (evento) {
    var destino = objetivo(evento);
    if (destino) destino.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (evento) {
    var destino = objetivo(evento);
    if (destino) destino.removeAttribute("aria-busy");
  });
})();
