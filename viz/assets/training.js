/* gradlab training replay: draws the epochs recorded in Python (nn/recording.py, viz/training_replay.py).
 * API: window.gradlab.training.{goto, play, pause, state}; epochs are 1-based. */
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("gl-data").textContent);
  const SPECIAL = { nan: NaN, inf: Infinity, "-inf": -Infinity };
  const num = (x) => (typeof x === "string" ? SPECIAL[x] : x);
  const SPEEDS = [1, 2, 5, 10, 20, 40, 80]; // epochs per second
  const NS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const total = D.epochs;
  let epoch = total, timer = null;

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.append(e);
    return e;
  }
  $("gl-title").textContent = D.title;
  if (!D.accText) $("gl-acc-box").style.display = "none";

  // ---- loss curve: positions recorded in [0, 1] -----------------------------------------------
  const curve = $("gl-curve"), L = 58, R = 350, T = 12, B = 230;
  const px = (i) => L + (total > 1 ? (R - L) * i / (total - 1) : (R - L) / 2);
  const py = (y) => B - (B - T) * y;
  el("line", { x1: L, y1: B, x2: R, y2: B, stroke: "#999" }, curve);
  el("line", { x1: L, y1: T, x2: L, y2: B, stroke: "#999" }, curve);
  const label = (x, y, text, anchor) => { const t = el("text", { x, y, class: "gl-axis", "text-anchor": anchor }, curve); t.textContent = text; };
  label(L - 4, T + 4, D.curve.top, "end");
  label(L - 4, B, D.curve.bottom, "end");
  label(L, B + 16, "1", "middle");
  label(R, B + 16, String(total), "middle");
  label((L + R) / 2, B + 28, "epoch" + (D.curve.log ? " (loss on a log scale)" : ""), "middle");
  const points = D.curve.y.map((y, i) => (y === null ? null : px(i) + "," + py(y)));
  el("polyline", { points: points.filter(Boolean).join(" "), class: "gl-curve-all" }, curve);
  const now = el("polyline", { class: "gl-curve-now" }, curve);
  const dot = el("circle", { r: 4.5, fill: "#e6550d" }, curve);

  // ---- decision regions ------------------------------------------------------------------------
  const canvas = $("gl-regions"), ctx = canvas.getContext("2d");
  if (!D.grid) $("gl-regions-box").style.display = "none";
  const small = document.createElement("canvas").getContext("2d");
  if (D.grid) { small.canvas.width = small.canvas.height = D.grid.n; }
  const palette = D.grid ? D.grid.palette.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))) : [];
  function drawRegions(s) {
    if (!D.grid) return;
    const n = D.grid.n, w = canvas.width, h = canvas.height;
    ctx.fillStyle = "#f3f3f3"; ctx.fillRect(0, 0, w, h);
    const gi = D.gridAt[epoch - 1];
    if (gi >= 0) {
      const g = D.snapshots[gi].grid, image = small.createImageData(n, n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { // x2 grows upwards
        const rgb = palette[g.charCodeAt(j * n + i) - 97] || [255, 255, 255], at = 4 * ((n - 1 - j) * n + i);
        image.data[at] = rgb[0]; image.data[at + 1] = rgb[1]; image.data[at + 2] = rgb[2]; image.data[at + 3] = 255;
      }
      small.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true; // the grid points are the pixel centres: a smooth picture between them
      ctx.drawImage(small.canvas, 0.5, 0.5, n - 1, n - 1, 0, 0, w, h);
      $("gl-regions-cap").textContent = "decision regions after epoch " + D.snapshots[gi].epoch;
    }
    D.points.forEach(([x, y, c]) => {
      ctx.beginPath(); ctx.arc(x * w, h - y * h, 3.6, 0, 2 * Math.PI);
      ctx.fillStyle = c; ctx.fill(); ctx.lineWidth = 0.8; ctx.strokeStyle = "#222"; ctx.stroke();
    });
  }

  // ---- network ---------------------------------------------------------------------------------
  const net = $("gl-net"), lines = [], circles = {};
  if (!D.net) $("gl-net-box").style.display = "none";
  else {
    const layers = D.net.layers, W = 420, H = 260;
    const pos = (layer, k) => [30 + (W - 60) * layer / (layers.length - 1),
      H / 2 + (k - (layers[layer] - 1) / 2) * Math.min(15, (H - 20) / Math.max(1, layers[layer] - 1))];
    D.net.edges.forEach(([layer, from, to, index]) => {
      const [x1, y1] = pos(layer, from), [x2, y2] = pos(layer + 1, to);
      lines.push([el("line", { x1, y1, x2, y2 }, net), index]);
    });
    layers.forEach((n, layer) => { for (let k = 0; k < n; k++) {
      const [cx, cy] = pos(layer, k);
      circles[layer + ":" + k] = el("circle", { cx, cy, r: 5, class: "gl-neuron" }, net);
    } });
    const tag = (x, text) => { const t = el("text", { x, y: H - 2, class: "gl-axis", "text-anchor": "middle" }, net); t.textContent = text; };
    tag(30, "inputs"); tag(W - 30, "output");
  }
  function drawNetwork() {
    if (!D.net) return;
    const si = D.snapAt[epoch - 1];
    if (si < 0) return;
    const s = D.snapshots[si];
    lines.forEach(([line, i]) => {
      const w = num(s.w[i]);
      line.setAttribute("stroke", w >= 0 ? "#3182bd" : "#e6550d");
      line.setAttribute("stroke-opacity", s.alpha[i]);
      line.setAttribute("stroke-width", s.width[i]);
    });
    D.net.biases.forEach(([layer, k, i]) => {
      const b = num(s.w[i]), c = circles[layer + ":" + k];
      if (c) { c.style.fill = b >= 0 ? "#3182bd" : "#e6550d"; c.style.fillOpacity = s.alpha[i]; }
    });
    $("gl-net-cap").textContent = "network after epoch " + s.epoch + ": colour = sign of w, width = |grad|";
  }

  // ---- state and controls --------------------------------------------------------------------------
  function render() {
    $("gl-epoch").textContent = `epoch ${epoch} / ${total}`;
    $("gl-loss").textContent = D.lossText[epoch - 1];
    if (D.accText) $("gl-acc").textContent = D.accText[epoch - 1];
    $("gl-scrub").value = epoch;
    now.setAttribute("points", points.slice(0, epoch).filter(Boolean).join(" "));
    const y = D.curve.y[epoch - 1];
    if (y !== null) { dot.setAttribute("cx", px(epoch - 1)); dot.setAttribute("cy", py(y)); }
    drawRegions(); drawNetwork();
    $("gl-play").textContent = timer ? "❚❚ pause" : "▶ play";
    $("gl-play").classList.toggle("gl-on", !!timer);
  }
  function goto(k) { epoch = Math.max(1, Math.min(total, Math.round(Number(k)) || 1)); render(); return state(); }
  function state() { return { epoch, total, loss: num(D.loss[epoch - 1]) }; }
  function tick() { if (epoch >= total) { pause(); return; } goto(epoch + 1); timer = setTimeout(tick, 1000 / SPEEDS[Number($("gl-speed").value)]); }
  function play() { if (timer) return state(); if (epoch >= total) epoch = 1; timer = setTimeout(tick, 0); render(); return state(); }
  function pause() { if (timer) clearTimeout(timer); timer = null; render(); return state(); }

  $("gl-scrub").max = total;
  $("gl-scrub").addEventListener("input", (e) => { pause(); goto(e.target.value); });
  $("gl-first").addEventListener("click", () => { pause(); goto(1); });
  $("gl-last").addEventListener("click", () => { pause(); goto(total); });
  $("gl-back").addEventListener("click", () => { pause(); goto(epoch - 1); });
  $("gl-step").addEventListener("click", () => { pause(); goto(epoch + 1); });
  $("gl-play").addEventListener("click", () => (timer ? pause() : play()));
  document.addEventListener("keydown", (e) => {
    const keys = { ArrowRight: () => { pause(); goto(epoch + 1); }, ArrowLeft: () => { pause(); goto(epoch - 1); },
      " ": () => (timer ? pause() : play()), Home: () => { pause(); goto(1); }, End: () => { pause(); goto(total); } };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  window.gradlab = window.gradlab || {};
  window.gradlab.training = { goto, play, pause, state };
  render();
})();
