/* Drawn customer signature: a canvas pad that writes a PNG data URL into the hidden
   `signature` field of its form. Works with mouse, pen and touch (Pointer Events). */
(function () {
  "use strict";
  function setup(box) {
    var canvas = box.querySelector("canvas");
    var input = box.querySelector("input[name=signature]");
    var clear = box.querySelector("[data-signature-clear]");
    if (!canvas || !input) { return; }
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var dirty = false;
    function reset() {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
      dirty = false; input.value = "";
    }
    function point(e) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (e.clientX - rect.left) * canvas.width / rect.width,
        y: (e.clientY - rect.top) * canvas.height / rect.height
      };
    }
    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      drawing = true;
      if (canvas.setPointerCapture) { try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* ignore */ } }
      var p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) { return; }
      e.preventDefault();
      var p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke(); dirty = true;
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      if (dirty) { input.value = canvas.toDataURL("image/png"); }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointerleave", end);
    canvas.addEventListener("pointercancel", end);
    if (clear) { clear.addEventListener("click", reset); }
    var form = box.closest("form");
    if (form) { form.addEventListener("submit", function () { if (dirty) { input.value = canvas.toDataURL("image/png"); } }); }
    reset();
  }
  document.querySelectorAll("[data-signature]").forEach(setup);
})();
