/* gradlab backprop explorer: shows the steps recorded in Python (viz/steps.py).
 * Every number and every text comes from the recording; this script only chooses which to show.
 * API: window.gradlab.explorer.{step, back, reset, goto, play, pause, state}. */
(function () {
  "use strict";
  const W = JSON.parse(document.getElementById("gl-data").textContent);
  const SPECIAL = { nan: NaN, inf: Infinity, "-inf": -Infinity };
  const num = (x) => (typeof x === "string" ? SPECIAL[x] : x);
  const SPEEDS = [0.5, 1, 2, 3, 5, 8, 12, 20, 40]; // steps per second
  const steps = W.steps;
  const total = steps.length;
  const $ = (id) => document.getElementById(id);
  const svg = document.querySelector("#gl-graph svg");

  // ---- what the recording refers to, in the drawing ----------------------------------------
  const groups = {}, ops = {}, edges = {}, dataTexts = {}, gradTexts = {}, cells = {};
  const push = (table, key, el) => (table[key] = table[key] || []).push(el);
  if (svg) {
    svg.querySelectorAll("g[data-v]").forEach((g) => g.dataset.v.split(" ").forEach((id) => push(groups, id, g)));
    svg.querySelectorAll("g[data-op]").forEach((g) => push(ops, g.dataset.op, g));
    svg.querySelectorAll("g[data-edge]").forEach((g) => push(edges, g.dataset.edge, g));
    svg.querySelectorAll("text[data-gl=data]").forEach((t) => push(dataTexts, t.dataset.v, t));
    svg.querySelectorAll("text[data-gl=grad]").forEach((t) => push(gradTexts, t.dataset.v, t));
    svg.querySelectorAll("[data-gl=cell]").forEach((p) => push(cells, p.dataset.v, p));
    svg.querySelectorAll("g[data-v], g[data-op]").forEach(addHalo);
    fit();
    window.addEventListener("resize", fit);
  }
  function fit() { // small graphs grow to be readable, wide ones shrink to fit, huge ones scroll
    const natural = parseFloat(svg.getAttribute("width")) * 4 / 3; // pt -> px
    const room = $("gl-graph").clientWidth - 16;
    svg.style.width = natural * Math.max(0.85, Math.min(1.5, room / natural)) + "px";
  }
  function addHalo(g) {
    const box = g.getBBox();
    const halo = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    halo.setAttribute("class", "gl-halo");
    halo.setAttribute("x", box.x - 4); halo.setAttribute("y", box.y - 4);
    halo.setAttribute("width", box.width + 8); halo.setAttribute("height", box.height + 8);
    halo.setAttribute("rx", 6);
    g.insertBefore(halo, g.firstChild);
  }

  // ---- the grad_table panel ------------------------------------------------------------------
  const rows = {};
  const tbody = document.querySelector("#gl-table tbody");
  W.ids.forEach((id) => {
    const tr = document.createElement("tr");
    const name = document.createElement("td"); name.className = "gl-name"; name.textContent = W.names[id];
    const data = document.createElement("td"); data.className = "gl-num";
    const grad = document.createElement("td"); grad.className = "gl-num";
    const value = document.createElement("span"); value.className = "gl-gradval";
    const terms = document.createElement("span"); terms.className = "gl-terms";
    grad.append(value, terms);
    tr.append(name, data, grad);
    tbody.append(tr);
    rows[id] = { tr, data, value, terms, grad };
  });

  // ---- the legend ------------------------------------------------------------------------------
  const legend = $("gl-legend");
  function key(swatchStyle, text) {
    const span = document.createElement("span");
    const sw = document.createElement("i"); sw.className = "gl-swatch"; sw.setAttribute("style", swatchStyle);
    span.append(sw, document.createTextNode(text));
    legend.append(span);
  }
  W.legend.forEach(([colour, text]) => key("background:" + colour, text));
  key("border:3px solid #d62728", "node / edge of this step");
  key("border:3px solid #1f6fb4", "parent whose grad changes");
  key("border:3px dashed #888", "skipped (grad exactly 0)");
  key("opacity:.3;background:#ccc", "not computed yet");

  // ---- state after k steps: replay the recorded changes ------------------------------------------
  let pos = 0, timer = null;
  function stateAt(k) {
    const s = { data: {}, grad: {}, gradText: {}, fill: {}, terms: {} };
    for (let i = 0; i < k; i++) {
      const st = steps[i];
      if (st.d) for (const id in st.d) { s.data[id] = st.d[id]; }
      if (st.g) {
        for (const id in st.g) {
          s.grad[id] = st.g[id][0]; s.gradText[id] = st.g[id][1]; s.fill[id] = st.g[id][2];
          if (st.p === "b" && !st.c && st.n === null) (s.terms[id] = s.terms[id] || []).push("⋯");
        }
      }
      if (st.c) (s.terms[st.c[0]] = s.terms[st.c[0]] || []).push(st.c[1]);
    }
    return s;
  }
  function phaseAt(k) {
    if (k >= total && total > 0) return "done";
    if (k === 0) return "forward";
    return steps[k - 1].p === "f" ? "forward" : "backward";
  }

  const INTRO = "press step ▶ (or →) to run the forward pass, one node at a time";
  function render() {
    const s = stateAt(pos);
    const st = pos > 0 ? steps[pos - 1] : null;
    const phase = phaseAt(pos);
    // texts
    $("gl-t").textContent = st ? st.t : INTRO;
    $("gl-s").textContent = st ? st.s || "" : "then the backward pass: the grad_table, edge by edge";
    const ph = $("gl-phase");
    ph.textContent = phase === "done" ? "done: grad_table = engine's .grad" : phase;
    ph.className = "gl-phase " + phase;
    $("gl-counter").textContent = `step ${pos} / ${total}`;
    $("gl-scrub").value = pos;
    $("gl-back").disabled = $("gl-reset").disabled = pos === 0;
    $("gl-step").disabled = pos === total;
    // drawing
    if (svg) {
      svg.querySelectorAll(".gl-current, .gl-target, .gl-skipped, .gl-active")
        .forEach((el) => el.classList.remove("gl-current", "gl-target", "gl-skipped", "gl-active"));
      W.ids.forEach((id) => {
        const known = id in s.data;
        (groups[id] || []).forEach((g) => g.classList.toggle("gl-pending", !known && g.dataset.v === id));
        (ops[id] || []).forEach((g) => g.classList.toggle("gl-pending", !known));
        (dataTexts[id] || []).forEach((t) => { t.textContent = "data " + (known ? s.data[id][1] : "?"); });
        const hasGrad = id in s.grad;
        (gradTexts[id] || []).forEach((t) => {
          t.textContent = "grad " + (hasGrad ? s.gradText[id] : "·");
          t.classList.toggle("gl-changed", !!(st && st.k === id));
        });
        (cells[id] || []).forEach((p) => p.setAttribute("fill", hasGrad && s.fill[id] ? s.fill[id] : "white"));
      });
      for (const k in edges) {
        const child = k.split(":")[0];
        edges[k].forEach((g) => g.classList.toggle("gl-pending", !(child in s.data)));
      }
      if (st) {
        const cls = st.skip ? "gl-skipped" : "gl-current";
        if (st.n !== null) {
          (groups[st.n] || []).forEach((g) => g.classList.add(cls));
          (ops[st.n] || []).forEach((g) => g.classList.add(cls));
        }
        if (st.k) (groups[st.k] || []).forEach((g) => g.classList.add("gl-target"));
        (st.e || []).forEach((k) => (edges[k] || []).forEach((g) => g.classList.add(st.skip ? "gl-skipped" : "gl-active")));
      }
    }
    // panel
    W.ids.forEach((id) => {
      const r = rows[id];
      r.data.textContent = id in s.data ? s.data[id][1] : "?";
      r.value.textContent = id in s.grad ? s.gradText[id] : "";
      const terms = s.terms[id] || [];
      r.terms.textContent = terms.length > 1 || (terms.length === 1 && phase !== "forward")
        ? "0 + " + (terms.length > 4 ? "… + " : "") + terms.slice(-4).join(" + ") : "";
      r.grad.style.background = id in s.grad && s.fill[id] ? s.fill[id] : "";
      r.tr.classList.toggle("gl-pending", !(id in s.data));
      r.tr.classList.toggle("gl-current", !!(st && st.n === id));
      r.tr.classList.toggle("gl-target", !!(st && st.k === id));
    });
    const focus = st && (st.k || st.n);
    if (focus && rows[focus]) reveal($("gl-panel"), rows[focus].tr, null);
    if (st && st.n !== null && groups[st.n]) reveal($("gl-graph"), groups[st.n][0], st.k && groups[st.k] ? groups[st.k][0] : null);
    $("gl-play").textContent = timer ? "❚❚ pause" : "▶ play";
    $("gl-play").classList.toggle("gl-on", !!timer);
  }

  function reveal(box, a, b) { // scroll box (not the page) so that a (and b) show
    const outer = box.getBoundingClientRect();
    const r = a.getBoundingClientRect();
    const left = b ? Math.min(r.left, b.getBoundingClientRect().left) : r.left;
    const top = b ? Math.min(r.top, b.getBoundingClientRect().top) : r.top;
    const right = b ? Math.max(r.right, b.getBoundingClientRect().right) : r.right;
    const bottom = b ? Math.max(r.bottom, b.getBoundingClientRect().bottom) : r.bottom;
    if (right > outer.right - 20) box.scrollLeft += right - outer.right + 40;
    if (left < outer.left + 20) box.scrollLeft -= outer.left - left + 40;
    if (bottom > outer.bottom - 20) box.scrollTop += bottom - outer.bottom + 40;
    if (top < outer.top + 20) box.scrollTop -= outer.top - top + 40;
  }

  // ---- controls ---------------------------------------------------------------------------------
  const forwardEnd = W.forward;
  function goto(k) {
    k = Math.max(0, Math.min(total, Math.round(Number(k)) || 0));
    pos = k;
    render();
    return state();
  }
  function step() { if (pos >= total) pause(); return goto(pos + 1); }
  function back() { return goto(pos - 1); }
  function reset() { pause(); return goto(0); }
  function delay() { return 1000 / SPEEDS[Number($("gl-speed").value)]; }
  function tick() { if (pos >= total) { pause(); return; } goto(pos + 1); timer = setTimeout(tick, delay()); }
  function play() {
    if (timer) return state();
    if (pos >= total) pos = 0;
    timer = setTimeout(tick, 0);
    render();
    return state();
  }
  function pause() { if (timer) clearTimeout(timer); timer = null; render(); return state(); }
  function state() {
    const s = stateAt(pos);
    const st = pos > 0 ? steps[pos - 1] : null;
    const data = {}, grad = {};
    for (const id in s.data) data[id] = num(s.data[id][0]);
    for (const id in s.grad) grad[id] = num(s.grad[id]);
    return { phase: phaseAt(pos), step: pos, total, node: st ? st.n : null, text: st ? st.t : INTRO, data, grad };
  }

  $("gl-scrub").max = total;
  $("gl-scrub").addEventListener("input", (e) => { pause(); goto(e.target.value); });
  $("gl-step").addEventListener("click", () => { pause(); step(); });
  $("gl-back").addEventListener("click", () => { pause(); back(); });
  $("gl-reset").addEventListener("click", reset);
  $("gl-play").addEventListener("click", () => (timer ? pause() : play()));
  $("gl-phase-start").addEventListener("click", () => { pause(); goto(pos > forwardEnd ? forwardEnd : 0); });
  $("gl-phase-end").addEventListener("click", () => { pause(); goto(pos < forwardEnd ? forwardEnd : total); });
  document.addEventListener("keydown", (e) => {
    if (e.target && e.target.tagName === "INPUT" && e.target.type !== "range") return;
    const keys = {
      ArrowRight: () => { pause(); step(); }, ArrowLeft: () => { pause(); back(); },
      " ": () => (timer ? pause() : play()), Home: reset, End: () => { pause(); goto(total); },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  window.gradlab = window.gradlab || {};
  window.gradlab.explorer = { step, back, reset, goto, play, pause, state };
  render();
})();
