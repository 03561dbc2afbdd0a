// lakip-xl serve: drag-and-drop and upload progress; the pages work without it.
(function () {
  "use strict";

  function swapMain(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main");
    if (main) {
      document.querySelector("main").replaceWith(main);
      document.title = doc.title;
    }
  }

  function setupForm(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector(".seret");
    var bar = form.querySelector("progress.kemajuan");
    var status = form.querySelector(".status");
    if (zone && input) {
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("di-atas");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("di-atas"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          status.textContent = "Dipilih: " + event.dataTransfer.files[0].name;
        }
      });
    }
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round((e.loaded / e.total) * 100);
          status.textContent = "Mengunggah " + bar.value + " %";
        }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
        } else {
          swapMain(xhr.responseText);
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = "Unggahan gagal: sambungan ke server terputus. Coba lagi.";
      });
      status.textContent = "Mengunggah ...";
      xhr.send(new FormData(form));
    });
  }

  function follow(box) {
    var id = box.getAttribute("data-pekerjaan");
    var step = box.querySelector(".langkah");
    var bar = box.querySelector("progress");
    function poll() {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", "/api/pekerjaan/" + encodeURIComponent(id));
      xhr.addEventListener("load", function () {
        if (xhr.status !== 200) { window.location.reload(); return; }
        var job = JSON.parse(xhr.responseText);
        if (job.state === "selesai" || job.state === "gagal") { window.location.reload(); return; }
        step.textContent = job.step + (job.total ? " (" + job.done + " dari " + job.total + " baris)" : "");
        if (job.total) { bar.max = job.total; bar.value = job.done; }
        window.setTimeout(poll, 400);
      });
      xhr.send();
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.unggah"), setupForm);
    var box = document.querySelector("[data-pekerjaan]");
    if (box) { follow(box); }
  });
})();
