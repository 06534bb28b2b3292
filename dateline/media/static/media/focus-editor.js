/* Focal point and per-ratio crop editor for the media admin.
 * Plain script, loaded from a static file (the CSP allows no inline script). It fills the
 * hidden inputs id_focal ("x,y" as fractions) and id_crop_<ratio> ("left,top,width,height"
 * in pixels of the stored image); the server checks both again. */
(function () {
  "use strict";

  function clamp(value, low, high) {
    return Math.max(low, Math.min(value, high));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function init(root) {
    var width = Number(root.dataset.width);
    var height = Number(root.dataset.height);
    var ratios = root.dataset.ratios.split(" ");
    var stage = root.querySelector(".focus-editor__stage");
    var image = root.querySelector(".focus-editor__image");
    var focalInput = document.getElementById("id_focal");
    var status = element("p", "focus-editor__status");
    var marker = element("div", "focus-editor__marker");
    var box = element("div", "focus-editor__box");
    var toolbar = element("div", "focus-editor__toolbar");
    var mode = "focal";
    var drag = null;

    status.setAttribute("aria-live", "polite");
    toolbar.setAttribute("role", "toolbar");
    stage.appendChild(marker);
    stage.appendChild(box);
    stage.tabIndex = 0;
    root.insertBefore(toolbar, stage);
    root.appendChild(status);

    function cropInput(ratio) {
      return document.getElementById("id_crop_" + ratio);
    }

    function parts(ratio) {
      var split = ratio.split("x");
      return [Number(split[0]), Number(split[1])];
    }

    function focal() {
      var values = (focalInput.value || "0.5,0.5").split(",").map(Number);
      return { x: values[0], y: values[1] };
    }

    function scale() {
      return image.clientWidth / width;
    }

    function drawMarker() {
      var point = focal();
      marker.style.left = point.x * image.clientWidth + "px";
      marker.style.top = point.y * image.clientHeight + "px";
    }

    function drawBox(rect) {
      if (!rect) {
        box.hidden = true;
        return;
      }
      var s = scale();
      box.hidden = false;
      box.style.left = rect.left * s + "px";
      box.style.top = rect.top * s + "px";
      box.style.width = rect.width * s + "px";
      box.style.height = rect.height * s + "px";
    }

    function savedCrop(ratio) {
      var input = cropInput(ratio);
      if (!input || !input.value) { return null; }
      var v = input.value.split(",").map(Number);
      return { left: v[0], top: v[1], width: v[2], height: v[3] };
    }

    function setMode(next) {
      mode = next;
      toolbar.querySelectorAll("button[data-mode]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
      });
      clearButton.disabled = mode === "focal";
      drawBox(mode === "focal" ? null : savedCrop(mode));
      status.textContent = mode === "focal"
        ? "Click the subject of the picture to set the focal point."
        : "Drag a box for the " + mode + " crop.";
    }

    function pointAt(event) {
      var rect = image.getBoundingClientRect();
      return {
        x: clamp((event.clientX - rect.left) / rect.width, 0, 1) * width,
        y: clamp((event.clientY - rect.top) / rect.height, 0, 1) * height
      };
    }

    function setFocal(x, y) {
      focalInput.value = (x / width).toFixed(4) + "," + (y / height).toFixed(4);
      drawMarker();
      status.textContent = "Focal point set.";
    }

    function boxFrom(start, end, ratio) {
      var r = parts(ratio);
      var w = Math.abs(end.x - start.x);
      var h = Math.abs(end.y - start.y);
      if (w * r[1] > h * r[0]) { w = h * r[0] / r[1]; } else { h = w * r[1] / r[0]; }
      var left = end.x < start.x ? start.x - w : start.x;
      var top = end.y < start.y ? start.y - h : start.y;
      return {
        left: Math.round(clamp(left, 0, width)),
        top: Math.round(clamp(top, 0, height)),
        width: Math.round(w),
        height: Math.round(h)
      };
    }

    ["focal"].concat(ratios).forEach(function (name) {
      var button = element("button", "button", name === "focal" ? "Focal point" : name);
      button.type = "button";
      button.dataset.mode = name;
      button.addEventListener("click", function () { setMode(name); });
      toolbar.appendChild(button);
    });
    var clearButton = element("button", "button focus-editor__clear", "Clear crop");
    clearButton.type = "button";
    clearButton.addEventListener("click", function () {
      var input = cropInput(mode);
      if (input) { input.value = ""; }
      drawBox(null);
      status.textContent = "The " + mode + " crop follows the focal point again.";
    });
    toolbar.appendChild(clearButton);

    stage.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      var point = pointAt(event);
      if (mode === "focal") {
        setFocal(point.x, point.y);
        return;
      }
      drag = point;
      stage.setPointerCapture(event.pointerId);
    });
    stage.addEventListener("pointermove", function (event) {
      if (drag) { drawBox(boxFrom(drag, pointAt(event), mode)); }
    });
    stage.addEventListener("pointerup", function (event) {
      if (!drag) { return; }
      var rect = boxFrom(drag, pointAt(event), mode);
      drag = null;
      if (rect.width < 2 || rect.height < 2) { return; }
      cropInput(mode).value = [rect.left, rect.top, rect.width, rect.height].join(",");
      drawBox(rect);
      status.textContent = "The " + mode + " crop is set; save to apply it.";
    });
    stage.addEventListener("keydown", function (event) {
      var steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      var step = steps[event.key];
      if (!step || mode !== "focal") { return; }
      event.preventDefault();
      var point = focal();
      setFocal(clamp(point.x + step[0] * 0.02, 0, 1) * width,
               clamp(point.y + step[1] * 0.02, 0, 1) * height);
    });
    window.addEventListener("resize", function () { drawMarker(); setMode(mode); });
    if (image.complete) { drawMarker(); } else { image.addEventListener("load", drawMarker); }
    setMode("focal");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focus-editor").forEach(init);
  });
})();
